import type { FileChange } from './raw-diff.ts';

// Made on first use: a pattern of Unicode properties costs milliseconds to build, and an allowed commit never quotes a path.
let plain: RegExp | undefined;
// eslint-disable-next-line no-control-regex -- control characters are exactly what needs quoting
const needsQuoting = /[\x00-\x1f\x7f"\\]/;

/** A path as a person reads it: as is, or C-quoted like git's own output when it holds a control character, a quote or bytes that are not UTF-8. */
export function displayPath(change: Pick<FileChange, 'path' | 'bytes'>): string {
  if (change.bytes !== null) {
    let out = '"';
    for (const byte of change.bytes) out += byte < 0x20 || byte >= 0x7f || byte === 0x22 || byte === 0x5c ? `\\${byte.toString(8).padStart(3, '0')}` : String.fromCharCode(byte);
    return `${out}"`;
  }
  if (!needsQuoting.test(change.path)) return change.path;
  return JSON.stringify(change.path);
}

/** A path quoted for `sh`, exactly as git stores it (`$'...'` with escapes for bytes that are not UTF-8). */
export function shellQuote(change: Pick<FileChange, 'gitPath' | 'bytes'>): string {
  if (change.bytes !== null) {
    let out = "$'";
    for (const byte of change.bytes) {
      out += byte >= 0x20 && byte < 0x7f && byte !== 0x27 && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
    }
    return `${out}'`;
  }
  const path = change.gitPath;
  if ((plain ??= /^[\p{L}\p{N}\p{M}_./@+,:=%-]+$/u).test(path) && !path.startsWith('-')) return path;
  return `'${path.replace(/'/g, `'\\''`)}'`;
}
