#!/usr/bin/env bash
# Mutation testing of the reference's decision classes through the kit (docs/mutation.md).
#
#   scripts/pit.sh [GROUP ...]      GROUP: cip hcp lip envelope frames (default: all, one after another)
#
# Each group is one Maven run of the pit profile: PIT mutates the group's classes of reference-impl
# and, for each mutant, runs the kit against the embedded reference (KitRunForMutants) with every
# vector, property and harness check and the group's scenarios (KitRunForMutants.Group), over loopback. Reports:
# conformance-runner/target/pit-reports/GROUP/ (index.html, mutations.xml), and
# conformance-runner/target/pit-reports/GROUP.log: PIT's verbose log, where each mutant's description
# is followed by the check that killed it ("web4.pit.killed-by"). Not part of the build: a group
# takes from minutes (frames, envelope) to an hour (lip) on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

classes() {
  case "$1" in
    cip) echo "org.web4.cip.TrustFsm,org.web4.cip.TrustBook" ;;
    hcp) echo "org.web4.hcp.Pacing,org.web4.hcp.Consent" ;;
    lip) echo "org.web4.lip.Acceptance,org.web4.lip.SourceRules" ;;
    envelope) echo "org.web4.envelope.EnvelopeValidator" ;;
    frames) echo "org.web4.rtt.frame.FrameCodec" ;;
    *) echo "unknown group: $1 (cip hcp lip envelope frames)" >&2; exit 2 ;;
  esac
}

groups=("$@")
if [ ${#groups[@]} -eq 0 ]; then
  groups=(frames cip hcp envelope lip)
fi
for group in "${groups[@]}"; do
  echo "== pit: $group: $(classes "$group")"
  log="conformance-runner/target/pit-reports/$group.log"
  mkdir -p "$(dirname "$log")"
  ./mvnw -B -ntp -Ppit -pl conformance-runner -am verify -Dverbose=true \
    -Dpit.group="$group" -Dpit.classes="$(classes "$group")" > "$log" 2>&1 ||
    { tail -40 "$log"; echo "== pit: $group failed (log: $log)" >&2; exit 1; }
  grep -E '>> Generated [0-9]+ mutations' "$log" || true
  echo "== pit: $group: killed by (first check that failed):"
  grep -o 'web4.pit.killed-by [^ ]*' "$log" | sort | uniq -c | sort -rn || true
done
