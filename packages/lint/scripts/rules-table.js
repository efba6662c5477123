#!/usr/bin/env node
// Prints the markdown table of every lint rule (build first: `pnpm --filter @lanes/lint build`).
// `--readme` prints the whole of docs/rules/README.md; a folder argument prefixes the links with it
// (`node packages/lint/scripts/rules-table.js docs/rules/` for the root README).
import { rulesReadme, rulesTable } from '../dist/index.js';

const arg = process.argv[2];
process.stdout.write(arg === '--readme' ? rulesReadme() : rulesTable(arg ?? ''));
