#!/usr/bin/env bash
# Fuzzes one target for a bounded time (docs/fuzzing.md), niced (NICE, default 10), and prints its libFuzzer summary.
#
#   fuzz/fuzz.sh CLASS#METHOD [DURATION]      e.g. fuzz/fuzz.sh FrameCodecFuzzTest#decode 5m
#
# The generated corpus grows in fuzz/.cifuzz-corpus/ (not committed; reused by the next run);
# crashing inputs go to fuzz/target/findings/, never into the committed seed corpus; the whole
# log is fuzz/target/fuzz-logs/CLASS.METHOD.log. Exit status: Maven's (non-zero on a finding).
set -uo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/fuzz.sh CLASS#METHOD [DURATION]}
duration=${2:-5m}
logs=fuzz/target/fuzz-logs
findings=fuzz/target/findings
mkdir -p "$logs" "$findings"
log="$logs/${target//#/.}.log"
start=$(date -u +%FT%TZ)
JAZZER_FUZZ=1 nice -n "${NICE:-10}" ./mvnw -B -ntp -o -pl fuzz -am test -DskipStaticChecks -Djacoco.skip=true \
  -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.max_duration="$duration" \
  -Djazzer.internal.arg.4=-artifact_prefix="$PWD/$findings/" >"$log" 2>&1
status=$?
echo "$target  started $start  maven exit $status"
grep -E '^#[0-9]+[[:space:]]+INITED' "$log" | tail -1
grep -E '^#[0-9]+[[:space:]]+(DONE|NEW|REDUCE|pulse)' "$log" | tail -1
grep -E '^Done [0-9]+ runs|^==[0-9]+== ERROR|Slowest unit|^SUMMARY|FuzzTestFinding' "$log" | head -5
exit $status
