// Figures for the ownership pattern engine; run on purpose, never in `test`. Prints figures, asserts nothing.
// Node 20 cannot run TypeScript, so compile it first (into the ignored `bench/.out/`), from the repository root:
//   npx tsc --outDir bench/.out --rootDir . --module nodenext --target es2023 --rewriteRelativeImportExtensions \
//     --skipLibCheck --types node bench/patterns.bench.ts && node bench/.out/bench/patterns.bench.js
// On Node >= 22.6: node --experimental-strip-types bench/patterns.bench.ts
import {
  createPatternSet,
  findOverlap,
  matchesPattern,
  OwnershipIndex,
  parsePattern,
  type OwnershipPattern,
  type PatternSet,
} from '../packages/core/src/patterns/index.ts';

const runs = 5;

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

function parse(source: string): OwnershipPattern {
  const result = parsePattern(source);
  if (!result.ok) throw new Error(`${source}: ${result.message}`);
  return result.pattern;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

/** Four lines or so per session, as plans write them: a package, a feature folder, docs, an exclusion, a few cross-cutting globs. */
function planOwns(sessions: number): string[][] {
  return Array.from({ length: sessions }, (_, s) => {
    const lines = [`packages/pkg-${s}/`, `apps/web/src/features/feat-${s}/**`, `docs/pkg-${s}/*.md`, `!packages/pkg-${s}/generated/`];
    if (s === 0) lines.push('**/*.snap');
    if (s === 1) lines.push('.github/');
    if (s === 2) lines.push('services/*/migrations/');
    if (s === 3) lines.push('**/README.md');
    return lines;
  });
}

function generatePaths(count: number, sessions: number): string[] {
  const next = random(42);
  const words = ['index', 'util', 'model', 'view', 'parse', 'render', 'state', 'api', 'schema', 'hooks', 'naïve', 'a b'];
  const extensions = ['.ts', '.tsx', '.md', '.json', '.snap', '.test.ts'];
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = Math.floor(next() * sessions * 1.2);
    const file = `${pick(next, words)}-${i % 97}${pick(next, extensions)}`;
    switch (Math.floor(next() * 6)) {
      case 0:
        paths.push(`packages/pkg-${n}/src/${pick(next, words)}/${file}`);
        break;
      case 1:
        paths.push(`packages/pkg-${n}/generated/${file}`);
        break;
      case 2:
        paths.push(`apps/web/src/features/feat-${n}/components/${pick(next, words)}/${file}`);
        break;
      case 3:
        paths.push(`docs/pkg-${n}/${file}`);
        break;
      case 4:
        paths.push(`services/svc-${n}/migrations/${String(i).padStart(4, '0')}.sql`);
        break;
      default:
        paths.push(`${pick(next, ['tools', 'scripts', '.github/workflows', 'README.md'])}/${file}`);
    }
  }
  return paths;
}

/** Twenty lines per session, mostly disjoint, with shared folders, exclusions and some wildcard-first globs. */
function largeOwns(sessions: number): string[][] {
  return Array.from({ length: sessions }, (_, s) => {
    const lines: string[] = [];
    for (let k = 0; k < 10; k++) lines.push(`packages/p${s}/src/m${k}/`);
    lines.push(`packages/p${s}/test/*.test.ts`, `packages/p${s}/README.md`, `!packages/p${s}/src/m0/generated/`);
    lines.push(`docs/p${s}/**/*.md`, `apps/a${s % 40}/src/f${s}/`, `services/s${s}/migrations/*.sql`);
    lines.push(`config/p${s}.json`, `scripts/p${s}-*.sh`, `packages/p${s}/*.config.ts`);
    lines.push(s % 10 === 0 ? `**/p${s}-fixtures/` : `packages/p${s}/fixtures/`);
    return lines;
  });
}

function main(): void {
  const sessions = 30;
  const owns = planOwns(sessions);
  let index: OwnershipIndex<string> | undefined;
  const compile = time(() => {
    const entries = owns.map((lines, s) => ({ owner: `S-${s}`, set: createPatternSet(lines.map(parse)) }));
    index = new OwnershipIndex(entries);
  });
  const ownership = index!;
  const lineCount = owns.reduce((sum, lines) => sum + lines.length, 0);
  const paths = generatePaths(100_000, sessions);

  let owned = 0;
  const matchTimes: number[] = [];
  for (let r = 0; r < runs; r++) {
    matchTimes.push(
      time(() => {
        owned = 0;
        for (const path of paths) owned += ownership.owners(path).length;
      }),
    );
  }
  let characters = 0;
  const floorTimes: number[] = [];
  for (let r = 0; r < runs; r++) {
    floorTimes.push(
      time(() => {
        characters = 0;
        for (const path of paths) characters += path.length;
      }),
    );
  }
  const match = median(matchTimes);
  const floor = median(floorTimes);

  const large = largeOwns(200);
  let sets: PatternSet[] = [];
  const compileLarge = time(() => {
    sets = large.map((lines) => createPatternSet(lines.map(parse)));
  });
  let overlapping = 0;
  let uncertain = 0;
  const overlapTimes: number[] = [];
  for (let r = 0; r < runs; r++) {
    overlapTimes.push(
      time(() => {
        overlapping = 0;
        uncertain = 0;
        for (let a = 0; a < sets.length; a++) {
          for (let b = a + 1; b < sets.length; b++) {
            const overlap = findOverlap(sets[a]!, sets[b]!);
            if (overlap !== null) overlapping++;
            if (overlap?.certain === false) uncertain++;
          }
        }
      }),
    );
  }
  const pairs = (sets.length * (sets.length - 1)) / 2;

  console.log(`compile: ${sessions} sessions, ${lineCount} lines, parse + index: ${ms(compile)}`);
  console.log(`match: ${paths.length} paths against ${sessions} sessions: ${ms(match)} (median of ${runs}; ${owned} owners found)`);
  console.log(`floor: path.length over the same paths: ${ms(floor)} (median of ${runs}; ${characters} characters); ratio ${(match / floor).toFixed(1)}x`);
  console.log(`overlap: ${sets.length} sessions x ${large[0]!.length} lines, parse: ${ms(compileLarge)}; findOverlap over ${pairs} pairs: ${ms(median(overlapTimes))} (median of ${runs}; first run ${ms(overlapTimes[0]!)}; ${overlapping} overlapping, ${uncertain} uncertain)`);
  adversarial();
}

/** Paths an agent chooses against patterns of many `*`: the time per match and the time to read the path once. */
function adversarial(): void {
  const paths = { '4 KB segment': 'a'.repeat(4096), '4 KB of 2,048 segments': Array.from({ length: 2048 }, () => 'a').join('/') };
  const patterns = [
    `${'a*'.repeat(100)}b`,
    `${'*a'.repeat(100)}*b`,
    `**/${'?*'.repeat(100)}b`,
    `${Array.from({ length: 200 }, () => '*').join('/')}/b`,
    `**/${'a/**/'.repeat(100)}b`,
  ].map(parse);
  const repeat = 200;
  for (const [name, path] of Object.entries(paths)) {
    const floorTimes: number[] = [];
    let sum = 0;
    for (let r = 0; r < runs; r++) {
      floorTimes.push(
        time(() => {
          for (let k = 0; k < repeat; k++) for (let i = 0; i < path.length; i++) sum += path.charCodeAt(i);
        }) / repeat,
      );
    }
    const floor = median(floorTimes);
    let worst = 0;
    let worstSource = '';
    for (const pattern of patterns) {
      const times: number[] = [];
      for (let r = 0; r < runs; r++) times.push(time(() => { for (let k = 0; k < repeat; k++) matchesPattern(pattern, path); }) / repeat);
      const t = median(times);
      if (t > worst) [worst, worstSource] = [t, pattern.source.slice(0, 24)];
    }
    console.log(
      `adversarial: ${name} path against ${patterns.length} patterns of 100-200 \`*\`: worst ${(worst * 1000).toFixed(1)} µs per match (\`${worstSource}…\`; limit 1 ms); floor, reading the path once: ${(floor * 1000).toFixed(1)} µs (${sum > 0 ? '' : ' '}ratio ${(worst / floor).toFixed(1)}x)`,
    );
  }
}

main();
await lintFigures();

/** `lanes lint`'s engine on a plan whose patterns have 200 `*` segments, against the same plan with plain patterns. */
async function lintFigures(): Promise<void> {
  // The built engine (`pnpm build` first), from `bench/.out/bench/`.
  const { lintText } = (await import(new URL('../../../packages/lint/dist/index.js', import.meta.url).href)) as {
    lintText: (text: string, path: string | null) => { findings: unknown[] };
  };
  const stars = Array.from({ length: 200 }, () => '*').join('/');
  const plan = (a: string, b: string): string => `# Stars\n\n**Parent issue:** SHOP-120\n**Date:** 2026-11-20\n\n## Dispatch\n\n| Session | Issue | Branch | Batch |\n|---|---|---|---|\n| S-A | SHOP-121 | claude/shop-121-a | 1 |\n| S-B | SHOP-122 | claude/shop-122-b | 1 |\n\n## Sessions\n\n### S-A: A\n\n- **Owns:** ${a}\n\n### S-B: B\n\n- **Owns:** ${b}\n`;
  const starPlan = plan(`\`${stars}/x.ts\`, \`${'a*'.repeat(100)}b\`, \`${stars}\``, `\`${stars}/y.ts\`, \`${'*a'.repeat(100)}*c\`, \`**/${stars}/z\``);
  const plainPlan = plan('`src/a/x.ts`, `src/a/*.b`, `src/a/`', '`src/b/y.ts`, `src/b/*.c`, `src/b/`');
  const measure = (text: string): { t: number; findings: number } => {
    const times: number[] = [];
    let findings = 0;
    for (let r = 0; r < runs; r++) times.push(time(() => (findings = lintText(text, '2026-11-20-shop-stars.md').findings.length)));
    return { t: median(times), findings };
  };
  measure(plainPlan);
  const plain = measure(plainPlan);
  const starred = measure(starPlan);
  console.log(
    `lint: a plan whose patterns have 200 \`*\` segments: ${ms(starred.t)} (${starred.findings} findings; limit 1 s); the same plan with plain patterns: ${ms(plain.t)} (ratio ${(starred.t / plain.t).toFixed(1)}x)`,
  );
}
