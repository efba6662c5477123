import { matchesPattern, parsePattern, type OwnershipPattern } from '@lanes/core/patterns';
import { GuardConfigError, parseGuardConfig, planPathspecs, underPlanPathspecs, type GuardConfig } from './guard-config.ts';
import { decodeUtf8, readObjects } from './read-objects.ts';
import { join } from 'node:path';
import { blobListArgs } from './git-args.ts';
import type { ListingKey } from './repo-state.ts';
import { gitBytes, type GitCall } from './run-git.ts';
import { readSigned, shortHash, writeSigned } from './signed-cache.ts';

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

/** The `lanes` configuration of the root `package.json` at a commit (or in the index). */
export function readConfigAt(call: GitCall, at: RulesAt): GuardConfig {
  const where = 'commit' in at ? `package.json at ${at.commit.slice(0, 12)}` : 'package.json in the index';
  const bytes = readObjects(call, [specOf(at, 'package.json')])[0];
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

/** The entries of `blobListArgs` output: files (`blob`), folders (`tree`, at a commit) and submodules (`commit`). */
function parseEntries(out: Buffer, at: RulesAt): { type: string; oid: string; path: string }[] {
  // `git ls-tree -r -t -z` prints "<mode> <type> <oid>\t<path>\0"; `git ls-files -s -z` prints
  // "<mode> <oid> <stage>\t<path>\0". Paths are verbatim.
  const entries: { type: string; oid: string; path: string }[] = [];
  for (const record of out.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const fields = record.slice(0, tab).split(' ');
    const type = 'commit' in at ? fields[1] : fields[0] === '160000' ? 'commit' : 'blob';
    const oid = 'commit' in at ? fields[2] : fields[1];
    if (type !== undefined && oid !== undefined) entries.push({ type, oid, path: record.slice(tab + 1) });
  }
  return entries;
}

/** The files among listed entries, as plan sources. */
function blobsOf(entries: readonly { type: string; oid: string; path: string }[]): PlanSource[] {
  return entries.filter((e) => e.type === 'blob').map(({ path, oid }) => ({ path, blob: oid }));
}

function listEntries(call: GitCall & { top: string }, at: RulesAt, pathspecs: readonly string[]): { type: string; oid: string; path: string }[] {
  return parseEntries(gitBytes(blobListArgs(at, pathspecs), 'commit' in at ? call : { ...call, cwd: call.top }), at);
}

function listBlobs(call: GitCall & { top: string }, at: RulesAt, pathspecs: readonly string[]): PlanSource[] {
  return blobsOf(listEntries(call, at, pathspecs));
}

/** The plans the configuration names at a commit (or in the index), and the registry file. */
export function listPlanSources(call: GitCall & { top: string }, at: RulesAt, config: GuardConfig): PlanSources {
  return listedPlanSources(config, listBlobs(call, at, planPathspecs(config)));
}

/**
 * `listPlanSources` at a commit, and the listing key read from the same listing (`HEAD:package.json` listed with
 * it, the plan locations' own entries): what the listing can be cached under, whatever `HEAD` names meanwhile.
 */
export function listPlanSourcesKeyed(call: GitCall & { top: string }, at: { commit: string }, config: GuardConfig): { sources: PlanSources; key: ListingKey | null } {
  const pathspecs = planPathspecs(config);
  const entries = listEntries(call, at, ['package.json', ...pathspecs]);
  const idOf = (path: string): string | undefined => entries.find((e) => e.path === path)?.oid;
  const packageJson = idOf('package.json');
  const locations = pathspecs.map((path) => ({ path, oid: idOf(path) }));
  const sources = listedPlanSources(
    config,
    blobsOf(entries.filter((e) => underPlanPathspecs(pathspecs, e.path))),
  );
  const whole = packageJson !== undefined && pathspecs.length > 0 && locations.every((l) => l.oid !== undefined);
  return { sources, key: whole ? { packageJson, locations: locations as ListingKey['locations'] } : null };
}

function listedPlanSources(config: GuardConfig, listed: readonly PlanSource[]): PlanSources {
  const locations = compileLocations(config);
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

const listingFormat = 1;

function listingFile(commonDir: string, key: ListingKey): string {
  return join(commonDir, 'lanes', 'cache', `listing-v${listingFormat}-${key.packageJson}-${shortHash(JSON.stringify(key.locations))}.json`);
}

/**
 * The configuration and plan listing at `HEAD` as cached under its key (`HEAD:package.json` and the object at each
 * plan location: the listing is a function of them), when the file verifies, is for exactly this key, and its
 * configuration names exactly the locations of the key; null otherwise (then git is asked).
 */
export function readCachedListing(commonDir: string, key: ListingKey, signing: Buffer): PlanSources | null {
  const cached = readSigned(listingFile(commonDir, key), signing) as { format?: unknown; key?: unknown; sources?: PlanSources } | null;
  if (cached?.format !== listingFormat || JSON.stringify(cached.key) !== JSON.stringify(key) || cached.sources === undefined) return null;
  return samePaths(planPathspecs(cached.sources.config), key) ? cached.sources : null;
}

/** Caches the listing read from git at `HEAD` under its key, when the configuration names the key's locations. */
export function cacheListing(commonDir: string, key: ListingKey, signing: Buffer, sources: PlanSources): void {
  if (samePaths(planPathspecs(sources.config), key)) writeSigned(listingFile(commonDir, key), { format: listingFormat, key, sources }, signing);
}

function samePaths(pathspecs: readonly string[], key: ListingKey): boolean {
  return pathspecs.length === key.locations.length && pathspecs.every((p, i) => key.locations[i]!.path === p);
}
