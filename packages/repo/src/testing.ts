// `@lanes/repo/testing`: what tests of real git repositories share.

/** An environment with a fixed git identity and no user or system git config, so tests see plain git. */
export function gitTestEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('LANES_') && !key.startsWith('GIT_') && key !== 'HUSKY'),
  );
  return {
    ...env,
    GIT_AUTHOR_NAME: 'Lanes Test',
    GIT_AUTHOR_EMAIL: 'test@lanes.invalid',
    GIT_COMMITTER_NAME: 'Lanes Test',
    GIT_COMMITTER_EMAIL: 'test@lanes.invalid',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    ...extra,
  };
}
