#!/bin/sh
# The plan's `verify` step, run after every batch: every module must load, and the command line, once S-D
# has written it, must greet.
set -e
for f in src/*.js; do node -e "import('./$f')"; done
if grep -q greet src/cli.js; then node src/cli.js | grep -q 'Hello, lanes'; fi
echo "verify: $(ls src | wc -l | tr -d ' ') modules load"
