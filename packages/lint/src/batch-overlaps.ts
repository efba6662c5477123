import { findOverlap, planBatches, type PatternRef, type Plan, type Session } from '@lanes/core';
import { compilePatterns } from './plan-facts.ts';

/** Two sessions of one batch whose `Owns` overlap: the first line of each that does, and a path both may change. */
export interface BatchOverlap {
  batch: number;
  a: Session;
  b: Session;
  refA: PatternRef;
  refB: PatternRef;
  witness: string;
  /** False when the search gave up before it proved the witness matches both (it may). */
  certain: boolean;
}

const found = new WeakMap<Plan, BatchOverlap[]>();

/** Every pair of sessions of a batch whose `Owns` overlap, in plan order; memoized, as two rules ask. */
export function batchOverlaps(plan: Plan): BatchOverlap[] {
  const known = found.get(plan);
  if (known !== undefined) return known;
  const overlaps: BatchOverlap[] = [];
  for (const batch of planBatches(plan)) {
    const sessions = batch.sessions;
    for (let i = 0; i < sessions.length; i += 1) {
      const a = compilePatterns(sessions[i]!.owns);
      if (a.refs.length === 0) continue;
      for (let j = i + 1; j < sessions.length; j += 1) {
        const b = compilePatterns(sessions[j]!.owns);
        if (b.refs.length === 0) continue;
        const overlap = findOverlap(a.set, b.set);
        if (overlap === null) continue;
        overlaps.push({
          batch: batch.number,
          a: sessions[i]!,
          b: sessions[j]!,
          refA: a.refs[overlap.a]!,
          refB: b.refs[overlap.b]!,
          witness: overlap.witness,
          certain: overlap.certain,
        });
      }
    }
  }
  found.set(plan, overlaps);
  return overlaps;
}

/** The message data both overlap rules report: the batch, the two sessions, the first line of each that overlaps, and the witness path. */
export function overlapData(o: BatchOverlap): { batch: number; a: string; b: string; patternA: string; lineA: number; patternB: string; lineB: number; witness: string } {
  return {
    batch: o.batch,
    a: o.a.id,
    b: o.b.id,
    patternA: o.refA.text,
    lineA: o.refA.span.start.line,
    patternB: o.refB.text,
    lineB: o.refB.span.start.line,
    witness: o.witness,
  };
}
