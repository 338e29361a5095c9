"""`build.py bench tcp`: TCP through Krait's userland tools beside the Linux guest, each booted in turn under the
same QEMU line (TCG, 256 MiB, the same NIC model on a tap in a namespace this run creates), printed as Krait/Linux
ratios.

Servers on the guest side (docs: toolchain/linux_guest.py for the Linux guest's):
                 Krait (user/ scripts, started from its shell)     Linux guest (busybox)
  sink   9       nc.py -l -k --count 9                             nc -ll -p 9 -e sink (answers the count)
  source 19      nc.py -l -N -s BYTES 19, started per transfer      nc -ll -p 19 -e source (reads the count)
  echo   7       echo.py 7                                         nc -ll -p 7 -e /bin/cat
  http   80      httpd.py 80                                       busybox httpd
Measured from the namespace by this same file run as a client (`bench_tcp.py client ...`):
  host->guest MB/s    send BYTES, shut down, wait for the guest to close (the time its sink took to read them)
  guest->host MB/s    receive BYTES until the guest closes
  echo round trip     1 byte there and back, TCP_NODELAY, mean over ROUNDS after a warm-up
  HTTP requests/s     GET / over HTTP/1.0, a new connection for each, one after another for HTTP_SECONDS
Transfer sizes follow a 1 MB warm-up so that each measured transfer lasts about TRANSFER_SECONDS.
Krait and Linux are booted in turn `runs` times (3 by default); each figure is the median of its runs and each
ratio is given with its range over the runs' Krait/Linux pairs (single runs on a shared machine move 20-50%).
Targets (issue 7): throughput at least 0.5x Linux, echo round trip at most 1.0x, HTTP requests/s at least 2x.
"""
import json
import re
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

MEM = "256M"
TRANSFER_SECONDS = 4.0
MIN_BYTES = 1_000_000
MAX_BYTES = 400_000_000
WARMUP_BYTES = 1_000_000
ROUNDS = 300
HTTP_SECONDS = 5.0
PORTS = {"sink": 9, "source": 19, "echo": 7, "http": 80}


# ---- the client side: runs inside the namespace -----------------------------------------------------------------

def client_send(host, port, total):
    """host->guest: seconds from connect to the guest's close after reading `total` bytes."""
    block = bytes(65536)
    view = memoryview(block)
    c = socket.create_connection((host, port), timeout=300)
    start = time.monotonic()
    sent = 0
    while sent < total:
        sent += c.send(view[:min(len(block), total - sent)])
    c.shutdown(socket.SHUT_WR)
    answer = b""
    while True:
        data = c.recv(65536)
        if not data:
            break
        answer += data
    elapsed = time.monotonic() - start
    c.close()
    return {"bytes": sent, "seconds": elapsed, "answer": answer.decode(errors="replace").strip()}


def client_receive(host, port, total):
    """guest->host: asks for `total` bytes (the Linux source reads the count; Krait's nc ignores it) and reads
    until the guest closes."""
    c = socket.create_connection((host, port), timeout=300)
    start = time.monotonic()
    c.sendall(f"{total}\n".encode())
    got = 0
    buf = bytearray(1 << 16)
    while True:
        n = c.recv_into(buf)
        if not n:
            break
        got += n
    elapsed = time.monotonic() - start
    c.close()
    return {"bytes": got, "seconds": elapsed}


def client_echo(host, port, rounds):
    c = socket.create_connection((host, port), timeout=30)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    times = []
    for i in range(rounds + 20):
        start = time.perf_counter()
        c.sendall(b"x")
        if c.recv(1) != b"x":
            raise SystemExit("echo: wrong or no byte back")
        if i >= 20:
            times.append(time.perf_counter() - start)
    c.close()
    times.sort()
    return {"mean_ms": sum(times) / len(times) * 1000, "median_ms": times[len(times) // 2] * 1000,
            "rounds": rounds}


def client_http(host, port, seconds):
    request = b"GET / HTTP/1.0\r\nHost: bench\r\nUser-Agent: bench_tcp\r\n\r\n"
    done = 0
    failures = 0
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            c = socket.create_connection((host, port), timeout=30)
            c.sendall(request)
            response = b""
            while True:
                data = c.recv(65536)
                if not data:
                    break
                response += data
            c.close()
        except OSError:
            failures += 1
            continue
        if re.match(rb"HTTP/1\.[01] 200 ", response) and b"\r\n\r\n" in response:
            done += 1
        else:
            failures += 1
    elapsed = time.monotonic() - start
    return {"requests": done, "failures": failures, "per_second": done / elapsed}


def client_main(argv):
    mode, host, port, arg = argv[0], argv[1], int(argv[2]), argv[3]
    fn = {"send": client_send, "receive": client_receive, "echo": client_echo, "http": client_http}[mode]
    print(json.dumps(fn(host, port, float(arg) if mode == "http" else int(arg))))
    return 0


# ---- the bench side ---------------------------------------------------------------------------------------------

def run_client(ns, mode, port, arg, timeout=600):
    from toolchain import bench_net
    done = ns.run([sys.executable, str(Path(__file__).resolve()), "client", mode, bench_net.GUEST_ADDR, port, arg],
                  check=False, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"client {mode} failed: {done.stdout}{done.stderr}")
    return json.loads(done.stdout)


def sized(rate_bytes_per_s):
    return int(min(MAX_BYTES, max(MIN_BYTES, rate_bytes_per_s * TRANSFER_SECONDS)))


class KraitTarget:
    """Krait booted with `nic` on a tap moved into ns, its servers started from the shell."""

    name = "krait"

    def __init__(self, ns, nic, image=None):
        from toolchain import bench_net
        self.ns = ns
        self.k = bench_net.krait_on_tap(ns, nic, MEM, image)
        self.background("echo -q 7", r"echo: tcp port 7")
        self.background("httpd -q 80", r"httpd: listening on port 80")
        self.background("nc -l -k -v --count 9", r"nc: listening on 0\.0\.0\.0 port 9 ")

    def background(self, line, ready):
        """Starts a user script in the background; returns once it printed `ready` and the shell is in step."""
        self.k.send(f"run {line} &\r")
        self.k.expect(ready, 60)
        self.k.sync(60)

    def prepare_source(self, total):
        self.background(f"nc -l -v -N -s {total} 19", r"nc: listening on 0\.0\.0\.0 port 19 ")

    def close(self):
        self.k.close()


class LinuxTarget:
    name = "linux"

    def __init__(self, ns, nic):
        from toolchain import bench_net
        self.session = bench_net.LinuxGuestSession(ns, nic, MEM)
        self.session.wait_ready()
        if not bench_net.wait_reachable(ns, bench_net.GUEST_ADDR):
            raise RuntimeError("the Linux guest does not answer ping")

    def prepare_source(self, total):
        pass

    def close(self):
        self.session.close()


def measure(target, ns):
    r = {}
    # warm-ups: TCG translates the paths, and the rates size the measured transfers
    warm = run_client(ns, "send", PORTS["sink"], WARMUP_BYTES)
    n = sized(warm["bytes"] / warm["seconds"])
    res = run_client(ns, "send", PORTS["sink"], n)
    r["host_to_guest"] = res["bytes"] / res["seconds"] / 1e6
    r["host_to_guest_bytes"] = res["bytes"]
    target.prepare_source(WARMUP_BYTES)
    warm = run_client(ns, "receive", PORTS["source"], WARMUP_BYTES)
    n = sized(warm["bytes"] / warm["seconds"])
    target.prepare_source(n)
    res = run_client(ns, "receive", PORTS["source"], n)
    if res["bytes"] != n:
        raise RuntimeError(f"{target.name}: asked for {n} bytes from the source, got {res['bytes']}")
    r["guest_to_host"] = res["bytes"] / res["seconds"] / 1e6
    r["guest_to_host_bytes"] = res["bytes"]
    r["echo_ms"] = run_client(ns, "echo", PORTS["echo"], ROUNDS)["mean_ms"]
    run_client(ns, "http", PORTS["http"], 1.0)
    res = run_client(ns, "http", PORTS["http"], HTTP_SECONDS)
    r["http_per_s"] = res["per_second"]
    r["http_failures"] = res["failures"]
    return r


def bench_target(cls, nic):
    import netns
    with netns.Namespace() as ns:
        target = cls(ns, nic)
        try:
            return measure(target, ns)
        finally:
            target.close()


ROWS = [
    ("host->guest MB/s", "host_to_guest", "{:.2f}", ">= 0.5x", lambda k, l: k / l),
    ("guest->host MB/s", "guest_to_host", "{:.2f}", ">= 0.5x", lambda k, l: k / l),
    ("1-byte echo rtt ms", "echo_ms", "{:.3f}", "<= 1.0x", lambda k, l: k / l),
    ("HTTP req/s (new conn)", "http_per_s", "{:.0f}", ">= 2.0x", lambda k, l: k / l),
]


def median(values):
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def report(nic, krait_runs, linux_runs):
    """Medians over the runs; the ratio of the medians, and the range of the per-run ratios."""
    runs = len(krait_runs)
    print(f"\n{nic} (TCG, {MEM}, tap in a namespace; median of {runs} run{'s' if runs > 1 else ''} each)")
    print(f"  {'':24} {'krait':>10} {'linux':>10} {'krait/linux':>12} {'range':>12}  target")
    for label, key, fmt, target, ratio in ROWS:
        k = median(r[key] for r in krait_runs)
        lx = median(r[key] for r in linux_runs)
        each = [ratio(a[key], b[key]) for a, b in zip(krait_runs, linux_runs)]
        spread = f"{min(each):.2f}-{max(each):.2f}" if runs > 1 else ""
        print(f"  {label:24} {fmt.format(k):>10} {fmt.format(lx):>10} {ratio(k, lx):11.2f}x {spread:>12}  {target}")
    print(f"  (transfers, last run: krait {krait_runs[-1]['host_to_guest_bytes']} / "
          f"{krait_runs[-1]['guest_to_host_bytes']} bytes, linux {linux_runs[-1]['host_to_guest_bytes']} / "
          f"{linux_runs[-1]['guest_to_host_bytes']} bytes; HTTP failures krait "
          f"{sum(r['http_failures'] for r in krait_runs)}, linux {sum(r['http_failures'] for r in linux_runs)})",
          flush=True)


def main(nics=("e1000", "rtl8139"), as_json=False, runs=3):
    import netns
    from toolchain import kbuild, linux_guest
    reason = netns.unavailable_reason()
    if reason:
        sys.exit(f"bench tcp: {reason}")
    kbuild.build(quiet_when_current=True)
    linux_guest.build()
    print(f"TCP through userland tools: Krait's user/ scripts vs the Linux guest's busybox, one QEMU at a time; "
          f"transfers sized to ~{TRANSFER_SECONDS:g} s, echo mean of {ROUNDS}, HTTP for {HTTP_SECONDS:g} s",
          flush=True)
    results = {}
    for nic in nics:
        krait, linux = [], []
        for _ in range(runs):
            krait.append(bench_target(KraitTarget, nic))
            linux.append(bench_target(LinuxTarget, nic))
        results[nic] = {"krait": krait, "linux": linux}
        report(nic, krait, linux)
    if as_json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "client":
        sys.exit(client_main(sys.argv[2:]))
    nics = [a for a in sys.argv[1:] if a in ("e1000", "rtl8139")] or ["e1000", "rtl8139"]
    runs = [int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--runs=")]
    sys.exit(main(nics, "--json" in sys.argv, runs[-1] if runs else 3))
