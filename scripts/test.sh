#!/usr/bin/env bash
# The whole test suite: unit, functional (real PostgreSQL, Redis, snmpd in network namespaces)
# and browser (real Chromium). Installs what it needs on a fresh machine first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_debian_packages
ensure_services
ensure_node_modules
ensure_ui_build

cd "$ROOT"
# The boundaries and real errors (eslint.config.js) and the types, server and UI, come first:
# either failing fails the run before a test starts.
npm run --silent lint || { echo "lint failed: tests not run" >&2; exit 1; }
npm run --silent typecheck || { echo "type check failed: tests not run" >&2; exit 1; }

log="$(mktemp)"
set +e
node ace test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Japa's summary reads "Tests  12 passed, 1 failed (13)"; CI reads the plain form.
summary="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ *Tests +[0-9]+' | tail -1)"
passed="$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)"
failed="$(grep -oE '[0-9]+ failed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)"
# A group whose setup or teardown hook fails runs none of its tests, and Japa's summary does not
# count it: report those groups beside the failed tests.
hooks="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -cE '^❯ .*: (Setup|Teardown) hook$' || true)"
rm -f "$log"
if [ -z "$summary" ] && [ "$status" -eq 0 ]; then status=1; echo "no test summary found" >&2; fi
if [ "${hooks:-0}" -gt 0 ]; then
  echo "tests: ${passed} passed, ${failed} failed, ${hooks} groups not run (a setup or teardown hook failed)"
  [ "$status" -ne 0 ] || status=1
else
  echo "tests: ${passed} passed, ${failed} failed"
fi
exit "$status"
