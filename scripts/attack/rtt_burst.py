"""Issue 20 item 6 reproduction: N honest dialers at once; how many handshakes complete."""
import hashlib, sys, threading, time
sys.path.insert(0, sys.argv[1])
from web4py.rtt.identity import Identity
from web4py.rtt.rawpeer import RawPeer
host, port, n = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
ok, failed = [], []
go = threading.Barrier(n)
def dial(i):
    me = Identity(hashlib.sha256(b"burst%d" % i).digest(), "burst%d" % i)
    go.wait()
    t = time.monotonic()
    try:
        p = RawPeer.connect((host, port), me).handshake()
        ok.append(time.monotonic() - t)
        p.close()
    except Exception as e:
        failed.append(type(e).__name__)
ts = [threading.Thread(target=dial, args=(i,)) for i in range(n)]
[t.start() for t in ts]; [t.join() for t in ts]
ok.sort()
print("%d dialers: %d completed, %d refused (%s); p50 %.0f ms, max %.0f ms" % (
    n, len(ok), len(failed), sorted(set(failed)), 1000 * ok[len(ok) // 2] if ok else 0, 1000 * ok[-1] if ok else 0))
