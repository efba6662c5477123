// The first module `bin/lanes.js` loads for a bare `lanes guard` (the pre-commit hook), bundled on its own into
// dist/guard-start.js: it starts the guard's git reads before the rest of the guard (dist/guard-hook.js) loads.
export { prestartGuardReads } from '@lanes/guard/reads';
