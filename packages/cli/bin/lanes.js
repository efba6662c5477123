#!/usr/bin/env node
// `lanes guard` runs on every commit, so it starts through a lean entry (no commander, no markdown parser
// unless a plan must be compiled); every other command, and `guard --help`, goes through the full CLI.
const argv = process.argv.slice(2);

async function full() {
  const { main } = await import('../dist/main.js');
  process.exitCode = await main(argv);
}

if (argv[0] === 'guard') {
  try {
    const { runGuardEntry } = await import('../dist/commands/guard.js');
    const code = await runGuardEntry(argv.slice(1));
    if (code === null) await full();
    else process.exitCode = code;
  } catch (error) {
    // A guard that cannot even start blocks the commit (exit 2): exit 1 would let a Claude Code edit through.
    process.stderr.write(`lanes guard: cannot run, so the commit is blocked: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
} else {
  await full();
}
