#!/usr/bin/env python3
"""The job summary of a kit run, in GitHub-flavoured Markdown, from its report.json.

    summary.py REPORT_JSON EXIT_CODE            prints the summary
    summary.py --verdict REPORT_JSON EXIT_CODE  prints one word: conforms, passed, failed or error

The conformance claim: "conforms" only when the runner exited 0 on a run without a selection (a
run selected with --tags, or by requirement or check, passes or fails its selection but claims
nothing). When the report states verdicts per profile ("profiles": {"core": {"conforms": true}, …}
or a list of {"profile": …, "conforms": …}), each is shown. Standard library only; reads report
versions 1.x and later (unknown members are ignored).
"""
import json
import sys

EXIT_MEANING = {
    0: "the selection passed",
    1: "a check failed or a requirement is untested",
    2: "usage, configuration, target or I/O error",
}
MAX_ROWS = 200  # GitHub caps a job summary at 1 MiB; the full matrix is in report.html
ICON = {"passed": "✅", "failed": "❌", "untested": "⚠️", "errored": "💥",
        "not_applicable": "➖", "not_selected": "·", "expected_failure": "🟡"}


def cell(text, limit=160):
    """One Markdown table cell: one line, pipes escaped, cut at limit characters."""
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


SELECTING_OPTIONS = ("--tags", "--requirement", "--check", "--rerun", "--kind")


def selection(header, report=None):
    """What the run selected, or None when it ran every check.

    The options come from the header's command line; a report whose requirement summary counts
    requirements "not selected" was a selection whatever its command line says."""
    parts = []
    if header.get("tags"):
        parts.append("--tags " + header["tags"])
    args = [str(a) for a in header.get("command_line") or []]
    for i, arg in enumerate(args):
        for option in SELECTING_OPTIONS:
            if option == "--tags" and header.get("tags"):
                continue
            if arg == option and i + 1 < len(args):
                parts.append(f"{option} {args[i + 1]}")
            elif arg.startswith(option + "="):
                parts.append(f"{option} {arg[len(option) + 1:]}")
    not_selected = ((report or {}).get("requirement_summary") or {}).get("not_selected") or 0
    if not parts and not_selected:
        parts.append(f"{not_selected} requirements not selected")
    return "; ".join(parts) or None


def profile_claims(report):
    """(profile, conforms) pairs the report states, if it states any."""
    profiles = report.get("profiles") or report.get("conformance") or {}
    if isinstance(profiles, dict):
        return [(name, bool(v.get("conforms"))) for name, v in profiles.items()
                if isinstance(v, dict) and "conforms" in v]
    if isinstance(profiles, list):
        return [(str(p.get("profile")), bool(p.get("conforms"))) for p in profiles
                if isinstance(p, dict) and "conforms" in p]
    return []


def verdict(report, code):
    if code == 2:
        return "error"
    if code != 0:
        return "failed"
    return "passed" if selection(report.get("header", {}), report) else "conforms"


def claim_line(report, code):
    header = report.get("header", {})
    profile = header.get("profile", "?")
    selected = selection(header, report)
    if code == 2:
        return f"💥 **error** (exit code 2: {EXIT_MEANING[2]})"
    if selected:
        word = "✅ **selection passed**" if code == 0 else "❌ **selection failed**"
        return f"{word} (profile {profile}; {selected}; a selection makes no conformance claim)"
    if code == 0:
        return f"✅ **conforms** to profile {profile}"
    return f"❌ **does not conform** to profile {profile} (exit code {code}: {EXIT_MEANING[1]})"


def render(report, code):
    header = report.get("header", {})
    impl = header.get("implementation", {})
    who = " ".join(x for x in (impl.get("name"), impl.get("version")) if x) or header.get("target", "?")
    lines = [f"## Web4 conformance: {cell(who)}", "", claim_line(report, code), ""]
    claims = profile_claims(report)
    for name, conforms in claims:
        lines.append(f"- profile **{name}**: " + ("conforms" if conforms else "does not conform"))
    if claims:
        lines.append("")
    vectors = header.get("vectors", {}).get("manifest_sha256", "?")
    lines += [
        f"kit {header.get('kit_version', '?')} · spec {header.get('spec_version', '?')} · "
        f"seed {header.get('seed', '?')} · vectors manifest `{str(vectors)[:16]}…` · "
        f"target {cell(header.get('target', '?'))}",
        "",
    ]
    summary = report.get("summary", {})
    outcomes = [k for k in ("passed", "failed", "errored", "skipped", "not_applicable",
                            "expected_failure") if k in summary]
    lines += ["| checks | " + " | ".join(o.replace("_", " ") for o in outcomes) + " |",
              "|---" * (len(outcomes) + 1) + "|",
              f"| {summary.get('total', '?')} | " + " | ".join(str(summary[o]) for o in outcomes) + " |",
              ""]
    gate = report.get("coverage_gate", {})
    if gate.get("summary"):
        lines += [f"**Requirements**: {cell(gate['summary'], 400)}", ""]

    requirements = report.get("requirements", [])
    cases = {c.get("id"): c for c in report.get("cases", [])}
    bad = [r for r in requirements if r.get("verdict") in ("failed", "untested")
           and not (r.get("verdict") == "untested" and r.get("declared_untested_when"))]
    if bad:
        lines += [f"### Requirements that fail the run ({len(bad)})", "",
                  "| requirement | verdict | what went wrong |", "|---|---|---|"]
        for r in bad[:MAX_ROWS]:
            why = r.get("why", "")
            failing = [cases[i] for i in r.get("cases", []) if i in cases
                       and cases[i].get("outcome") in ("failed", "errored")]
            if failing:
                first = failing[0]
                why = f"{first.get('id')}: {first.get('message') or first.get('outcome')}"
                if len(failing) > 1:
                    why += f" (and {len(failing) - 1} more)"
            lines.append(f"| {r.get('id')} ({r.get('level', '?')}) | "
                         f"{ICON.get(r.get('verdict'), '')} {r.get('verdict')} | {cell(why)} |")
        if len(bad) > MAX_ROWS:
            lines.append(f"| … | | {len(bad) - MAX_ROWS} more in report.html |")
        lines.append("")

    if requirements:
        lines += [f"<details><summary>Every requirement's verdict ({len(requirements)})</summary>",
                  "", "| requirement | verdict |", "|---|---|"]
        for r in requirements:
            lines.append(f"| {r.get('id')} | {ICON.get(r.get('verdict'), '')} {r.get('verdict')} |")
        lines += ["", "</details>", ""]
    lines.append("Reports (report.json, report.html, junit.xml) are attached to the run as an artifact.")
    return "\n".join(lines)


def main(argv):
    only_verdict = argv[:1] == ["--verdict"]
    args = argv[1:] if only_verdict else argv
    if len(args) != 2:
        print("usage: summary.py [--verdict] REPORT_JSON EXIT_CODE", file=sys.stderr)
        return 2
    try:
        with open(args[0], encoding="utf-8") as f:
            report = json.load(f)
        code = int(args[1])
    except (OSError, ValueError) as e:
        print(f"summary.py: {args[0]}: {e}", file=sys.stderr)
        return 2
    print(verdict(report, code) if only_verdict else render(report, code))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
