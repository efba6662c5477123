/** The package manager whose lockfile the repository has. */
export type PackageManager = 'npm' | 'pnpm' | 'yarn';

/** Where `lanes init --ci github` writes its workflow. */
export const githubWorkflowPath = '.github/workflows/lanes.yml';

const install: Record<PackageManager, string> = {
  npm: 'npm ci',
  pnpm: 'pnpm install --frozen-lockfile',
  yarn: 'yarn install --immutable',
};

/**
 * The GitHub Actions workflow of `lanes init --ci github`: on every pull request, the plans lint clean and each
 * commit of the pull request stays in its session's lane (`lanes check`, which `--no-verify` cannot skip). The
 * branch name is chosen by whoever opens the pull request, so it reaches the script through `env:` only, never
 * written into it.
 */
export function githubWorkflow(packageManager: PackageManager): string {
  const pnpm = packageManager === 'pnpm' ? '      - uses: pnpm/action-setup@v4\n' : '';
  return `# Lanes (written by \`lanes init --ci github\`): the plans lint clean, and every commit of a pull request
# stays in its session's lane. Values from the pull request reach the scripts through env only.
name: lanes
on:
  pull_request:
permissions:
  contents: read
jobs:
  lanes:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
${pnpm}      - uses: actions/setup-node@v4
        with:
          node-version: 22
      - run: ${install[packageManager]}
      - run: node_modules/.bin/lanes lint --format github
      - run: node_modules/.bin/lanes check --range "$BASE_SHA..$HEAD_SHA" --branch "$HEAD_REF" --format github
        env:
          BASE_SHA: \${{ github.event.pull_request.base.sha }}
          HEAD_SHA: \${{ github.event.pull_request.head.sha }}
          HEAD_REF: \${{ github.head_ref }}
`;
}
