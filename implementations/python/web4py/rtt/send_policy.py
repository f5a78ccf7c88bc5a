"""Send-queue policies (spec/rtt.md §9.1, docs/adr/1402): what ``send_message`` does when a channel's
send queue is full.

A channel's send queue is what harness.md HAR-RTT-003 counts, per channel: the messages accepted whose
FIN DATA frame is not produced yet and their bytes not yet in a DATA frame. It is *full* for a new
message when accepting it would take the queue over ``max_messages`` messages or ``max_bytes`` bytes.
The policies:

* ``error`` -- RTTBackpressureError, nothing of the message is sent (RTT-BP-001);
* ``drop_newest`` -- the new message is discarded quietly (RTT-BP-002);
* ``drop_oldest`` -- queued messages of the channel of which no DATA frame was produced are discarded,
  oldest first, as few as make room; when even all of them would not, the new one is (RTT-BP-003);
* ``block`` -- wait up to ``block_timeout_ms`` (real time) for room, then as ``error`` (RTT-BP-004).

web4py's default is ``error`` without a practical limit (the harness maxima), as before issue 18:
web4py never refused a send for a full queue."""

from __future__ import annotations

from dataclasses import dataclass

POLICIES = ("error", "drop_oldest", "drop_newest", "block")
MAX_MESSAGES = 65536
MAX_BYTES = 1 << 30
MAX_BLOCK_MS = 60000


@dataclass(frozen=True)
class SendQueuePolicy:
    policy: str = "error"
    max_messages: int = MAX_MESSAGES
    max_bytes: int = MAX_BYTES
    block_timeout_ms: int = 0

    def __post_init__(self) -> None:
        if self.policy not in POLICIES:
            raise ValueError("not a send-queue policy: %r" % (self.policy,))
        if not 1 <= self.max_messages <= MAX_MESSAGES:
            raise ValueError("max_messages out of 1 .. 65536")
        if not 1 <= self.max_bytes <= MAX_BYTES:
            raise ValueError("max_bytes out of 1 .. 2^30")
        if not 0 <= self.block_timeout_ms <= MAX_BLOCK_MS:
            raise ValueError("block_timeout_ms out of 0 .. 60000")

    @classmethod
    def from_request(cls, req: dict) -> "SendQueuePolicy":
        return cls(str(req["policy"]), int(req["max_messages"]), int(req["max_bytes"]),
                   int(req["block_timeout_ms"]))

    def as_dict(self) -> dict:
        return {"policy": self.policy, "max_messages": self.max_messages, "max_bytes": self.max_bytes,
                "block_timeout_ms": self.block_timeout_ms}


DEFAULT = SendQueuePolicy()


@dataclass(frozen=True)
class Held:
    """A queued message as the send queue counts it once everything the windows allow is framed:
    ``unsent`` bytes not in a DATA frame, ``touched`` when a DATA frame of it is (or will be, with
    the window it has now) produced -- such a message is never dropped."""

    message: object
    unsent: int
    touched: bool


def admit_retained(ch, policy: SendQueuePolicy, length: int) -> tuple[str, list]:
    """RTT-RES-017 (spec/rtt.md §12, docs/adr/1425): the policy against a session's channel ``ch``
    (session.ChannelState) while no connection takes its messages. The channel's queue is then its
    retained messages whose FIN DATA frame no connection of the session produced (index >= ``fins``),
    with all their bytes (a resume sends each whole). Returns ("retained" | "dropped" | "refused",
    the indexes drop_oldest discards, highest first, so that each renumbering leaves the rest valid).
    ``error`` refuses; ``block`` too, at once (no CREDIT can make room while suspended);
    ``drop_newest`` drops the new message; ``drop_oldest`` discards the oldest queued messages of
    which no DATA frame was produced (index >= ``begun``) -- never one its peer may hold in part or
    have delivered -- as few as make room, or the new one when even all of them would not."""
    queued = [(i, len(d)) for i, d in ch.retained if i >= ch.fins]

    def fits(entries) -> bool:
        return len(entries) + 1 <= policy.max_messages and sum(n for _, n in entries) + length <= policy.max_bytes

    if fits(queued):
        return "retained", []
    if policy.policy == "drop_newest":
        return "dropped", []
    if policy.policy != "drop_oldest":
        return "refused", []
    untouched_from = max(ch.begun, ch.fins)
    kept = [(i, n) for i, n in queued if i < untouched_from]
    if not fits(kept):
        return "dropped", []
    rest = list(queued)
    discarded = []
    for i, n in queued:
        if fits(rest):
            break
        if i >= untouched_from:
            rest.remove((i, n))
            discarded.append(i)
    return "retained", sorted(discarded, reverse=True)
