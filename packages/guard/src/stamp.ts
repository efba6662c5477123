import { createHmac, timingSafeEqual } from 'node:crypto';

// Who made a commit in a shared working tree, shown by a MAC rather than claimed by a trailer: the dispatch
// runner gives each session a secret of its own (`LANES_SESSION_KEY`, 64 hex digits), `prepare-commit-msg`
// stamps the commit with it, and the runner's audit accepts the commit as that session's only when the stamp
// verifies with that session's key. This file loads nothing but `node:crypto`: the runner imports it alone.

/** The trailer that names the session of a stamped commit. */
export const sessionTrailer = 'Lanes-Session';

/** The trailer that carries the stamp. */
export const stampTrailer = 'Lanes-Stamp';

/** The form of a session key: 32 bytes as 64 hex digits. */
export const sessionKeyForm = /^[0-9a-f]{64}$/i;

/** What the stamp is a MAC of: the version, the session, the commit's tree and its parents (in order). */
export function stampInput(session: string, tree: string, parents: readonly string[]): string {
  return `lanes-stamp-v1\n${session}\n${tree}\n${parents.join(' ')}`;
}

/** HMAC-SHA256 (hex) of `stampInput` with the session's key (64 hex digits, used as its 32 bytes). */
export function computeStamp(key: string, session: string, tree: string, parents: readonly string[]): string {
  if (!sessionKeyForm.test(key)) throw new Error('a session key is 64 hex digits');
  return createHmac('sha256', Buffer.from(key, 'hex')).update(stampInput(session, tree, parents), 'utf8').digest('hex');
}

/** The last `Lanes-Session` and the last `Lanes-Stamp` trailer of a commit message, or undefined without both. */
export function readStamp(message: string): { session: string; stamp: string } | undefined {
  // Trailers are the "Key: value" lines of the message's last paragraph (`git interpret-trailers`); the
  // last of each wins, as `--if-exists replace` leaves one of each anyway.
  const paragraphs = message.replace(/\s+$/, '').split(/\n[ \t]*\n/);
  const last = paragraphs[paragraphs.length - 1] ?? '';
  let session: string | undefined;
  let stamp: string | undefined;
  for (const line of last.split('\n')) {
    const match = /^([A-Za-z0-9-]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!match) continue;
    const key = match[1]!.toLowerCase();
    if (key === sessionTrailer.toLowerCase()) session = match[2]!;
    else if (key === stampTrailer.toLowerCase()) stamp = match[2]!;
  }
  return session === undefined || stamp === undefined || session === '' || stamp === '' ? undefined : { session, stamp };
}

/** Whether `stamp` is the stamp of the session's commit of `tree` on `parents`; compared in constant time. */
export function verifyStamp(key: string, session: string, tree: string, parents: readonly string[], stamp: string): boolean {
  if (!sessionKeyForm.test(key) || !/^[0-9a-f]{64}$/.test(stamp)) return false;
  const expected = Buffer.from(computeStamp(key, session, tree, parents), 'hex');
  return timingSafeEqual(expected, Buffer.from(stamp, 'hex'));
}

/**
 * The file in a linked worktree's own git dir (`git rev-parse --absolute-git-dir`) where the dispatch runner
 * writes the worktree's session: its ID and a newline. The guard takes it over `LANES_SESSION`.
 */
export const worktreeSessionFile = 'lanes-session';
