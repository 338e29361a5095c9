"""Krait's userland tools against Linux peers in a namespace this test creates, Krait's NIC on a tap moved into
it (QEMU, TCG): 20 MB each way byte-exact on both NICs, 50 concurrent HTTP clients, Krait's wget against Python's
http.server, Krait's nc against Linux's netcat-openbsd over UDP, and the errors a connection can end with."""
import hashlib
import re
import shutil
import subprocess
import sys
import time

import pytest

import krait_tools as kt
from tools import pattern, pattern_sha

pytestmark = [pytest.mark.qemu, pytest.mark.netns]
BULK = 20_000_000           # about 13 s each way under TCG (1.5-1.8 MB/s on either NIC)


@pytest.mark.parametrize("nic", ["e1000", "rtl8139"])
def test_20mb_each_way_byte_exact(boot, netns, nic):
    k = kt.boot_on_tap(boot, netns, nic)
    # Linux -> Krait: Krait's nc checks every byte against the pattern the Linux client sends
    kt.start(k, "nc -l -v --verify 5001", r"nc: listening on 0.0.0.0 port 5001")
    received, digest, seconds = kt.ns_connect(netns, 5001, BULK)
    m = kt.expect_line(k, r"nc: sent 0 bytes, received (\d+) bytes, (pattern [^\n]*?) in ([\d.]+) s", 120)
    assert (int(m.group(1)), m.group(2)) == (BULK, "pattern ok")
    assert received == 0
    k.sync()
    # Krait -> Linux: Krait's nc sends the pattern, Linux's SHA-256 of what arrived must be the pattern's
    kt.krait_sends_pattern(k, netns, BULK, timeout=600)
    # both at once through Krait's echo
    kt.start(k, "echo -q 7", r"echo: tcp port 7")
    n, digest, seconds = kt.ns_connect(netns, 7, 2_000_000)
    assert (n, digest) == (2_000_000, pattern_sha(2_000_000))


def test_fifty_concurrent_http_clients(boot, netns):
    k = kt.boot_on_tap(boot, netns, "e1000")
    kt.start(k, "httpd -q", r"httpd: listening on port 80")
    program = r"""
import concurrent.futures, socket, sys, threading
sys.path.append(sys.argv[1]); sys.path.append(sys.argv[2])
import pattern
from tools import read_response
barrier = threading.Barrier(50)
def client(i):
    n = 500 + 997 * i
    with socket.create_connection((sys.argv[3], 80), timeout=300) as s:
        barrier.wait(timeout=300)          # all 50 connected to Krait before any asks
        rest = b""
        for _ in range(2):
            s.sendall(f"GET /big?n={n} HTTP/1.1\r\nHost: krait\r\n\r\n".encode())
            status, fields, body, rest = read_response(s, rest)
            if status != 200 or body != pattern.generate(n):
                return f"client {i}: status {status}, {len(body)} bytes"
    return "ok"
with concurrent.futures.ThreadPoolExecutor(50) as pool:
    results = list(pool.map(client, range(50)))
print(sum(r == "ok" for r in results), [r for r in results if r != "ok"])
"""
    done = netns.run([sys.executable, "-c", program, str(kt.ROOT / "user"), str(kt.HERE), kt.KRAIT], timeout=600)
    assert done.stdout.startswith("50 []"), done.stdout + done.stderr
    k.sync()
    stats = kt.run_fg(k, "wget -O - http://127.0.0.1/stats")          # over lo: the 51st connection, 101st request
    assert re.search(r"^httpd connections 51$", stats, re.M) and re.search(r"^httpd requests 101$", stats, re.M), stats


def test_krait_wget_from_python_http_server(boot, netns, tmp_path):
    k = kt.boot_on_tap(boot, netns, "e1000")
    small = pattern.generate(150_000, 3)
    big = pattern.generate(3_000_000, 11)
    (tmp_path / "small.bin").write_bytes(small)
    (tmp_path / "big.bin").write_bytes(big)
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "index.html").write_text("<p>in a directory</p>\n")
    server = netns.popen([sys.executable, "-m", "http.server", "8000", "--bind", kt.LINUX, "--directory",
                          str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert kt.bench_net.wait_reachable(netns, kt.KRAIT)
    url = f"http://{kt.LINUX}:8000"
    for _ in range(50):
        if netns.run(["python3", "-c", f"import socket; socket.create_connection(('{kt.LINUX}', 8000), 1)"],
                     check=False).returncode == 0:
            break
    out = kt.run_fg(k, f"wget {url}/small.bin {url}/dir", timeout=300)
    assert f"wget: {url}/small.bin: 200 OK, {len(small)} bytes, sha256 {hashlib.sha256(small).hexdigest()}" in out, out
    assert "wget: 301 Moved Permanently -> /dir/" in out, out
    page = b"<p>in a directory</p>\n"
    assert f"200 OK, {len(page)} bytes, sha256 {hashlib.sha256(page).hexdigest()}" in out, out
    out = kt.run_fg(k, f"wget -0 --no-hash {url}/big.bin", timeout=300)
    assert re.search(rf"wget: {url}/big.bin: 200 OK, {len(big)} bytes in", out), out
    out = kt.run_fg(k, f"wget -O - {url}/dir/", timeout=120)
    assert out.strip() == page.decode().strip()
    out = kt.run_fg(k, f"wget {url}/nothing-here", timeout=120)
    assert "404 File not found" in out, out
    server.terminate()


@pytest.mark.skipif(not shutil.which("nc"), reason="netcat-openbsd is not installed")
def test_krait_nc_talks_udp_to_linux_nc(boot, netns):
    k = kt.boot_on_tap(boot, netns, "e1000")
    # Linux listens; Krait sends first, Linux answers on the same association
    linux = netns.popen(["nc", "-u", "-l", "5005"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE)
    k.send(f"run nc -u -q 8 --print --send hello_linux\\n {kt.LINUX} 5005\r")
    line = linux.stdout.readline()
    assert line == b"hello_linux\n"
    linux.stdin.write(b"hello krait\n")
    linux.stdin.flush()
    kt.expect_line(k, r"hello krait", 30)
    k.prompt(30)
    linux.kill()
    # Krait listens; Linux's nc sends a datagram and reads the answer
    kt.start(k, "nc -u -l -v --print --send ack\\n 5006", r"nc: listening on 0.0.0.0 port 5006")
    done = netns.run(["sh", "-c", f"echo from linux | nc -u -w 3 {kt.KRAIT} 5006"], check=False, timeout=60)
    assert done.stdout == "ack\n", done
    kt.expect_line(k, r"from linux", 30)


def test_connection_refused(boot, netns):
    k = kt.boot_on_tap(boot, netns, "e1000")
    out = kt.run_fg(k, f"nc -d {kt.LINUX} 4444", timeout=60)
    assert out.strip() == f"nc: connect to {kt.LINUX} port 4444 (tcp) failed: ECONNREFUSED (Connection refused)"
    out = kt.run_fg(k, f"wget http://{kt.LINUX}:4444/", timeout=60)
    assert "ECONNREFUSED (Connection refused)" in out


def test_reset_mid_stream(boot, netns):
    k = kt.boot_on_tap(boot, netns, "rtl8139")
    # Krait sends; Linux takes 300 kB and resets
    peer = kt.LinuxListener(netns, "reset", 300_000)
    out = kt.run_fg(k, f"nc -s 50000000 --count {kt.LINUX} {peer.port}", timeout=300)
    assert re.search(r"^nc: (send|recv): ECONNRESET \(Connection reset by peer\)$", out, re.M), out
    assert peer.result()[0] == "reset"
    # Krait receives; the Linux client resets after sending
    kt.start(k, "nc -l -v --count 5002", r"nc: listening on 0.0.0.0 port 5002")
    program = r"""
import socket, struct, sys, time
c = socket.create_connection((sys.argv[1], 5002), timeout=60)
c.sendall(b"x" * 200000)
time.sleep(1)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.close()
"""
    netns.run([sys.executable, "-c", program, kt.KRAIT])
    kt.expect_line(k, r"nc: recv: ECONNRESET \(Connection reset by peer\)", 60)


def test_vanished_peer_times_out(boot, netns):
    """Linux's side of the link goes down mid-stream: Krait retransmits TCP_MAX_RETRIES times, then ETIMEDOUT."""
    k = kt.boot_on_tap(boot, netns, "e1000")
    sink = kt.LinuxListener(netns, "sink")
    k.send(f"run nc -v -s 500000000 --count {kt.LINUX} {sink.port}\r")
    kt.expect_line(k, r"nc: connected to", 60)
    time.sleep(2.0)
    netns.ip("link", "set", k.tap, "down")
    m = kt.expect_line(k, r"nc: (send|recv): (\w+) \(([^)]*)\)", 240)
    assert m.group(2) == "ETIMEDOUT", k.log[-2000:]
    k.prompt(30)
    stats = k.cmd("netstat -s")
    assert re.search(r"^\s+1 timeouts$", stats, re.M), stats


def test_krait_nc_sends_console_input(boot, netns):
    """Plain nc: what is typed on the console goes to the peer, Ctrl-D ends the input (-N: the peer reads EOF)
    and the peer's close ends nc."""
    k = kt.boot_on_tap(boot, netns, "e1000")
    peer = kt.LinuxListener(netns, "sink")
    k.send(f"run nc -v -N {kt.LINUX} {peer.port}\r")
    kt.expect_line(k, r"nc: connected to", 60)
    k.send("typed on krait\r")
    k.send("and a second line\r")
    k.send("\x04")
    word, n, digest, seconds = peer.result(timeout=60)
    typed = b"typed on krait\nand a second line\n"
    assert (int(n), digest) == (len(typed), hashlib.sha256(typed).hexdigest())
    k.prompt(30)
