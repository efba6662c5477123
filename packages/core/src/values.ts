import type { LaunchMode } from './model.ts';

const emptyMarker = /^(?:—|–|-|--|none|n\/a)(?:\s*\(.*\))?$/i;

/** True when a cell or field says "no value" (`—`, `-`, `--`, `none`, also `None (parallel with 1A)`). */
export function isEmptyValue(text: string): boolean {
  const t = text.trim();
  return t === '' || emptyMarker.test(t);
}

const issueId = /^\[?\s*([A-Za-z][A-Za-z0-9]*-\d+)\b/;

/** The issue ID in a bare (`CIA-413`) or linked (`[CIA-413: Title](url)`) reference, or null. */
export function parseIssueRef(text: string): string | null {
  const m = issueId.exec(text.trim());
  return m ? m[1]! : null;
}

/** Splits a list value on commas, dropping parenthetical remarks and empty markers. */
export function splitList(text: string): string[] {
  if (isEmptyValue(text)) return [];
  return text
    .replace(/\([^)]*\)/g, '')
    .split(/[,;]/)
    .map((t) => t.trim())
    .filter((t) => t !== '' && !isEmptyValue(t));
}

/** Renders a field value's markdown source as plain text: links to their labels, code and emphasis unwrapped. */
export function inlineText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, '$1')
    .trim();
}

/** The exec modes of the dispatch rules and the launch mode each maps to. */
export const launchModeByExecMode: Readonly<Record<string, LaunchMode>> = {
  quick: 'Bypass permissions',
  tdd: 'Bypass permissions',
  swarm: 'Bypass permissions',
  spike: 'Bypass permissions',
  pair: 'Plan mode',
  checkpoint: 'Ask permissions',
};

/** The launch modes, by their lowercase spelling. */
export const launchModes: readonly LaunchMode[] = ['Bypass permissions', 'Plan mode', 'Ask permissions'];

/** A written exec mode split into its base mode and the analysis-only mark. */
export function parseExecMode(text: string): { mode: string; analysisOnly: boolean } | null {
  const t = text.trim();
  if (isEmptyValue(t)) return null;
  const analysisOnly = /analysis[- ]only/i.test(t);
  const base = /^[A-Za-z][A-Za-z-]*/.exec(t);
  const mode = base ? base[0].toLowerCase() : t.toLowerCase();
  return { mode: mode === 'analysis-only' ? 'spike' : mode, analysisOnly };
}

/** The launch mode an exec mode requires (contract §4), or null for an unknown mode. */
export function launchModeFor(mode: string | null, analysisOnly: boolean): LaunchMode | null {
  if (analysisOnly) return 'Bypass permissions';
  if (mode === null) return null;
  return launchModeByExecMode[mode] ?? null;
}

/** A written launch mode in its canonical spelling, or null when it is none of the three. */
export function parseLaunchMode(text: string): LaunchMode | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return launchModes.find((m) => m.toLowerCase() === t) ?? null;
}

/** `~$4`, `$4.50`, `~$ 12` → dollars; null when the text is not of that form. */
export function parseCost(text: string): number | null {
  const m = /^~?\s*\$\s*(\d+(?:\.\d+)?)$/.exec(text.trim());
  return m ? Number(m[1]) : null;
}

/** `90s`, `30m`, `2h` → seconds; null when the text is not of that form. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h)$/.exec(text.trim());
  if (!m) return null;
  const unit = m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1;
  return Number(m[1]) * unit;
}

/** A positive whole number, or null. */
export function parsePositiveInt(text: string): number | null {
  const t = text.trim();
  return /^[1-9]\d*$/.test(t) ? Number(t) : null;
}

/** The batch number a phase implies: its leading digits (`1A` → 1), or null. */
export function batchOfPhase(phase: string): number | null {
  const m = /^(\d+)/.exec(phase.trim());
  return m ? Number(m[1]) : null;
}

/**
 * Whether git accepts the text as a branch name (`git check-ref-format --branch`): no `..`, `@{`, control
 * characters, space, `~^:?*[\`, no component starting with `.` or ending in `.lock`, no leading `-`, no
 * empty component, not ending in `.`, and not `@` or `HEAD`.
 */
export function isBranchName(name: string): boolean {
  if (name === '' || name === '@' || name === 'HEAD' || name.startsWith('-') || name.endsWith('.')) return false;
  if (name.includes('..') || name.includes('@{') || /[~^:?*[\\ ]/.test(name)) return false;
  for (let i = 0; i < name.length; i += 1) if (name.charCodeAt(i) < 0x20 || name.charCodeAt(i) === 0x7f) return false;
  return name.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.endsWith('.lock'));
}
