import { objectBatchArgs } from './git-args.ts';
import { gitBytes, type GitCall } from './run-git.ts';

/**
 * The contents of objects named by revision specs (`HEAD:package.json`, `:plans/a.md`, a blob id), with
 * one `git cat-file --batch`; null for each spec that names nothing.
 */
export function readObjects(call: GitCall, specs: readonly string[]): (Buffer | null)[] {
  if (specs.length === 0) return [];
  if (specs.some((s) => s.includes('\n'))) throw new Error('an object spec may not hold a newline');
  return parseObjects(gitBytes(objectBatchArgs, { ...call, input: specs.map((s) => `${s}\n`).join('') }), specs);
}

/** The objects in `git cat-file --batch` output for the given specs, null for each that names nothing. */
export function parseObjects(out: Buffer, specs: readonly string[]): (Buffer | null)[] {
  // `git cat-file --batch` prints "<oid> <type> <size>\n<content>\n" per object, or "<spec> missing\n"
  // (also "ambiguous") for a spec that names nothing.
  const found: (Buffer | null)[] = [];
  let at = 0;
  for (let i = 0; i < specs.length; i++) {
    const lineEnd = out.indexOf(0x0a, at);
    if (lineEnd === -1) throw new Error(`unexpected git cat-file output for ${specs[i]!}`);
    const line = out.toString('utf8', at, lineEnd);
    const header = /^[0-9a-f]{40,64} \S+ (\d+)$/.exec(line);
    if (!header) {
      found.push(null);
      at = lineEnd + 1;
      continue;
    }
    const size = Number(header[1]);
    found.push(out.subarray(lineEnd + 1, lineEnd + 1 + size));
    at = lineEnd + 1 + size + 1;
  }
  return found;
}

/** Decodes a file's bytes as UTF-8, or null when they are not valid UTF-8. */
export function decodeUtf8(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}
