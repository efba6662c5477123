import { describe, expect, test } from 'vitest';
import { GuardConfigError, parseGuardConfig, planPathspecs } from './guard-config.ts';

describe('parseGuardConfig', () => {
  test('defaults without a package.json or a lanes field', () => {
    expect(parseGuardConfig(null, 'p')).toEqual({ plans: ['plans/**/*.md'], registry: null });
    expect(parseGuardConfig('{"name":"x"}', 'p')).toEqual({ plans: ['plans/**/*.md'], registry: null });
  });

  test('reads plans as a pattern or a list, and the registry file', () => {
    expect(parseGuardConfig('{"lanes":{"plans":"work/*.md","registry":"/work/registry.md"}}', 'p')).toEqual({ plans: ['work/*.md'], registry: 'work/registry.md' });
  });

  test('says what is wrong', () => {
    expect(() => parseGuardConfig('{', 'package.json at HEAD')).toThrow(GuardConfigError);
    expect(() => parseGuardConfig('{"lanes":[]}', 'p')).toThrow('the "lanes" field of p must be an object such as { "plans": ["plans/**/*.md"] }');
    expect(() => parseGuardConfig('{"lanes":{"plans":[1]}}', 'p')).toThrow('"lanes.plans" in p must be a pattern or a list of patterns');
  });
});

describe('planPathspecs', () => {
  test('the literal leading segments of each location and the registry file, sorted', () => {
    expect(planPathspecs({ plans: ['plans/**/*.md', 'docs/plans/*.md'], registry: 'plans/registry.md' })).toEqual(['docs/plans', 'plans', 'plans/registry.md']);
  });

  test('the whole tree when a location starts with a wildcard', () => {
    expect(planPathspecs({ plans: ['plans/*.md', '**/PLAN.md'], registry: null })).toEqual([]);
  });
});
