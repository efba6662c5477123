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
 * A record of raw diff output: the path decoded up front, modes and object ids read from the header only
 * when asked for (a 100,000-path commit needs the paths, not 400,000 more strings).
 */
class RawChange implements FileChange {
  constructor(
    readonly path: string,
    readonly gitPath: string,
    readonly validUtf8: boolean,
    readonly bytes: Buffer | null,
    readonly kind: ChangeKind,
    /** The decoded output this record is in (its path is a slice of it anyway), and where its header is. */
    private readonly text: string,
    private readonly headerStart: number,
    private readonly headerEnd: number,
  ) {}

  private field(n: number): string {
    // ":<old mode> <new mode> <old oid> <new oid> <status>"
    return this.text.slice(this.headerStart + 1, this.headerEnd).split(' ')[n] ?? '';
  }

  get oldMode(): string {
    return this.field(0);
  }

  get newMode(): string {
    return this.field(1);
  }

  get oldOid(): string {
    return this.field(2);
  }

  get newOid(): string {
    return this.field(3);
  }
}

/**
 * Parses `git diff-index -z --raw --no-renames` (or `diff-tree`) output.
 */
export function parseRawDiff(out: Buffer): FileChange[] {
  const reader = new RawDiffReader();
  reader.push(out);
  return reader.finish();
}

/**
 * Parses raw diff output chunk by chunk, as git prints it: a 100,000-path diff is parsed while git is still
 * writing it, instead of after.
 */
export class RawDiffReader {
  #changes: FileChange[] = [];
  #pending: Buffer = Buffer.alloc(0);
  #count = 0;
  #drop: ((path: string) => boolean) | null = null;

  /**
   * From now on counts, without keeping them, the changes of valid UTF-8 paths that `drop` accepts; those
   * parsed already are dropped too. The guard drops the paths it knows to be in the session's lane while git
   * still writes the diff: a 100,000-path commit then makes no 100,000 objects.
   */
  dropPaths(drop: (path: string) => boolean): void {
    this.#drop = drop;
    this.#changes = this.#changes.filter((c) => !(c.validUtf8 && drop(c.path)));
  }

  /** How many changes were parsed, kept or not. */
  get count(): number {
    return this.#count;
  }

  /** Parses the complete records of a chunk; keeps the rest for the next one. */
  push(chunk: Buffer): void {
    let from = 0;
    if (this.#pending.length > 0) {
      // Complete the record left over from the last chunk with the start of this one, without copying the chunk.
      const pendingNuls = this.#pending.includes(0) ? 1 : 0;
      let needed = (this.#pending[0] === 0x3a ? 2 : 1) - pendingNuls;
      let at = 0;
      while (needed > 0) {
        const nul = chunk.indexOf(0, at);
        if (nul === -1) {
          this.#pending = Buffer.concat([this.#pending, chunk]);
          return;
        }
        at = nul + 1;
        needed -= 1;
      }
      this.#parse(Buffer.concat([this.#pending, chunk.subarray(0, at)]));
      from = at;
    }
    const end = from + completeRecordsEnd(chunk.subarray(from));
    if (end > from) this.#parse(chunk.subarray(from, end));
    this.#pending = Buffer.from(chunk.subarray(end));
  }

  #parse(region: Buffer): void {
    this.#count += parseRecords(region, this.#changes, this.#drop);
  }

  /** Every change (but those `dropPaths` dropped); throws when the output ended inside a record. */
  finish(): FileChange[] {
    if (this.#pending.length > 0) throw new Error('unexpected end of git diff output: a record without its path');
    return this.#changes;
  }
}

// `git diff-index -z --raw` prints ":100644 100644 <sha> <sha> M\0path\0" per change; R/C never appear
// because we pass --no-renames, so a rename is a D of the old path and an A of the new one. `diff-tree`
// without `--no-commit-id` may print a commit id first: anything that does not start with ":" is one token.

/** The byte offset just after the last complete record (or other token) of a buffer. */
function completeRecordsEnd(buffer: Buffer): number {
  let at = 0;
  let end = 0;
  while (at < buffer.length) {
    const headerEnd = buffer.indexOf(0, at);
    if (headerEnd === -1) break;
    if (buffer[at] !== 0x3a) {
      at = end = headerEnd + 1;
      continue;
    }
    const pathEnd = buffer.indexOf(0, headerEnd + 1);
    if (pathEnd === -1) break;
    at = end = pathEnd + 1;
  }
  return end;
}

/** Parses complete records into `changes` (but those `drop` drops), decoding the whole region once; returns how many it read. */
function parseRecords(region: Buffer, changes: FileChange[], drop: ((path: string) => boolean) | null): number {
  let count = 0;
  // One decoding of the region (not one per path): as UTF-8 when it all is, else as latin1, which keeps one
  // character per byte so that each path's bytes can be checked alone.
  const allUtf8 = isUtf8(region);
  const text = region.toString(allUtf8 ? 'utf8' : 'latin1');
  let at = 0;
  while (at < text.length) {
    const headerEnd = text.indexOf('\0', at);
    if (text.charCodeAt(at) !== 0x3a) {
      at = headerEnd + 1;
      continue;
    }
    const pathEnd = text.indexOf('\0', headerEnd + 1);
    let gitPath = text.slice(headerEnd + 1, pathEnd);
    let validUtf8 = true;
    let bytes: Buffer | null = null;
    if (!allUtf8) {
      const raw = region.subarray(headerEnd + 1, pathEnd);
      validUtf8 = isUtf8(raw);
      if (validUtf8) gitPath = raw.toString('utf8');
      else bytes = Buffer.from(raw);
    }
    count++;
    const path = validUtf8 && nonAscii.test(gitPath) ? gitPath.normalize('NFC') : gitPath;
    if (drop !== null && validUtf8 && drop(path)) {
      at = pathEnd + 1;
      continue;
    }
    changes.push(
      new RawChange(
        path,
        gitPath,
        validUtf8,
        bytes,
        kindOf(text, at, headerEnd),
        text,
        at,
        headerEnd,
      ),
    );
    at = pathEnd + 1;
  }
  return count;
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

function kindOf(text: string, start: number, end: number): ChangeKind {
  switch (text[text.lastIndexOf(' ', end) + 1]) {
    case 'A':
      return 'added';
    case 'D':
      return 'deleted';
    case 'T':
      return 'type-changed';
    case 'U':
      return 'unmerged';
    default: {
      // ":<old mode> <new mode> …": a change of mode alone keeps the kind `M`.
      const second = text.indexOf(' ', start + 1);
      return text.slice(start + 1, second) !== text.slice(second + 1, text.indexOf(' ', second + 1)) ? 'mode-changed' : 'modified';
    }
  }
}

/** The kind of object a mode names, when it is not a plain file: `symlink` or `submodule`. */
export function objectNote(change: FileChange): string | null {
  const mode = change.kind === 'deleted' ? change.oldMode : change.newMode;
  if (mode === '120000') return 'symlink';
  if (mode === '160000') return 'submodule';
  return null;
}
