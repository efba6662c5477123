import { describe, expect, it } from 'vitest';
import { isEmptyValue, launchModeFor, parseCost, parseDuration, parseExecMode, parseIssueRef, parseLaunchMode, splitList } from './values.ts';

describe('values', () => {
  it('reads empty markers', () => {
    expect(['—', '-', '--', 'none', 'None', '', 'None (parallel with 1A)'].map(isEmptyValue)).toEqual([true, true, true, true, true, true, true]);
    expect(isEmptyValue('S-A')).toBe(false);
  });

  it('reads bare and linked issue IDs', () => {
    expect(['CIA-413', '[CIA-413](https://x)', '[CIA-413: Title](https://x)', 'no id'].map(parseIssueRef)).toEqual(['CIA-413', 'CIA-413', 'CIA-413', null]);
  });

  it('splits lists, dropping remarks', () => {
    expect(splitList('1A, 1B (after review)')).toEqual(['1A', '1B']);
    expect(splitList('None (parallel with 1A)')).toEqual([]);
  });

  it('maps exec modes to launch modes', () => {
    expect(parseExecMode('spike (analysis-only)')).toEqual({ mode: 'spike', analysisOnly: true });
    expect(['quick', 'tdd', 'swarm', 'spike', 'pair', 'checkpoint', 'yolo'].map((m) => launchModeFor(m, false))).toEqual([
      'Bypass permissions',
      'Bypass permissions',
      'Bypass permissions',
      'Bypass permissions',
      'Plan mode',
      'Ask permissions',
      null,
    ]);
    expect(launchModeFor('checkpoint', true)).toBe('Bypass permissions');
    expect(parseLaunchMode('plan  MODE')).toBe('Plan mode');
  });

  it('reads costs and durations', () => {
    expect(['~$4', '$4.50', '~$ 12', '4', '~$'].map(parseCost)).toEqual([4, 4.5, 12, null, null]);
    expect(['90s', '30m', '2h', '30', 'm'].map(parseDuration)).toEqual([90, 1800, 7200, null, null]);
  });
});
