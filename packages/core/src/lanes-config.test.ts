import { describe, expect, it } from 'vitest';
import { LanesConfigError, parseLanesConfig } from './lanes-config.ts';

describe('parseLanesConfig', () => {
  it('defaults without a package.json or a lanes field', () => {
    expect(parseLanesConfig(null, 'package.json')).toEqual({ plans: ['plans/**/*.md'], registry: null, declared: false, maxPlanBytes: null });
    expect(parseLanesConfig('{"name":"x"}', 'package.json')).toEqual({ plans: ['plans/**/*.md'], registry: null, declared: false, maxPlanBytes: null });
  });

  it('reads plans as one pattern or a list, and the registry without a leading slash', () => {
    expect(parseLanesConfig('{"lanes":{"plans":"docs/*.md","registry":"/plans/registry.md"}}', 'p')).toEqual({ plans: ['docs/*.md'], registry: 'plans/registry.md', declared: true, maxPlanBytes: null });
    expect(parseLanesConfig('{"lanes":{"maxPlanBytes":2048}}', 'p').maxPlanBytes).toBe(2048);
  });

  it('says what to fix', () => {
    expect(() => parseLanesConfig('{', 'a/package.json')).toThrow(LanesConfigError);
    expect(() => parseLanesConfig('{"lanes":[]}', 'a/package.json')).toThrow('the "lanes" field of a/package.json must be an object such as { "plans": ["plans/**/*.md"] }');
    expect(() => parseLanesConfig('{"lanes":{"maxPlanBytes":"1MB"}}', 'a/package.json')).toThrow('"lanes.maxPlanBytes" in a/package.json must be a whole number of bytes such as 1048576');
    expect(() => parseLanesConfig('{"lanes":{"registry":3}}', 'a/package.json')).toThrow('"lanes.registry" in a/package.json must be a path such as "plans/registry.md"');
  });
});
