/** A one-segment glob compiled for matching without backtracking: the literal runs between its `*`s. */
export interface CompiledGlob {
  /** True when the glob has no `*`: the segment must match `head` exactly. */
  readonly exact: boolean;
  /** The run before the first `*` (the whole glob when `exact`), the runs between `*`s, the run after the last. */
  readonly head: GlobRun;
  readonly middle: readonly GlobRun[];
  readonly tail: GlobRun;
  /** True when a run has `?`: the segment is then read as code points, so that `?` takes `😀` whole. */
  readonly codePoints: boolean;
}

/** A run of a glob without `*`: its text, and its code points where it has `?`. */
interface GlobRun {
  readonly text: string;
  readonly chars: readonly string[];
}

/** Compiles a glob segment's code points (`*` and `?` are always wildcards). */
export function compileGlob(chars: readonly string[]): CompiledGlob {
  const runs: string[][] = [[]];
  for (const char of chars) {
    if (char === '*') runs.push([]);
    else runs.at(-1)!.push(char);
  }
  const toRun = (run: string[]): GlobRun => ({ text: run.join(''), chars: run });
  const codePoints = chars.includes('?');
  if (runs.length === 1) return { exact: true, head: toRun(runs[0]!), middle: [], tail: toRun([]), codePoints };
  return {
    exact: false,
    head: toRun(runs[0]!),
    middle: runs.slice(1, -1).filter((run) => run.length > 0).map(toRun),
    tail: toRun(runs.at(-1)!),
    codePoints,
  };
}

/**
 * Whether a non-empty segment matches the glob. Linear in the segment for each run: the head is anchored at
 * the start, the tail at the end, and each middle run taken at its leftmost place after the one before (a
 * later place never helps, since the `*` after it can absorb whatever lies between), so nothing backtracks.
 */
export function matchesGlob(glob: CompiledGlob, segment: string): boolean {
  return matchesGlobAt(glob, segment, 0, segment.length);
}

/** `matchesGlob` for the segment `text.slice(start, end)`, without making it. */
export function matchesGlobAt(glob: CompiledGlob, text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  if (glob.codePoints) return matchesRuns(glob, Array.from(text.slice(start, end)));
  const { head, tail } = glob;
  if (glob.exact) return end - start === head.text.length && text.startsWith(head.text, start);
  if (end - start < head.text.length + tail.text.length) return false;
  const last = end - tail.text.length;
  if (!text.startsWith(head.text, start) || !text.startsWith(tail.text, last)) return false;
  let at = start + head.text.length;
  for (const run of glob.middle) {
    const found = text.indexOf(run.text, at);
    if (found < 0 || found + run.text.length > last) return false;
    at = found + run.text.length;
  }
  return true;
}

function matchesRuns(glob: CompiledGlob, segment: readonly string[]): boolean {
  const { head, tail } = glob;
  if (glob.exact) return segment.length === head.chars.length && runAt(head, segment, 0);
  if (segment.length < head.chars.length + tail.chars.length) return false;
  const end = segment.length - tail.chars.length;
  if (!runAt(head, segment, 0) || !runAt(tail, segment, end)) return false;
  let at = head.chars.length;
  for (const run of glob.middle) {
    let found = -1;
    for (let start = at; start + run.chars.length <= end; start++) {
      if (runAt(run, segment, start)) {
        found = start;
        break;
      }
    }
    if (found < 0) return false;
    at = found + run.chars.length;
  }
  return true;
}

function runAt(run: GlobRun, segment: readonly string[], start: number): boolean {
  for (let i = 0; i < run.chars.length; i++) {
    const char = run.chars[i]!;
    if (char !== '?' && char !== segment[start + i]) return false;
  }
  return true;
}
