import { isUtf8 } from 'node:buffer';

/** What a commit does to a path, as the guard names it. */
export type ChangeKind =
  | 'added'
  | 'modified'
  | 'deleted'
  | 'type-changed'
  | 'mode-changed'
  | 'unmerged'
  | 'conflict-resolved';

/** One path a commit changes. */
export interface FileChange {
  /** The path normalized to NFC (contract decision 23), used for matching and messages. */
  path: string;
  /** The path exactly as git stores it, for commands such as `git restore`. */
  gitPath: string;
  /** False when git's bytes are not valid UTF-8: such a path matches no pattern. */
  validUtf8: boolean;
  /** The raw bytes of a path that is not valid UTF-8, for quoting; null otherwise. */
  bytes: Buffer | null;
  kind: ChangeKind;
  oldMode: string;
  newMode: string;
  oldOid: string;
  newOid: string;
}

// Beyond printable ASCII a name may need NFC; plain ASCII names skip the normalization, for speed.
const nonAscii = /[^ -~\t\n\r]/;

/**
 * Parses `git diff-index -z --raw --no-renames` (or `diff-tree`) output.
 */
export function parseRawDiff(out: Buffer): FileChange[] {
  // `git diff-index -z --raw` prints ":100644 100644 <sha> <sha> M\0path\0" per change; R/C never appear
  // because we pass --no-renames, so a rename is a D of the old path and an A of the new one.
  const changes: FileChange[] = [];
  const allUtf8 = isUtf8(out);
  let at = 0;
  while (at < out.length) {
    if (out[at] !== 0x3a) {
      // `diff-tree` without `--no-commit-id` may print the commit id first; skip anything that is not a record.
      const skip = out.indexOf(0, at);
      at = skip === -1 ? out.length : skip + 1;
      continue;
    }
    const headerEnd = out.indexOf(0, at);
    const pathEnd = headerEnd === -1 ? -1 : out.indexOf(0, headerEnd + 1);
    if (headerEnd === -1 || pathEnd === -1) throw new Error(`unexpected git diff output at byte ${at}: a record without its path`);
    const header = out.toString('latin1', at + 1, headerEnd).split(' ');
    const status = header[4] ?? '';
    changes.push({
      ...decodePath(out, headerEnd + 1, pathEnd, allUtf8),
      kind: kindOf(status, header[0] ?? '', header[1] ?? ''),
      oldMode: header[0] ?? '',
      newMode: header[1] ?? '',
      oldOid: header[2] ?? '',
      newOid: header[3] ?? '',
    });
    at = pathEnd + 1;
  }
  return changes;
}

/** A path from git's raw bytes: NFC for matching, as stored for commands, and whether it is UTF-8 at all. */
export function decodePath(
  out: Buffer,
  start: number,
  end: number,
  knownUtf8 = false,
): Pick<FileChange, 'path' | 'gitPath' | 'validUtf8' | 'bytes'> {
  const validUtf8 = knownUtf8 || isUtf8(out.subarray(start, end));
  const gitPath = out.toString(validUtf8 ? 'utf8' : 'latin1', start, end);
  const path = validUtf8 && nonAscii.test(gitPath) ? gitPath.normalize('NFC') : gitPath;
  return { path, gitPath, validUtf8, bytes: validUtf8 ? null : Buffer.from(out.subarray(start, end)) };
}

function kindOf(status: string, oldMode: string, newMode: string): ChangeKind {
  switch (status[0]) {
    case 'A':
      return 'added';
    case 'D':
      return 'deleted';
    case 'T':
      return 'type-changed';
    case 'U':
      return 'unmerged';
    case 'M':
      return oldMode !== newMode ? 'mode-changed' : 'modified';
    default:
      return 'modified';
  }
}

/** The kind of object a mode names, when it is not a plain file: `symlink` or `submodule`. */
export function objectNote(change: FileChange): string | null {
  const mode = change.kind === 'deleted' ? change.oldMode : change.newMode;
  if (mode === '120000') return 'symlink';
  if (mode === '160000') return 'submodule';
  return null;
}
