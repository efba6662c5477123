import { commitDiffArgs, emptyTreeArgs, mergeTreeArgs, stagedDiffArgs } from './git-args.ts';
import { decodePath, parseRawDiff, type FileChange } from './raw-diff.ts';
import { gitBytes, gitText, runGitBytes, type GitCall } from './run-git.ts';

/** What the index holds against a tree-ish (`HEAD`, a parent, a merge result): the commit being made. */
export function diffIndex(call: GitCall, against: string): FileChange[] {
  return parseRawDiff(gitBytes(stagedDiffArgs(against), call));
}

/** What a commit changes against one of its parents (or against nothing, for a root commit). */
export function diffTree(call: GitCall, from: string | null, to: string): FileChange[] {
  return parseRawDiff(gitBytes(commitDiffArgs(from, to), call));
}

/** The empty tree's id in this repository's hash. */
export function emptyTree(call: GitCall): string {
  return gitText(emptyTreeArgs, { ...call, input: '' }).trim();
}

/**
 * What a merge authored (contract decision 24): where its tree differs from git's own automatic merge of its
 * parents (`git merge-tree --write-tree`), conflicted paths included; when that cannot be computed (more
 * than two parents, no merge base), the paths that differ from every parent.
 */
export function authoredChanges(call: GitCall, parents: readonly string[], diffAgainst: (treeish: string) => FileChange[]): FileChange[] {
  if (parents.length === 2) {
    const result = runGitBytes(mergeTreeArgs(parents[0]!, parents[1]!), call);
    // Prints "<tree>\0" then, when there are conflicts (exit 1), each conflicted path and "\0", an empty
    // record, and the informational messages.
    if (result.status === 0 || result.status === 1) {
      const out = result.stdout;
      const treeEnd = out.indexOf(0);
      const tree = out.toString('utf8', 0, treeEnd === -1 ? out.length : treeEnd).trim();
      if (/^[0-9a-f]{40,64}$/.test(tree)) {
        const changes = diffAgainst(tree);
        const seen = new Set(changes.map((c) => c.gitPath));
        let at = treeEnd + 1;
        while (result.status === 1 && at > 0 && at < out.length) {
          const end = out.indexOf(0, at);
          if (end === -1 || end === at) break;
          const name = decodePath(out, at, end);
          if (!seen.has(name.gitPath)) {
            seen.add(name.gitPath);
            changes.push({ ...name, kind: 'conflict-resolved', oldMode: '', newMode: '', oldOid: '', newOid: '' });
          }
          at = end + 1;
        }
        return changes;
      }
    }
  }
  const [first, ...others] = parents.map((p) => diffAgainst(p));
  const inEvery = others.map((changes) => new Set(changes.map((c) => c.gitPath)));
  return (first ?? []).filter((c) => inEvery.every((paths) => paths.has(c.gitPath)));
}
