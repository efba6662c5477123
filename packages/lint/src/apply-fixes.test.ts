import { describe, expect, it } from 'vitest';
import { applyFixes } from './apply-fixes.ts';

describe('applyFixes', () => {
  it('applies fixes in order of place and skips one that overlaps a fix already applied', () => {
    const fixes = [
      { fix: { range: [6, 11] as [number, number], text: 'there' } },
      { fix: { range: [0, 5] as [number, number], text: 'Hi' } },
      { fix: { range: [3, 8] as [number, number], text: '!' } },
      {},
    ];
    expect(applyFixes('hello world', fixes)).toEqual({ output: 'Hi there', applied: 2 });
  });
});
