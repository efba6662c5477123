import { matchesPattern, parsePattern, type OwnershipPattern } from '@lanes/core/patterns';
import { GuardConfigError, parseGuardConfig, planPathspecs, type GuardConfig } from './guard-config.ts';
import { decodeUtf8, readObjects } from './read-objects.ts';
import { blobListArgs } from './git-args.ts';
import { gitBytes, type GitCall } from './run-git.ts';

/** A plan file as committed: its path from the repository root and its blob. */
export interface PlanSource {
  path: string;
  blob: string;
}

/** Where the rules are read from: a commit (`HEAD`, the `A` of a range), or the index when there is none yet. */
export type RulesAt = { commit: string } | { index: true };

/** The plans (and the registry file) the configuration names at a commit or in the index. */
export interface PlanSources {
  config: GuardConfig;
  plans: PlanSource[];
  registry: PlanSource | null;
}

function specOf(at: RulesAt, path: string): string {
  return 'commit' in at ? `${at.commit}:${path}` : `:${path}`;
}

/**
 * The `lanes` configuration of the root `package.json` at a commit (or in the index); `known` is that file's
 * bytes when they were read already (null: there is none), as `HeadReads` has them for `HEAD`.
 */
export function readConfigAt(call: GitCall, at: RulesAt, known?: Buffer | null): GuardConfig {
  const where = 'commit' in at ? `package.json at ${at.commit.slice(0, 12)}` : 'package.json in the index';
  const bytes = known !== undefined ? known : readObjects(call, [specOf(at, 'package.json')])[0];
  if (bytes === null || bytes === undefined) return parseGuardConfig(null, where);
  const text = decodeUtf8(bytes);
  if (text === null) throw new GuardConfigError(`cannot read ${where}: it is not valid UTF-8`);
  return parseGuardConfig(text, where);
}

function compileLocations(config: GuardConfig): OwnershipPattern[] {
  return config.plans.map((location) => {
    const result = parsePattern(location);
    if (!result.ok) throw new GuardConfigError(`plan location \`${location}\` in "lanes.plans" is not a valid pattern: ${result.message}`);
    return result.pattern;
  });
}

/** A test of whether the configuration names a path as a plan (not the registry file). */
export function planLocationTest(config: GuardConfig): (path: string) => boolean {
  const locations = compileLocations(config);
  return (path) => path !== config.registry && locations.some((p) => matchesPattern(p, path));
}

/** The blobs of `blobListArgs` output. */
export function parseBlobList(out: Buffer, at: RulesAt): PlanSource[] {
  // `git ls-tree -r -z` prints "<mode> <type> <oid>\t<path>\0"; `git ls-files -s -z` prints
  // "<mode> <oid> <stage>\t<path>\0". Paths are verbatim.
  const sources: PlanSource[] = [];
  for (const record of out.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const fields = record.slice(0, tab).split(' ');
    const type = 'commit' in at ? fields[1] : fields[0] === '160000' ? 'commit' : 'blob';
    const oid = 'commit' in at ? fields[2] : fields[1];
    if (type === 'blob' && oid !== undefined) sources.push({ path: record.slice(tab + 1), blob: oid });
  }
  return sources;
}

function listBlobs(call: GitCall & { top: string }, at: RulesAt, pathspecs: readonly string[]): PlanSource[] {
  return parseBlobList(gitBytes(blobListArgs(at, pathspecs), 'commit' in at ? call : { ...call, cwd: call.top }), at);
}

/** Blobs listed ahead at `HEAD` (`blobListArgs` output): used when they were listed with the pathspecs `HEAD`'s configuration gives. */
export interface ListedAhead {
  pathspecs: string[];
  out: Buffer;
}

/**
 * What `HEAD` says about where the plans are, read ahead (`startGuardReads`): the bytes of `HEAD:package.json`
 * (null when there is none) and the blobs under the locations the working tree's `package.json` names (null
 * when that listing failed); `readRules` lists again when `HEAD`'s configuration names other locations.
 */
export interface HeadReads {
  config: Buffer | null;
  plans: ListedAhead | null;
}

/** The plans the configuration names at a commit (or in the index), and the registry file. */
export function listPlanSources(call: GitCall & { top: string }, at: RulesAt, config: GuardConfig, ahead?: ListedAhead | null): PlanSources {
  const locations = compileLocations(config);
  const pathspecs = planPathspecs(config);
  const listed =
    ahead && 'commit' in at && ahead.pathspecs.join('\0') === pathspecs.join('\0') ? parseBlobList(ahead.out, at) : listBlobs(call, at, pathspecs);
  const plans: PlanSource[] = [];
  let registry: PlanSource | null = null;
  for (const source of listed) {
    if (source.path === config.registry) registry = source;
    else if (locations.some((p) => matchesPattern(p, source.path))) plans.push(source);
  }
  return { config, plans: plans.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), registry };
}

/** One named plan at a commit, else in the index; null when it is in neither. */
export function findPlanSource(call: GitCall & { top: string }, at: RulesAt | null, path: string): PlanSource | null {
  const places: RulesAt[] = at === null ? [{ index: true }] : 'commit' in at ? [at, { index: true }] : [at];
  for (const place of places) {
    const found = listBlobs(call, place, [path]).find((s) => s.path === path);
    if (found) return found;
  }
  return null;
}
