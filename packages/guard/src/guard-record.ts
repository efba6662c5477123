import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the guard refused, kept where the dispatch runner reads it: a commit the pre-commit guard blocked, or an
 * edit an agent's pre-tool hook refused. One JSON line per refusal in `<git common dir>/lanes/records/<session>.jsonl`
 * (`_nobody.jsonl` when no session was named). A record is a trace for people and the runner's registry, not a
 * check: the runner's own audit (commits, leftovers) decides whether a session is done.
 */
export interface GuardRecord {
  kind: 'blocked-commit' | 'refused-edit';
  session: string | null;
  /** The paths refused, each with the session that owns it (null: nobody). */
  paths: { path: string; owner: string | null }[];
  /** ISO time of the refusal. */
  time: string;
  /** The guard's one-line reason. */
  reason: string;
}

/** The folder of the records, under the repository's git common dir. */
export function guardRecordsDir(commonDir: string): string {
  return join(commonDir, 'lanes', 'records');
}

const fileOf = (session: string | null): string => `${session === null ? '_nobody' : session.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`;

/** Appends one record (a single small write, so records of parallel sessions never interleave). */
export function appendGuardRecord(commonDir: string, record: GuardRecord): void {
  const dir = guardRecordsDir(commonDir);
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, fileOf(record.session)), `${JSON.stringify(record)}\n`);
}

/** The records of these sessions (null: those of nobody) made at or after `since` (ISO), oldest first. */
export function readGuardRecords(commonDir: string, sessions: readonly (string | null)[], since: string): GuardRecord[] {
  const out: GuardRecord[] = [];
  const dir = guardRecordsDir(commonDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const session of sessions) {
    const name = fileOf(session);
    if (!names.includes(name)) continue;
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const r = JSON.parse(line) as GuardRecord;
        // Compared as times, not strings: `…05.123Z` sorts before `…05Z`, though it is later.
        if (r.session === session && typeof r.time === 'string' && Date.parse(r.time) >= Date.parse(since) && Array.isArray(r.paths)) out.push(r);
      } catch {
        // a torn line: not a record
      }
    }
  }
  return out.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}
