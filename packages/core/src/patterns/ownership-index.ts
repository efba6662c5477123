import { isGitPath, matchesGitPath } from './matches-pattern.ts';
import type { OwnershipPattern } from './parse-pattern.ts';
import type { PatternSet } from './pattern-set.ts';

/** One session's pattern set, and whom it stands for. */
export interface OwnershipEntry<T> {
  owner: T;
  set: PatternSet;
}

/** An owner of a path, and the index of the line of its set that decides it. */
export interface PathOwner<T> {
  owner: T;
  index: number;
}

interface Candidate {
  entry: number;
  line: number;
  pattern: OwnershipPattern;
  negated: boolean;
  /**
   * A path only meets a line on the trie walk of the line's literal prefix, so lines that are their literal
   * prefix plus `**` (`a/b`) match outright, and lines that are their prefix plus one or more segments
   * (`a/b/`) match any path longer than the prefix; -1 for every other line, which runs its matcher.
   */
  longerThan: number;
}

interface TrieNode {
  children: Map<string, TrieNode>;
  own: Candidate[];
  /** The lines of this node and its ancestors, by entry, then last line first. */
  candidates: Candidate[];
}

// Lines are filed in a trie under their literal leading segments (`services/payments/**` under `services` →
// `payments`), so a path only tests the lines whose literal prefix it starts with, plus those that start with
// a wildcard.
/** All owners of a path among many sessions' pattern sets, each with its deciding line; built once, queried fast. */
export class OwnershipIndex<T> {
  readonly #owners: readonly T[];
  readonly #root: TrieNode;

  /** Indexes the entries' lines; later changes to the sets are not seen. */
  constructor(entries: readonly OwnershipEntry<T>[]) {
    this.#owners = entries.map((entry) => entry.owner);
    this.#root = emptyNode();
    entries.forEach((entry, index) => {
      entry.set.patterns.forEach((pattern, line) => {
        let node = this.#root;
        for (const segment of pattern.literalPrefix) {
          let child = node.children.get(segment);
          if (child === undefined) {
            child = emptyNode();
            node.children.set(segment, child);
          }
          node = child;
        }
        node.own.push({ entry: index, line, pattern, negated: pattern.negated, longerThan: longerThan(pattern) });
      });
    });
    collectCandidates(this.#root, []);
  }

  /** The owners of a path in entry order, each with its deciding (last matching, positive) line. */
  owners(path: string): PathOwner<T>[] {
    const owners: PathOwner<T>[] = [];
    if (!isGitPath(path)) return owners;
    let node = this.#root;
    let start = 0;
    while (node.children.size > 0) {
      const end = path.indexOf('/', start);
      const child = node.children.get(end < 0 ? path.slice(start) : path.slice(start, end));
      if (child === undefined) break;
      node = child;
      if (end < 0) break;
      start = end + 1;
    }
    let decided = -1;
    for (const candidate of node.candidates) {
      if (candidate.entry === decided) continue;
      if (candidate.longerThan >= 0 ? path.length <= candidate.longerThan : !matchesGitPath(candidate.pattern, path)) continue;
      decided = candidate.entry;
      if (!candidate.negated) owners.push({ owner: this.#owners[candidate.entry]!, index: candidate.line });
    }
    return owners;
  }
}

function longerThan(pattern: OwnershipPattern): number {
  const { elements, literalPrefix } = pattern;
  const prefixLength = literalPrefix.join('/').length;
  const rest = elements.slice(literalPrefix.length);
  if (rest.length === 1 && rest[0]?.kind === 'any') return prefixLength - 1;
  const [first, second] = rest;
  const anySegment = first?.kind === 'glob' && first.text === '*';
  if (rest.length === 2 && anySegment && second?.kind === 'any') return prefixLength;
  return -1;
}

function emptyNode(): TrieNode {
  return { children: new Map(), own: [], candidates: [] };
}

function collectCandidates(node: TrieNode, inherited: readonly Candidate[]): void {
  node.candidates = [...inherited, ...node.own].sort((x, y) => x.entry - y.entry || y.line - x.line);
  for (const child of node.children.values()) collectCandidates(child, node.candidates);
}
