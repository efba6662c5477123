// Parse time of generated plans and registries: `pnpm build && node bench/parse.mjs`.
// Prints, for each size, the median time of parsePlan, of remark-parse + remark-gfm alone (the floor we
// build on), and how each grows per session or row, so a curve that bends shows.
import { performance } from 'node:perf_hooks';
import { parseMarkdown, parsePlan } from '../packages/core/dist/index.js';

function plan(sessions) {
  const ids = Array.from({ length: sessions }, (_, i) => `S-${i + 1}`);
  const dispatch = ids.map((id, i) => `| ${id} | [X-${i + 1}](https://x/${i + 1}) | Focus ${i} | tdd | ~$${(i % 9) + 1} | claude/x-${i + 1}-focus | ${Math.floor(i / 3) + 1} | ${i >= 3 ? ids[i - 3] : '—'} |`);
  const bodies = ids.map((id, i) => `### ${id}: Focus ${i}\n\n- **Issue:** X-${i + 1}\n- **Mode:** tdd\n- **Owns:**\n  - \`services/s${i}/**\`\n  - \`!services/s${i}/generated/**\`\n- **Reads:** \`packages/shared/src/money.ts\`\n\n**Context:**\n- Line one for ${id}.\n- Line two.\n\n**Tasks:**\n1. Do the thing.\n2. Test it.\n\n**Deliverable:** done. Update X-${i + 1} with results.\n`);
  const registry = ids.map((id, i) => `| ${id} | X-${i + 1} | ${Math.floor(i / 3) + 1}${String.fromCharCode(65 + (i % 3))} | plan.md | Planned |`);
  return `---\nproject: shop\n---\n\n# Generated\n\n**Parent issue:** X-0\n**Date:** 2026-11-20\n\n## Dispatch\n\n| Session | Issue | Focus | Mode | Est. Cost | Branch | Batch | Depends on |\n|---|---|---|---|---|---|---|---|\n${dispatch.join('\n')}\n\n## Sessions\n\n${bodies.join('\n')}\n## Session Registry\n\n| Session Name | Issue | Phase | Plan File | Status |\n|---|---|---|---|---|\n${registry.join('\n')}\n`;
}

function registryFile(rows) {
  const lines = Array.from({ length: rows }, (_, i) => `| s-${i} | X-${i} | 1A | 2026-11-20-shop-p${i % 7}.md | Done |`);
  return `# Registry\n\n## Session Registry\n\n| Session Name | Issue | Phase | Plan File | Status |\n|---|---|---|---|---|\n${lines.join('\n')}\n`;
}

function median(fn, runs) {
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function measure(label, unit, sizes, make) {
  console.log(`\n${label}`);
  console.log(`${'size'.padStart(6)} ${'KB'.padStart(7)} ${'parsePlan ms'.padStart(13)} ${'floor ms'.padStart(9)} ${'ratio'.padStart(6)} ${`µs/${unit}`.padStart(10)}`);
  let first = null;
  for (const n of sizes) {
    const md = make(n);
    const runs = n >= 1000 ? 5 : 15;
    parsePlan(md); // warm up
    const ours = median(() => parsePlan(md), runs);
    const floor = median(() => parseMarkdown(md), runs);
    const per = (ours * 1000) / n;
    first ??= per;
    console.log(`${String(n).padStart(6)} ${(md.length / 1024).toFixed(0).padStart(7)} ${ours.toFixed(1).padStart(13)} ${floor.toFixed(1).padStart(9)} ${(ours / floor).toFixed(2).padStart(6)} ${per.toFixed(0).padStart(10)}  (${(per / first).toFixed(2)}× the smallest per ${unit})`);
  }
}

measure('plans (dispatch table + sessions + registry)', 'session', [10, 100, 1000], plan);
measure('registry files', 'row', [100, 500, 1000, 2000], registryFile);
