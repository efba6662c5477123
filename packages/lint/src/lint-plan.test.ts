import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePlan } from '@lanes/core';
import { describe, expect, it } from 'vitest';
import { lintPlan } from './lint-plan.ts';
import { cleanPlan } from './testing/test-plans.ts';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../test/fixtures/plans/${name}`, import.meta.url)), 'utf8');

describe('lintPlan', () => {
  it('finds nothing in the small clean plan', () => {
    expect(lintPlan(parsePlan(cleanPlan, { path: 'plans/2026-11-20-shop-test.md' }), { text: cleanPlan })).toEqual([]);
  });
});
