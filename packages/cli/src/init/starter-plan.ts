/** The starter plan `lanes init` writes where there is no plan yet: its path from the root and its text. */
export interface StarterPlan {
  path: string;
  text: string;
}

/** A project short from a package name: its letters and digits, lowercase (`@acme/my-app` → `myapp`), else `app`. */
export function projectShort(packageName: string | undefined): string {
  const base = (packageName ?? '').replace(/^@[^/]*\//, '').toLowerCase().replace(/[^a-z0-9]/g, '');
  const short = /^[a-z]/.test(base) ? base.slice(0, 12) : '';
  return short === '' ? 'app' : short;
}

/**
 * A plan that lints clean: two sessions of one batch, each in its own lane (`src/**` and `docs/**`), for the
 * project named in `package.json`, dated `date` (YYYY-MM-DD), based on the branch `base`.
 */
export function starterPlan(options: { packageName: string | undefined; date: string; base: string }): StarterPlan {
  const short = projectShort(options.packageName);
  const issue = short.toUpperCase();
  const file = `${options.date}-${short}-first-plan.md`;
  const project = options.packageName ?? short;
  const text = `---
project: ${short}
max-parallel: 3
base: ${options.base}
---

# First plan

**Parent issue:** ${issue}-1
**Date:** ${options.date}

A starter plan written by \`lanes init\`. Two sessions work in parallel in batch 1, each in its own lane: the
pre-commit guard lets a session commit only what its \`Owns\` covers, and \`lanes lint\` checks the plan. A
session is named by \`LANES_SESSION\`, or by its \`Branch\`. Replace these sessions with your own.

## Projects

| Project | Short |
|---------|-------|
| ${project} | ${short} |

## Dispatch

| Session | Issue | Focus | Mode | Est. Cost | Branch | Batch | Depends on |
|---------|-------|-------|------|-----------|--------|-------|------------|
| S-A | ${issue}-2 | Source | quick | ~$1 | claude/${short}-2-source | 1 | — |
| S-B | ${issue}-3 | Docs | quick | ~$1 | claude/${short}-3-docs | 1 | — |

## Sessions

### S-A: Source

- **Owns:** \`src/**\`

### S-B: Docs

- **Owns:** \`docs/**\`

## Session Registry

| Session Name | Issue | Phase | Plan File | Status |
|--------------|-------|-------|-----------|--------|
| S-A | ${issue}-2 | 1A | ${file} | Planned |
| S-B | ${issue}-3 | 1B | ${file} | Planned |
`;
  return { path: `plans/${file}`, text };
}
