import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as model from './model-index.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

// A resolve hook that prints every URL node resolves. Hooks run on their own thread; `writeSync` to fd 2
// finishes before the import that asked for the URL goes on, so stderr holds the whole module graph.
const hooks = `import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  writeSync(2, 'resolved ' + result.url + '\\n');
  return result;
}`;
const registerHooks = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;

/** The packages under node_modules that a cold `node` loads to import `specifier` from the built core. */
function packagesLoadedBy(specifier: string): string[] {
  const child = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(registerHooks)}`, '--input-type=module', '-e', `await import(${JSON.stringify(specifier)});`],
    { cwd: packageDir, encoding: 'utf8' },
  );
  expect(child.status, child.stderr).toBe(0);
  const urls = child.stderr
    .split('\n')
    .filter((line) => line.startsWith('resolved '))
    .map((line) => line.slice('resolved '.length));
  expect(urls).toContain(new URL(`../dist/${specifier === '@lanes/core' ? 'index' : 'model-index'}.js`, import.meta.url).href);
  // pnpm's layout: …/node_modules/.pnpm/micromark@4.0.3/node_modules/micromark/index.js
  const names = urls.map((url) => /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]).filter((name) => name !== undefined);
  return [...new Set(names)].sort();
}

describe('@lanes/core/model (built dist)', () => {
  it('loads no markdown parser, no yaml: no package at all', () => {
    expect(packagesLoadedBy('@lanes/core/model')).toEqual([]);
  });

  it('is told apart from @lanes/core, which loads unified, micromark and yaml', () => {
    expect(packagesLoadedBy('@lanes/core')).toEqual(expect.arrayContaining(['micromark', 'micromark-extension-gfm-table', 'unified', 'yaml']));
  });

  it('exports the model functions', () => {
    expect(Object.keys(model).sort()).toEqual([
      'agentIdOf',
      'batchOfPhase',
      'dependentsOf',
      'findDependencyCycles',
      'inlineText',
      'isBranchName',
      'isEmptyValue',
      'isLaunchableAgent',
      'launchModeByExecMode',
      'launchModeFor',
      'launchModes',
      'launchableAgents',
      'ownBranch',
      'parseCost',
      'parseDuration',
      'parseExecMode',
      'parseIssueRef',
      'parseLaunchMode',
      'parsePositiveInt',
      'planBatches',
      'planToJson',
      'readWorktree',
      'registryStatuses',
      'scheduleWaves',
      'splitList',
    ]);
  });
});
