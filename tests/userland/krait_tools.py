"""Driving Krait's userland tools in QEMU: Krait on a tap in a test namespace (or on the fault relay's dgram
socket), tools started from its shell in the foreground or in the background, and Linux peers in the
namespace."""
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
from toolchain import bench_net  # noqa: E402
from tools import pattern_sha  # noqa: E402

KRAIT = "10.9.0.2"
LINUX = "10.9.0.1"
KRAIT_CIDR = f"{KRAIT}/24"
LINUX_CIDR = f"{LINUX}/24"


def boot_on_tap(boot, ns, nic, append=f"ip={KRAIT_CIDR}", mem="128M"):
    """Krait with one NIC on a tap made in the root namespace, then moved into ns with Linux's address."""
    tap = ns.add_root_tap()
    k = boot(nics=[(nic, f"tap:{tap}")], append=append, mem=mem)
    k.prompt()
    ns.move_link(tap, LINUX_CIDR)
    k.tap = tap
    assert bench_net.wait_reachable(ns, KRAIT), f"{KRAIT} never answered from {ns.name}:\n{k.log[-3000:]}"
    return k


def boot_on_relay(boot, ns, relay, nic, append=f"ip={KRAIT_CIDR}", mem="128M"):
    """Krait with its NIC on the fault relay's dgram socket; the relay's tap in ns gets Linux's address."""
    k = boot(nics=[(nic, relay.netdev())], append=append, mem=mem)
    k.prompt()
    ns.configure(relay.tap, LINUX_CIDR)
    assert bench_net.wait_reachable(ns, KRAIT, timeout=60), f"{KRAIT} never answered through the relay"
    return k


def start(k, line, ready=None, timeout=30):
    """Starts `line` (a user script and its arguments) in the background with the shell's `run` (plain `NAME`
    would run a shell command of that name first, such as echo); waits for the shell's `[PID] NAME` and, when
    given, for the script's `ready` line (a regex), then resynchronises with the shell. Returns the PID."""
    k.send(f"run {line} &\r")
    name = line.split()[0].removesuffix(".py")
    k.expect(rf"\[(\d+)\] {re.escape(name)}\b[^\n]*\n", timeout)
    pid = int(k.child.match.group(1))
    if ready:
        k.expect(ready, timeout)
    k.sync(timeout)
    return pid


def expect_line(k, pattern, timeout=60):
    """Waits for a console line matching pattern (a regex without anchors); returns the match."""
    k.expect(pattern, timeout)
    return k.child.match


def run_fg(k, line, timeout=60):
    """Runs a user script in the foreground; returns its output (without the shell's exit report)."""
    out = k.cmd(f"run {line}", timeout=timeout)
    return re.sub(r"^\[\d+\] exited with status \d+\n", "", out, flags=re.M)


def kill(k, pid):
    k.cmd(f"kill {pid}")


class LinuxListener:
    """A TCP listener in the namespace, run by a small Python program: `mode` is 'sink' (reads to EOF, prints the
    byte count and SHA-256), 'source N' (sends N pattern bytes, then closes) or 'reset N' (reads N bytes, then
    resets the connection)."""

    PROGRAM = r"""
import hashlib, socket, struct, sys, time
sys.path.append(sys.argv[1])
import pattern
mode = sys.argv[2]
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("0.0.0.0", 0))
srv.listen(4)
print("port", srv.getsockname()[1], flush=True)
c, _ = srv.accept()
start = time.monotonic()
if mode == "sink":
    h = hashlib.sha256(); n = 0
    while True:
        d = c.recv(1 << 16)
        if not d:
            break
        h.update(d); n += len(d)
    print("sink", n, h.hexdigest(), round(time.monotonic() - start, 3), flush=True)
elif mode == "source":
    total = int(sys.argv[3]); sent = 0
    while sent < total:
        step = min(1 << 16, total - sent)
        c.sendall(pattern.generate(step, sent)); sent += step
    c.shutdown(socket.SHUT_WR)
    while c.recv(1 << 16):
        pass
    print("source", sent, round(time.monotonic() - start, 3), flush=True)
elif mode == "reset":
    want = int(sys.argv[3]); got = 0
    while got < want:
        d = c.recv(1 << 16)
        if not d:
            break
        got += len(d)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
    print("reset after", got, flush=True)
"""

    def __init__(self, ns, mode, *args):
        self.proc = ns.popen([sys.executable, "-c", self.PROGRAM, str(ROOT / "user"), mode, *map(str, args)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.match(r"port (\d+)", line)
        assert m, f"the listener did not start: {line}{self.proc.stderr.read()}"
        self.port = int(m.group(1))

    def result(self, timeout=600):
        out, err = self.proc.communicate(timeout=timeout)
        assert self.proc.returncode == 0, err
        return out.split()


def krait_sends_pattern(k, ns, size, timeout):
    """Krait's nc sends `size` pattern bytes to a Linux listener in ns: nc reports them all sent, and Linux got
    exactly the pattern (its SHA-256)."""
    sink = LinuxListener(ns, "sink")
    out = run_fg(k, f"nc -N -s {size} --count {LINUX} {sink.port}", timeout=timeout)
    assert re.search(rf"nc: sent {size} bytes, received 0 bytes in [\d.]+ s", out), out
    word, n, digest, seconds = sink.result()
    assert (int(n), digest) == (size, pattern_sha(size))


def ns_connect(ns, port, send_bytes=0, timeout=600):
    """A Linux client in the namespace: connects to Krait:port, sends send_bytes pattern bytes (then shuts down its
    side), reads to EOF. Returns (received bytes, sha256 hex, seconds)."""
    program = r"""
import hashlib, select, socket, sys, time
sys.path.append(sys.argv[1])
import pattern
host, port, total = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
c = socket.create_connection((host, port), timeout=600)
start = time.monotonic()
c.setblocking(False)
sent = 0; n = 0; h = hashlib.sha256(); pending = b""; shut = False
while True:
    want_w = not shut
    r, w, _ = select.select([c], [c] if want_w else [], [], 600)
    if not r and not w:
        sys.exit("stalled")
    if w:
        if not pending and sent < total:
            pending = pattern.generate(min(1 << 16, total - sent), sent)
        if pending:
            k = c.send(pending); pending = pending[k:]; sent += k
        if sent >= total and not pending:
            c.shutdown(socket.SHUT_WR); shut = True
    if r:
        d = c.recv(1 << 16)
        if not d:
            break
        h.update(d); n += len(d)
print(n, h.hexdigest(), round(time.monotonic() - start, 3))
"""
    done = ns.run([sys.executable, "-c", program, str(ROOT / "user"), KRAIT, port, send_bytes], timeout=timeout)
    n, digest, seconds = done.stdout.split()
    return int(n), digest, float(seconds)
