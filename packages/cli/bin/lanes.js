#!/usr/bin/env node
// `lanes guard` runs on every commit, so it starts through a lean entry (no commander, no markdown parser
// unless a plan must be compiled); every other command, and `guard --help`, goes through the full CLI.
import module from 'node:module';

// Node 22.1+ keeps compiled modules between runs: the hook then loads much faster. Node 20 has no such cache.
module.enableCompileCache?.();

const argv = process.argv.slice(2);

async function full() {
  const { main } = await import('../dist/main.js');
  process.exitCode = await main(argv);
}

if (argv[0] === 'guard') {
  // A guard that fails in any way blocks the commit with exit 2 (fail closed): node's own exit 1 for a crash
  // would let a Claude Code edit through.
  const failClosed = (error) => {
    process.stderr.write(`lanes guard: cannot run, so the commit is blocked: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  };
  process.on('uncaughtException', failClosed);
  process.on('unhandledRejection', failClosed);
  try {
    // The pre-commit hook's bare `lanes guard`: its git reads start first, and run while node loads the guard;
    // with `--staged-from-stdin` (the hook lines of `lanes init`) the staged diff comes from the shell's git.
    const piped = argv.length === 2 && argv[1] === '--staged-from-stdin';
    if (argv.length === 1 || piped) (await import('../dist/guard-start.js')).prestartGuardReads(process.cwd(), process.env, piped ? process.stdin : undefined);
    // One bundled file (dist/guard-hook.js, built by `pnpm build` with esbuild): node loads it much faster than the modules it holds.
    const { runGuardEntry } = await import('../dist/guard-hook.js');
    const code = await runGuardEntry(argv.slice(1));
    if (code === null) await full();
    else process.exitCode = code;
  } catch (error) {
    failClosed(error);
  }
} else {
  await full();
}
