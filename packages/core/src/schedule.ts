import type { Plan, Session } from './model.ts';

/** The sessions of one batch, in plan order. */
export interface Batch {
  number: number;
  sessions: Session[];
}

/** The plan's batches in order (batch N+1 starts when batch N is done). */
export function planBatches(plan: Pick<Plan, 'sessions'>): Batch[] {
  const byNumber = new Map<number, Session[]>();
  for (const s of plan.sessions) {
    const list = byNumber.get(s.batch) ?? [];
    list.push(s);
    byNumber.set(s.batch, list);
  }
  return [...byNumber.entries()].sort(([a], [b]) => a - b).map(([number, sessions]) => ({ number, sessions }));
}

/** Each dependency cycle of the plan, as the session IDs along it (`['S-A', 'S-B']` for S-A → S-B → S-A). */
export function findDependencyCycles(sessions: readonly Pick<Session, 'id' | 'dependsOn'>[]): string[][] {
  // Tarjan's strongly connected components; a component of two or more, or a self-loop, is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const edges = new Map(sessions.map((s) => [s.id, s.dependsOn.filter((d) => sessions.some((o) => o.id === d))]));
  const cycles: string[][] = [];
  let counter = 0;
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(orderCycle(component, edges));
  };
  for (const s of sessions) if (!index.has(s.id)) connect(s.id);
  return cycles;
}

/** Orders a strongly connected component as a walk along its edges from its first session in plan order. */
function orderCycle(component: string[], edges: Map<string, string[]>): string[] {
  const members = new Set(component);
  const start = [...edges.keys()].find((id) => members.has(id))!;
  const path = [start];
  const seen = new Set(path);
  let at = start;
  for (;;) {
    const next = (edges.get(at) ?? []).find((w) => members.has(w) && !seen.has(w));
    if (next === undefined) break;
    path.push(next);
    seen.add(next);
    at = next;
  }
  return path;
}

/** Every session that depends on `id`, directly or through others, in plan order. */
export function dependentsOf(plan: Pick<Plan, 'sessions'>, id: string): Session[] {
  const held = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of plan.sessions) {
      if (!held.has(s.id) && s.dependsOn.some((d) => held.has(d))) {
        held.add(s.id);
        grew = true;
      }
    }
  }
  return plan.sessions.filter((s) => s.id !== id && held.has(s.id));
}

/**
 * The runnable order: batch by batch, waves of at most `maxParallel` sessions, a session never in the same
 * or an earlier wave than a session of its batch it depends on. Cycles are broken in plan order.
 */
export function scheduleWaves(plan: Pick<Plan, 'sessions'>, maxParallel: number): string[][] {
  const waves: string[][] = [];
  const size = Math.max(1, Math.floor(maxParallel));
  for (const batch of planBatches(plan)) {
    const pending = [...batch.sessions];
    const done = new Set<string>();
    const inBatch = new Set(pending.map((s) => s.id));
    while (pending.length > 0) {
      const ready = pending.filter((s) => s.dependsOn.every((d) => !inBatch.has(d) || done.has(d) || d === s.id));
      const wave = (ready.length > 0 ? ready : [pending[0]!]).slice(0, size);
      for (const s of wave) {
        pending.splice(pending.indexOf(s), 1);
        done.add(s.id);
      }
      waves.push(wave.map((s) => s.id));
    }
  }
  return waves;
}
