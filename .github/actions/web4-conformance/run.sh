#!/usr/bin/env bash
# The web4-conformance action's logic (action.yml runs it; the kit's build runs it too, in
# conformance-runner's ConformanceActionTest). Inputs come as environment variables:
#   INPUT_JAR             a runner jar: a local path or an http(s) URL (wins over INPUT_KIT_VERSION)
#   INPUT_JAR_SHA256      the expected SHA-256 of a jar given by URL (optional)
#   INPUT_KIT_VERSION     a released kit version, e.g. 0.2.0: its web4-conformance-<v>.jar is
#                         downloaded from INPUT_KIT_REPOSITORY's GitHub release v<v> and checked
#                         against the release's SHA256SUMS
#   INPUT_KIT_REPOSITORY  owner/name of the kit on GitHub (default: the action's own repository)
#   INPUT_SERVER_URL      the GitHub server (default https://github.com; GitHub Enterprise: yours)
#   INPUT_TARGET          the target descriptor (schemas/target/target.schema.json); empty: the
#                         bundled reference implementation
#   INPUT_PROFILE         core | full | … (empty: the target's)
#   INPUT_ARGS            more arguments for `web4-conformance run`, split like a shell would
#                         (quotes allowed, nothing expanded)
#   INPUT_REPORT_DIR      where the reports go (default web4-reports)
#   GITHUB_STEP_SUMMARY   the job summary file (optional): the verdicts are appended to it
#   GITHUB_OUTPUT         the step outputs file (optional): exit-code, report-dir, verdict
# Exit code: the runner's — 0 the selection passed, 1 a check failed or a requirement is untested,
# 2 usage, configuration, target or I/O error (also when this script cannot get a runner).
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
report_dir="${INPUT_REPORT_DIR:-web4-reports}"
work="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/web4-conformance-action.$$"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
trap 'rm -rf "$work"' EXIT

fail() { # one plain line, exit 2 (the runner's usage/configuration code)
  echo "web4-conformance action: $*" >&2
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    printf '## Web4 conformance: not run\n\n%s\n' "$*" >>"$GITHUB_STEP_SUMMARY"
  fi
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf 'exit-code=2\nreport-dir=%s\nverdict=error\n' "$report_dir" >>"$GITHUB_OUTPUT"
  fi
  exit 2
}

download() { # url file
  curl --fail --silent --show-error --location --retry 3 --max-time 300 -o "$2" "$1" \
    || fail "cannot download $1"
}

check_sha256() { # file expected-hex
  local actual
  actual="$(sha256sum "$1" | cut -d' ' -f1)"
  [ "$actual" = "$2" ] || fail "$1: SHA-256 $actual, expected $2"
}

resolve_jar() {
  mkdir -p "$work" || fail "cannot create $work"
  if [ -n "${INPUT_JAR:-}" ]; then
    case "$INPUT_JAR" in
      http://* | https://*)
        download "$INPUT_JAR" "$work/web4-conformance.jar"
        if [ -n "${INPUT_JAR_SHA256:-}" ]; then
          check_sha256 "$work/web4-conformance.jar" "$INPUT_JAR_SHA256"
        fi
        jar="$work/web4-conformance.jar"
        ;;
      *)
        [ -f "$INPUT_JAR" ] || fail "jar $INPUT_JAR: no such file"
        jar="$INPUT_JAR"
        ;;
    esac
    return
  fi
  local version="${INPUT_KIT_VERSION:-}"
  version="${version#v}"
  [ -n "$version" ] || fail "no runner: set the input kit-version (e.g. 0.2.0) or jar"
  local repo="${INPUT_KIT_REPOSITORY:-}"
  [ -n "$repo" ] || fail "no kit repository: set the input kit-repository (owner/name)"
  local base="${INPUT_SERVER_URL:-https://github.com}/$repo/releases/download/v$version"
  local name="web4-conformance-$version.jar"
  download "$base/$name" "$work/$name"
  download "$base/SHA256SUMS" "$work/SHA256SUMS"
  local expected
  expected="$(awk -v n="$name" '$2 == n || $2 == "*" n { print $1 }' "$work/SHA256SUMS")"
  [ -n "$expected" ] || fail "$base/SHA256SUMS does not list $name"
  check_sha256 "$work/$name" "$expected"
  jar="$work/$name"
}

split_args() { # INPUT_ARGS -> the array extra, shell quoting rules, nothing expanded
  extra=()
  [ -n "${INPUT_ARGS:-}" ] || return 0
  python3 -c 'import shlex, sys
sys.stdout.write("".join(a + "\0" for a in shlex.split(sys.argv[1])))' "$INPUT_ARGS" >"$work/args" \
    || fail "args: cannot split (unbalanced quotes?): $INPUT_ARGS"
  mapfile -d '' -t extra <"$work/args"
}

jar=""
resolve_jar
command -v "$java_bin" >/dev/null 2>&1 || fail "no java: install JDK 17 or newer (actions/setup-java)"
split_args

"$java_bin" -jar "$jar" --version || fail "$jar: not a runnable web4-conformance jar"

argv=(run --report-dir "$report_dir")
if [ -n "${INPUT_TARGET:-}" ]; then
  [ -f "$INPUT_TARGET" ] || fail "target $INPUT_TARGET: no such file"
  argv+=(--target "$INPUT_TARGET")
fi
if [ -n "${INPUT_PROFILE:-}" ]; then
  argv+=(--profile "$INPUT_PROFILE")
fi
argv+=("${extra[@]}")

echo "web4-conformance ${argv[*]}" >&2
"$java_bin" -jar "$jar" "${argv[@]}"
code=$?

verdict="error"
if [ -f "$report_dir/report.json" ]; then
  summary="$(python3 "$here/summary.py" "$report_dir/report.json" "$code")" \
    || summary="## Web4 conformance\n\nreport.json could not be read (exit code $code)."
  verdict="$(python3 "$here/summary.py" --verdict "$report_dir/report.json" "$code")" || verdict="error"
else
  summary="## Web4 conformance: no report

The runner exited with code $code before writing $report_dir/report.json; its one-line reason is in the log."
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  printf '%s\n' "$summary" >>"$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  printf 'exit-code=%s\nreport-dir=%s\nverdict=%s\n' "$code" "$report_dir" "$verdict" >>"$GITHUB_OUTPUT"
fi
exit "$code"
