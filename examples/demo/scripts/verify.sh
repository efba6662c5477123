#!/bin/sh
# The plan's `verify` step, run after every batch: every module that exists must load and say its line.
set -e
for f in src/*.js; do node -e "import('./$f')"; done
if [ -f src/cli.js ]; then node src/cli.js | grep -q 'Hello, lanes'; fi
echo "verify: $(ls src | wc -l | tr -d ' ') modules load"
