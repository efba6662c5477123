#!/usr/bin/env node
// Writes the lint benchmark corpus: 200 plans of ~10 KB with 30 sessions each, valid and varied, into the
// folder given (default bench/.out/lint-corpus/plans). Deterministic: the same corpus every run.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const out = resolve(process.argv[2] ?? 'bench/.out/lint-corpus/plans');
const count = Number(process.argv[3] ?? 200);
const modes = ['tdd', 'quick', 'pair', 'spike', 'swarm', 'checkpoint'];
const launch = { tdd: 'Bypass permissions', quick: 'Bypass permissions', swarm: 'Bypass permissions', spike: 'Bypass permissions', pair: 'Plan mode', checkpoint: 'Ask permissions' };
const words = ['cart', 'payments', 'search', 'auth', 'orders', 'catalog', 'billing', 'emails', 'reports', 'admin', 'api', 'ui'];

let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (list) => list[Math.floor(random() * list.length)];

export function plan(n) {
  const short = `p${n % 7}`;
  const date = `2026-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;
  const parent = `${short.toUpperCase()}-${1000 + n}`;
  const sessions = Array.from({ length: 30 }, (_, i) => {
    const mode = pick(modes);
    const area = `${pick(words)}-${i}`;
    const issue = `${short.toUpperCase()}-${2000 + n * 100 + i}`;
    const batch = Math.floor(i / 3) + 1;
    return { id: `S-${i + 1}`, issue, mode, area, batch, cost: 1 + Math.floor(random() * 9), deps: batch > 1 ? [`S-${(batch - 2) * 3 + 1}`] : [] };
  });
  const lines = [
    '---',
    `project: ${short}`,
    'max-parallel: 3',
    'shared-infra:',
    '  - pnpm-lock.yaml',
    '---',
    '',
    `# Plan ${n}: ${pick(words)} split`,
    '',
    `**Parent issue:** ${parent}`,
    `**Date:** ${date}`,
    '',
    '## Dispatch',
    '',
    '| Session | Issue | Mode | Est. Cost | Batch | Depends on |',
    '|---|---|---|---|---|---|',
    ...sessions.map((s) => `| ${s.id} | ${s.issue} | ${s.mode} | ~$${s.cost} | ${s.batch} | ${s.deps.join(', ') || '—'} |`),
    '',
    '## Sessions',
    '',
  ];
  for (const s of sessions) {
    lines.push(
      `### ${s.id}: ${s.area}`,
      '',
      `- **Launch as:** ${launch[s.mode]}`,
      `- **Owns:** \`services/${s.area}/**\`, \`!services/${s.area}/gen/**\``,
      `- **Reads:** \`packages/shared/src/${s.area}.ts\``,
      '',
      `**Deliverable:** ${s.area} done. Update ${s.issue} with results.`,
      '',
    );
  }
  lines.push('## Session Registry', '', '| Session Name | Issue | Phase | Agent | Status |', '|---|---|---|---|---|');
  for (const s of sessions) lines.push(`| ${s.id} | ${s.issue} | ${s.batch}${'ABC'[(Number(s.id.slice(2)) - 1) % 3]} | claude | Planned |`);
  return { name: `${date}-${short}-plan-${String(n).padStart(3, '0')}.md`, text: `${lines.join('\n')}\n` };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  let bytes = 0;
  for (let n = 0; n < count; n += 1) {
    const { name, text } = plan(n);
    writeFileSync(join(out, name), text);
    bytes += text.length;
  }
  process.stdout.write(`${count} plans, ${Math.round(bytes / count / 1024)} KB each on average, in ${out}\n`);
}
