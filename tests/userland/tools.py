"""Helpers shared by the userland tool tests: running the user/ tools under CPython, the tools' test pattern and
SHA-256 from CPython's own hashlib (the oracle), and small Linux-side clients."""
import hashlib
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
USER = ROOT / "user"
HOST_RUN = Path(__file__).resolve().parent / "host_run.py"

sys.path.append(str(USER))
import pattern  # noqa: E402  (user/pattern.py: pure Python, the same module the tools use)


def pattern_sha(n, offset=0):
    h = hashlib.sha256()
    done = 0
    while done < n:
        step = min(1 << 20, n - done)
        h.update(pattern.generate(step, offset + done))
        done += step
    return h.hexdigest()


def tool_cmd(name, *args):
    """The command line that runs user/NAME.py under CPython as Krait would run it."""
    return [sys.executable, "-P", str(HOST_RUN), str(USER / f"{name}.py"), *[str(a) for a in args]]


def run_tool(name, *args, timeout=60, input=None, prefix=()):
    return subprocess.run([*prefix, *tool_cmd(name, *args)], capture_output=True, timeout=timeout, input=input,
                          cwd=ROOT)


class Server:
    """A tool run in the background; `port` is read from its first output line."""

    def __init__(self, name, *args, port_re=r"port (\d+)", prefix=()):
        self.proc = subprocess.Popen([*prefix, *tool_cmd(name, *args)], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=ROOT)
        line = self.proc.stdout.readline().decode()
        m = re.search(port_re, line)
        if not m:
            self.close()
            raise AssertionError(f"{name}: no port in {line!r}; stderr: {self.proc.stderr.read().decode()}")
        self.port = int(m.group(1))

    def readline(self):
        return self.proc.stdout.readline().decode().rstrip("\n")

    def output(self, timeout=30):
        """Waits for the tool to exit; returns (status, stdout after the first line, stderr)."""
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out.decode(), err.decode()

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for f in (self.proc.stdout, self.proc.stderr):
            if f:
                f.close()


def recv_all(sock):
    parts = []
    while True:
        data = sock.recv(1 << 16)
        if not data:
            return b"".join(parts)
        parts.append(data)


def http_exchange(address, request, timeout=30):
    """Sends a raw request, reads until the server closes: the whole response."""
    with socket.create_connection(address, timeout=timeout) as s:
        s.sendall(request)
        return recv_all(s)


def read_response(sock, buf=b""):
    """One HTTP response with Content-Length framing from sock -> (status, {field: value}, body, rest)."""
    while b"\r\n\r\n" not in buf:
        data = sock.recv(65536)
        assert data, f"connection closed inside a response head: {buf!r}"
        buf += data
    head, _, buf = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    length = int(fields["content-length"])
    while len(buf) < length:
        data = sock.recv(65536)
        assert data, "connection closed inside a response body"
        buf += data
    return status, fields, buf[:length], buf[length:]


def wait_port(host, port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False
