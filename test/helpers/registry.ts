import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { workspaceRoot } from './repo.ts';

/** A verdaccio registry on 127.0.0.1 that this test started, its storage in a temp folder. */
export interface LocalRegistry {
  url: string;
  /** A user config (`npm_config_userconfig`) that names this registry only. */
  npmrc: string;
  /** The same with a token that may publish to it. */
  publishNpmrc: string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no port'));
        else resolve(address.port);
      });
    });
  });
}

// The packages of this workspace are served from the storage only (never looked up upstream, never sent
// anywhere); every other package comes through from npmjs, as a user's install would get it.
const config = (dir: string, port: number): string => `storage: ${join(dir, 'storage')}
auth:
  htpasswd:
    file: ${join(dir, 'htpasswd')}
    algorithm: sha1
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
    timeout: 60s
packages:
  'lanes':
    access: $all
    publish: $authenticated
  '@lanes/*':
    access: $all
    publish: $authenticated
  'eslint-plugin-lanes':
    access: $all
    publish: $authenticated
  '**':
    access: $all
    publish: $authenticated
    proxy: npmjs
listen: 127.0.0.1:${port}
log: { type: stdout, format: pretty, level: warn }
`;

/** Starts verdaccio (the workspace's devDependency) with its config and storage in `dir`, and a user to publish as. */
export async function startRegistry(dir: string): Promise<LocalRegistry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(join(dir, 'config.yaml'), config(dir, port));
  const child: ChildProcess = spawn(process.execPath, [join(workspaceRoot, 'node_modules/verdaccio/bin/verdaccio'), '--config', join(dir, 'config.yaml')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited (${child.exitCode}): ${output}`);
    try {
      if ((await fetch(`${url}/-/ping`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`verdaccio did not answer on ${url} within 30 s: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  // What `npm adduser` does: PUT the user, get a token back.
  const response = await fetch(`${url}/-/user/org.couchdb.user:lanes-test`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'lanes-test', password: 'lanes-test-password', type: 'user', roles: [] }),
  });
  const { token } = (await response.json()) as { token?: string };
  if (!response.ok || token === undefined) {
    await stop();
    throw new Error(`verdaccio refused the test user (${response.status}): ${output}`);
  }
  const npmrc = join(dir, 'npmrc');
  writeFileSync(npmrc, `registry=${url}/\n`);
  const publishNpmrc = join(dir, 'publish-npmrc');
  writeFileSync(publishNpmrc, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  return { url, npmrc, publishNpmrc, stop };
}

/**
 * An environment for npm and pnpm that sees only this registry, with npm's cache in `dir` and no user config:
 * nothing global is read or written (pnpm's store is given with `--store-dir`).
 */
export function registryEnv(registry: LocalRegistry, dir: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(base).filter(([key]) => !/^(npm_|pnpm_)/i.test(key)));
  return {
    ...env,
    npm_config_userconfig: registry.npmrc,
    npm_config_registry: `${registry.url}/`,
    npm_config_cache: join(dir, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    COREPACK_ENABLE_STRICT: '0',
  };
}
