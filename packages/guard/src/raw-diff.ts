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
  // The output is decoded once (100,000 records must not mean 500,000 small decodings): as UTF-8 when it all
  // is, else as latin1, which keeps one character per byte so that each path's bytes can be checked alone.
  const allUtf8 = isUtf8(out);
  const text = out.toString(allUtf8 ? 'utf8' : 'latin1');
  const changes: FileChange[] = [];
  let at = 0;
  while (at < text.length) {
    const headerEnd = text.indexOf('\0', at);
    if (text.charCodeAt(at) !== 0x3a) {
      // `diff-tree` without `--no-commit-id` may print the commit id first; skip anything that is not a record.
      at = headerEnd === -1 ? text.length : headerEnd + 1;
      continue;
    }
    const pathEnd = headerEnd === -1 ? -1 : text.indexOf('\0', headerEnd + 1);
    if (pathEnd === -1) throw new Error(`unexpected git diff output at character ${at}: a record without its path`);
    const s1 = text.indexOf(' ', at);
    const s2 = text.indexOf(' ', s1 + 1);
    const s3 = text.indexOf(' ', s2 + 1);
    const s4 = text.indexOf(' ', s3 + 1);
    const oldMode = text.slice(at + 1, s1);
    const newMode = text.slice(s1 + 1, s2);
    let gitPath = text.slice(headerEnd + 1, pathEnd);
    let validUtf8 = true;
    let bytes: Buffer | null = null;
    if (!allUtf8) {
      const raw = out.subarray(headerEnd + 1, pathEnd);
      validUtf8 = isUtf8(raw);
      if (validUtf8) gitPath = raw.toString('utf8');
      else bytes = Buffer.from(raw);
    }
    changes.push({
      path: validUtf8 && nonAscii.test(gitPath) ? gitPath.normalize('NFC') : gitPath,
      gitPath,
      validUtf8,
      bytes,
      kind: kindOf(text.charCodeAt(s4 + 1), oldMode, newMode),
      oldMode,
      newMode,
      oldOid: text.slice(s2 + 1, s3),
      newOid: text.slice(s3 + 1, s4),
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
): Pick<FileChange, 'path' | 'gitPath' | 'validUtf8' | 'bytes'> {
  const validUtf8 = isUtf8(out.subarray(start, end));
  const gitPath = out.toString(validUtf8 ? 'utf8' : 'latin1', start, end);
  const path = validUtf8 && nonAscii.test(gitPath) ? gitPath.normalize('NFC') : gitPath;
  return { path, gitPath, validUtf8, bytes: validUtf8 ? null : Buffer.from(out.subarray(start, end)) };
}

function kindOf(status: number, oldMode: string, newMode: string): ChangeKind {
  switch (String.fromCharCode(status)) {
    case 'A':
      return 'added';
    case 'D':
      return 'deleted';
    case 'T':
      return 'type-changed';
    case 'U':
      return 'unmerged';
    default:
      return oldMode !== newMode ? 'mode-changed' : 'modified';
  }
}

/** The kind of object a mode names, when it is not a plain file: `symlink` or `submodule`. */
export function objectNote(change: FileChange): string | null {
  const mode = change.kind === 'deleted' ? change.oldMode : change.newMode;
  if (mode === '120000') return 'symlink';
  if (mode === '160000') return 'submodule';
  return null;
}
