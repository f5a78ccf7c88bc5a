"""Pacing (spec/hcp.md §4.4): the level of a human state (Table 4.4a), the numbers of HCP 1.0
(Table 4.4b) and the combined decision for an action reaching a human (§4.4.2, Table 4.4c)."""

from __future__ import annotations

from typing import Iterable, Mapping

PRESSURE_THRESHOLD = 80  # pressure >= 80 crosses it (79 does not)
CLARITY_THRESHOLD = 30  # clarity <= 30 crosses it (31 does not)
MIN_INTERVAL_MS = 10_000  # level `slow`: between two actions of one session
RETRY_AFTER_MS = 30_000  # informative advice to a peer after a deferral
SLOW_PACING_FLAG = "slow_pacing"
CHECK_IN_AFFECTS = frozenset({"anxious", "tense"})

LEVELS = ("allow", "slow", "defer")
DECISIONS = ("allow", "slow", "defer", "check_in")


def level(human: Mapping, flags: Iterable[str] = ()) -> str:
    """Table 4.4a, first matching row."""
    high_pressure = human["pressure"] >= PRESSURE_THRESHOLD
    low_clarity = human["clarity"] <= CLARITY_THRESHOLD
    if human["presence"] == "overloaded" or (high_pressure and low_clarity):
        return "defer"
    if high_pressure or low_clarity or SLOW_PACING_FLAG in flags:
        return "slow"
    return "allow"


def needs_check_in(human: Mapping) -> bool:
    """An action (other than a check-in message) towards this human needs a confirmed check-in."""
    return human["affect"] in CHECK_IN_AFFECTS


def decision(human: Mapping, flags: Iterable[str] = (), check_in_confirmed: bool = False) -> str:
    """§4.4.2: defer, then check_in, then slow, then allow."""
    lv = level(human, flags)
    if lv == "defer":
        return "defer"
    if needs_check_in(human) and not check_in_confirmed:
        return "check_in"
    return lv


def interval_left_ms(last_ns, now_ns: int) -> int:
    """Milliseconds still to wait at level `slow` after an action at ``last_ns`` (None: none yet);
    0 when 10 s or more have passed."""
    if last_ns is None:
        return 0
    elapsed_ms = (now_ns - last_ns) // 1_000_000
    return max(0, MIN_INTERVAL_MS - elapsed_ms)
