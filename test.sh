#!/usr/bin/env bash
# Installs what the tests need, builds everything, runs every test project, and ends with one line:
#   N passed, N failed
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! scripts/install-prerequisites.sh; then
  echo "test.sh: could not install the packages the tests need"; echo "0 passed, 1 failed"; exit 1
fi
export PATH="$PATH:/usr/sbin:/sbin"

echo "test.sh: building"
if ! dotnet build FedNet.slnx -c Release -nologo -v quiet -clp:ErrorsOnly; then
  echo "test.sh: build failed"; echo "0 passed, 1 failed"; exit 1
fi

passed=0; failed=0; skipped=0; broken=0
results="$here/.build/test-results"; rm -rf "$results"; mkdir -p "$results"
for proj in tests/*.Tests/*.csproj; do
  name=$(basename "$proj" .csproj)
  dll="$(dirname "$proj")/bin/Release/net10.0/$name.dll"
  echo "test.sh: running $name"
  log="$results/$name.log"
  dotnet "$dll" --no-progress --no-ansi --timeout 25m --results-directory "$results" >"$log" 2>&1
  rc=$?
  count() { grep -E "^\s*$1: [0-9]+" "$log" | tail -1 | grep -oE '[0-9]+' ; }
  t_total=$(count total); t_failed=$(count failed); t_passed=$(count succeeded); t_skipped=$(count skipped)
  if [[ -z "$t_total" || "$t_total" == 0 ]]; then
    echo "test.sh: $name ran no test (exit $rc):"; tail -40 "$log"; broken=$((broken + 1)); continue
  fi
  passed=$((passed + t_passed)); failed=$((failed + t_failed)); skipped=$((skipped + t_skipped))
  echo "test.sh: $name: $t_passed passed, $t_failed failed, ${t_skipped} skipped"
  if (( t_failed > 0 || rc != 0 )); then
    grep -E '^(failed|error) ' -A 15 "$log" | head -200
    (( t_failed == 0 )) && { echo "test.sh: $name exited $rc"; broken=$((broken + 1)); }
  fi
done
failed=$((failed + broken))
if (( skipped > 0 )); then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
(( failed == 0 && skipped == 0 ))
