"""The userland tools (user/echo.py, httpd.py, wget.py, nc.py) under CPython on 127.0.0.1, against
Linux's own clients and servers (curl, Python's socket module and http.server), with CPython's hashlib as the
checksum oracle; and their helper modules (sha256, pattern, httpmsg) on Krait's hosted VM against CPython."""
import concurrent.futures
import hashlib
import http.server
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time

import pytest
from hypothesis import given, settings, strategies as st

from tools import ROOT, USER, Server, http_exchange, pattern, pattern_sha, read_response, recv_all, run_tool

sys.path.append(str(USER))
import sha256 as pure_sha256  # noqa: E402

LOCAL = "127.0.0.1"


# ---- helper modules ----------------------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=700), st.lists(st.integers(0, 700), max_size=5))
def test_sha256_matches_hashlib(data, cuts):
    h = pure_sha256.sha256()
    last = 0
    for cut in sorted(c for c in cuts if c <= len(data)):
        h.update(data[last:cut])
        last = cut
    h.update(data[last:])
    assert h.hexdigest() == hashlib.sha256(data).hexdigest()
    assert h.digest() == hashlib.sha256(data).digest()


def test_sha256_known_vectors():
    assert pure_sha256.sha256(b"abc").hexdigest() == \
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert pure_sha256.sha256(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").hexdigest() == \
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"


def test_pattern_slices_are_the_stream():
    whole = pattern.generate(3 * pattern.PERIOD + 100)
    for offset, n in ((0, 10), (pattern.PERIOD - 3, 9), (70000, pattern.PERIOD), (2 * pattern.PERIOD + 1, 5)):
        assert pattern.chunk(offset, n) == whole[offset:offset + n]
    assert pattern.generate(1000, 65000) == whole[65000:66000]
    assert pattern.mismatch(whole, 0) == -1
    assert pattern.mismatch(whole[:500] + b"\xff" + whole[501:], 0) in (-1, 500)
    assert pattern.mismatch(whole[1:], 0) >= 0
    # a segment-sized shift anywhere changes the stream
    seg = 1460
    assert whole[seg:2 * seg] != whole[2 * seg:3 * seg]


def test_helper_modules_on_the_hosted_vm_match_cpython():
    program = USER / "t_tools.py"
    cpython = run_tool("t_tools")
    assert cpython.returncode == 0, cpython.stderr.decode()
    vm = subprocess.run([sys.executable, str(ROOT / "build.py"), "vm", str(program)], capture_output=True,
                        timeout=300, cwd=ROOT)
    assert vm.returncode == 0, vm.stderr.decode()
    assert vm.stdout.decode().splitlines() == cpython.stdout.decode().splitlines()
    # and the digests it prints are SHA-256's
    for line in cpython.stdout.decode().splitlines():
        m = re.match(r"sha256 (\d+) ([0-9a-f]{64})$", line)
        if m:
            n = int(m.group(1))
            text = b"abc" if n == 3 else b"a" * n
            assert m.group(2) == hashlib.sha256(text).hexdigest()


# ---- echo --------------------------------------------------------------------------------------------------------

@pytest.fixture
def servers():
    started = []

    def start(name, *args, **kw):
        s = Server(name, *args, **kw)
        started.append(s)
        return s

    yield start
    for s in started:
        s.close()


def test_echo_tcp_many_clients_and_bulk(servers):
    port = servers("echo", "0").port
    clients = [socket.create_connection((LOCAL, port), timeout=10) for _ in range(20)]
    for i, c in enumerate(clients):
        c.sendall(f"client {i}\n".encode())
    for i, c in enumerate(clients):
        want = f"client {i}\n".encode()
        got = b""
        while len(got) < len(want):
            got += c.recv(100)
        assert got == want
    bulk = pattern.generate(3_000_000, 99)
    c = clients[0]

    def send():
        c.sendall(bulk)
        c.shutdown(socket.SHUT_WR)
    t = threading.Thread(target=send)
    t.start()
    got = recv_all(c)
    t.join()
    assert hashlib.sha256(got).hexdigest() == hashlib.sha256(bulk).hexdigest()
    for c in clients:
        c.close()


def test_echo_udp(servers):
    port = servers("echo", "-u", "0", port_re=r"udp port (\d+)").port
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    for size in (0, 1, 1472, 8000):
        data = pattern.generate(size, size)
        s.sendto(data, (LOCAL, port))
        got, peer = s.recvfrom(65536)
        assert got == data and peer == (LOCAL, port)
    s.close()


# ---- httpd -------------------------------------------------------------------------------------------------------

@pytest.fixture
def httpd(servers):
    return (LOCAL, servers("httpd", "0").port)


def curl(*args):
    done = subprocess.run(["curl", "-sS", *args], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    return done


needs_curl = pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed")


@needs_curl
def test_httpd_curl_pages_keep_alive_and_not(httpd):
    base = f"http://{httpd[0]}:{httpd[1]}"
    out = curl(f"{base}/").stdout.decode()
    assert "<h1>Krait</h1>" in out
    # two URLs on one connection (HTTP/1.1 keep-alive)
    done = curl("-v", "--http1.1", f"{base}/hello.txt", f"{base}/index.html")
    assert done.stdout.decode().startswith("hello from krait\n") and "<h1>Krait</h1>" in done.stdout.decode()
    assert "Re-using existing connection" in done.stderr.decode()
    # HTTP/1.0: the server closes after each answer
    done = curl("-v", "--http1.0", f"{base}/hello.txt", f"{base}/hello.txt")
    assert done.stdout == b"hello from krait\n" * 2
    assert "Re-using" not in done.stderr.decode()
    # Connection: close from the client
    done = curl("-v", "-H", "Connection: close", f"{base}/hello.txt")
    assert "< Connection: close" in done.stderr.decode()
    # HEAD: the length, no body
    done = curl("-sI", f"{base}/big?n=123456")
    assert re.search(rb"Content-Length: 123456\r\n", done.stdout) and done.stdout.endswith(b"\r\n\r\n")
    # error statuses
    assert curl("-o", "/dev/null", "-w", "%{http_code}", f"{base}/nothing").stdout == b"404"
    assert curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE", f"{base}/").stdout == b"405"
    assert curl("-o", "/dev/null", "-w", "%{http_code}", f"{base}/big?n=x").stdout == b"400"


@needs_curl
def test_httpd_big_body_is_the_pattern(httpd):
    n = 5_000_000
    done = curl(f"http://{httpd[0]}:{httpd[1]}/big?n={n}")
    assert len(done.stdout) == n
    assert hashlib.sha256(done.stdout).hexdigest() == pattern_sha(n)


def test_httpd_raw_requests(httpd):
    bad = http_exchange(httpd, b"NONSENSE\r\n\r\n")
    assert bad.startswith(b"HTTP/1.1 400 ") and b"Connection: close" in bad
    no_host = http_exchange(httpd, b"GET / HTTP/1.1\r\n\r\n")
    assert no_host.startswith(b"HTTP/1.1 400 ")
    v2 = http_exchange(httpd, b"GET / HTTP/2.0\r\nHost: x\r\n\r\n")
    assert v2.startswith(b"HTTP/1.1 505 ")
    post = http_exchange(httpd, b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /hello.txt HTTP/1.0\r\n\r\n")
    assert post.startswith(b"HTTP/1.1 405 ") and b"Allow: GET, HEAD" in post
    assert post.endswith(b"hello from krait\n")      # the body was skipped, the next request answered
    # HTTP/1.0 with keep-alive asked for
    with socket.create_connection(httpd, timeout=10) as s:
        s.sendall(b"GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        status, fields, body, rest = read_response(s)
        assert (status, body, fields["connection"].lower()) == (200, b"hello from krait\n", "keep-alive")
        s.sendall(b"GET /hello.txt HTTP/1.0\r\n\r\n")
        status, fields, body, rest = read_response(s, rest)
        assert status == 200 and fields["connection"] == "close" and recv_all(s) == b""


def test_httpd_pipelined_requests_in_order(httpd):
    sizes = [10, 70000, 0, 3, 200000]
    with socket.create_connection(httpd, timeout=10) as s:
        s.sendall(b"".join(f"GET /big?n={n} HTTP/1.1\r\nHost: x\r\n\r\n".encode() for n in sizes) +
                  b"HEAD /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        rest = b""
        for n in sizes:
            status, fields, body, rest = read_response(s, rest)
            assert status == 200 and body == pattern.generate(n)
        while b"\r\n\r\n" not in rest:
            rest += s.recv(1000)
        assert rest.startswith(b"HTTP/1.1 200 ") and rest.endswith(b"Content-Length: 17\r\n\r\n")


def fetch(address, path, keep=2):
    """`keep` requests for path over one connection; returns the bodies."""
    bodies = []
    with socket.create_connection(address, timeout=60) as s:
        rest = b""
        for _ in range(keep):
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
            status, _, body, rest = read_response(s, rest)
            assert status == 200
            bodies.append(body)
    return bodies


def test_httpd_fifty_concurrent_clients(httpd):
    def client(i):
        n = 1000 + 7919 * i
        # every client connects first, so all 50 are open at once
        return i, fetch(httpd, f"/big?n={n}")

    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        results = list(pool.map(client, range(50)))
    for i, bodies in results:
        want = pattern.generate(1000 + 7919 * i)
        assert bodies == [want, want]


def test_httpd_stats_page(httpd):
    fetch(httpd, "/hello.txt")
    with socket.create_connection(httpd, timeout=10) as s:
        s.sendall(b"GET /stats HTTP/1.1\r\nHost: x\r\n\r\n")
        status, fields, body, _ = read_response(s)
    text = body.decode()
    assert status == 200 and fields["content-type"].startswith("text/plain")
    assert re.search(r"^httpd requests [3-9]$", text, re.M), text
    assert re.search(r"^httpd connections 2$", text, re.M), text
    # under CPython the stack's counters come from Linux's /proc/net/snmp
    assert re.search(r"^tcp ActiveOpens \d+$", text, re.M), text


# ---- wget --------------------------------------------------------------------------------------------------------

class _ChunkedHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in (b"first ", pattern.generate(30000), b"", b" last"):
                if piece:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/chunked")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture
def python_http_server(tmp_path):
    """http.server serving a directory (HTTP/1.0, close-delimited), and a chunked/redirecting one (HTTP/1.1)."""
    blob = os.urandom(400_000)
    (tmp_path / "blob.bin").write_bytes(blob)
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "index.html").write_bytes(b"<p>dir</p>\n")
    files = http.server.ThreadingHTTPServer((LOCAL, 0), lambda *a: http.server.SimpleHTTPRequestHandler(
        *a, directory=str(tmp_path)))
    files.RequestHandlerClass.log_message = lambda *a: None
    chunked = http.server.ThreadingHTTPServer((LOCAL, 0), _ChunkedHandler)
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (files, chunked)]
    for t in threads:
        t.start()
    yield files.server_address[1], chunked.server_address[1], blob
    for s in (files, chunked):
        s.shutdown()
        s.server_close()


def test_wget_from_python_http_server(python_http_server):
    files, chunked, blob = python_http_server
    done = run_tool("wget", f"http://{LOCAL}:{files}/blob.bin", f"http://{LOCAL}:{files}/dir")
    out = done.stdout.decode()
    assert done.returncode == 0, out
    assert f"200 OK, {len(blob)} bytes, sha256 {hashlib.sha256(blob).hexdigest()}" in out
    assert "301 Moved Permanently -> /dir/" in out
    assert f"200 OK, 11 bytes, sha256 {hashlib.sha256(b'<p>dir</p>' + bytes([10])).hexdigest()}" in out
    want = b"first " + pattern.generate(30000) + b" last"
    done = run_tool("wget", f"http://{LOCAL}:{chunked}/chunked", f"http://{LOCAL}:{chunked}/redirect")
    out = done.stdout.decode()
    assert done.returncode == 0, out
    assert out.count(f"200 OK, {len(want)} bytes, sha256 {hashlib.sha256(want).hexdigest()}") == 2, out
    done = run_tool("wget", "-O", "-", f"http://{LOCAL}:{chunked}/chunked")
    assert done.stdout == want
    done = run_tool("wget", f"http://{LOCAL}:{chunked}/missing")
    assert done.returncode == 1 and b"404" in done.stdout


def test_wget_from_httpd_keep_alive_and_http10(httpd):
    url = f"http://{httpd[0]}:{httpd[1]}"
    done = run_tool("wget", f"{url}/big?n=300000", f"{url}/hello.txt", f"{url}/big?n=7")
    out = done.stdout.decode()
    assert done.returncode == 0, out
    assert f"300000 bytes, sha256 {pattern_sha(300000)}" in out and f"7 bytes, sha256 {pattern_sha(7)}" in out
    stats = fetch(httpd, "/stats", keep=1)[0].decode()
    assert re.search(r"^httpd connections 2$", stats, re.M), stats       # wget's one connection, then ours
    done = run_tool("wget", "-0", "--no-hash", f"{url}/big?n=5000", f"{url}/")
    assert done.returncode == 0 and done.stdout.decode().count("200 OK") == 2
    assert "sha256" not in done.stdout.decode()


def test_wget_refused():
    s = socket.socket()
    s.bind((LOCAL, 0))
    port = s.getsockname()[1]
    s.close()
    done = run_tool("wget", f"http://{LOCAL}:{port}/")
    assert done.returncode == 1
    assert done.stdout.decode().strip() == f"wget: connect to {LOCAL} port {port} failed: ECONNREFUSED (Connection refused)"


# ---- nc ----------------------------------------------------------------------------------------------------------

def listener():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((LOCAL, 0))
    s.listen(1)
    s.settimeout(30)
    return s


def test_nc_sends_the_pattern_and_hashes_the_reply():
    srv = listener()
    port = srv.getsockname()[1]
    reply = pattern.generate(100_000, 5)
    got = {}

    def peer():
        c, _ = srv.accept()
        got["data"] = recv_all(c)           # nc -N: EOF once all is sent
        c.sendall(reply)
        c.close()
    t = threading.Thread(target=peer)
    t.start()
    n = 4_000_000
    done = run_tool("nc", "-N", "-s", n, LOCAL, port)
    t.join()
    srv.close()
    assert hashlib.sha256(got["data"]).hexdigest() == pattern_sha(n)
    assert re.match(rf"nc: sent {n} bytes, received {len(reply)} bytes, sha256 {hashlib.sha256(reply).hexdigest()} "
                    r"in [\d.]+ s\n$", done.stdout.decode()), done.stdout


def test_nc_listens_and_verifies_the_pattern(servers):
    n = 3_000_000
    nc = servers("nc", "-l", "-v", "--verify", LOCAL, "0")
    with socket.create_connection((LOCAL, nc.port), timeout=30) as c:
        c.sendall(pattern.generate(n))
        c.shutdown(socket.SHUT_WR)
        assert recv_all(c) == b""
    status, out, _ = nc.output()
    assert status == 0 and f"received {n} bytes, pattern ok" in out, out
    nc = servers("nc", "-l", "-v", "--verify", LOCAL, "0")
    with socket.create_connection((LOCAL, nc.port), timeout=30) as c:
        data = bytearray(pattern.generate(n))
        data[2_000_001] ^= 1
        c.sendall(data)
    status, out, _ = nc.output()
    assert "pattern mismatch at byte 2000001" in out, out


def test_nc_listen_keep_source_and_sink(servers):
    n = 1_000_000
    nc = servers("nc", "-l", "-k", "-v", "-N", "-s", n, LOCAL, "0")
    for _ in range(3):
        with socket.create_connection((LOCAL, nc.port), timeout=30) as c:
            assert hashlib.sha256(recv_all(c)).hexdigest() == pattern_sha(n)
    sink = servers("nc", "-l", "-k", "-v", "--count", LOCAL, "0")
    for size in (0, 1, 500_000):
        with socket.create_connection((LOCAL, sink.port), timeout=30) as c:
            c.sendall(bytes(size))
            c.shutdown(socket.SHUT_WR)
            assert recv_all(c) == b""
        assert sink.readline().startswith("nc: connection from 127.0.0.1 port ")
        assert re.match(rf"nc: sent 0 bytes, received {size} bytes in [\d.]+ s$", sink.readline())


def test_nc_plain_mode_copies_input_and_prints_output():
    srv = listener()
    port = srv.getsockname()[1]
    got = {}

    def peer():
        c, _ = srv.accept()
        c.sendall(b"from the peer\n")
        got["data"] = recv_all(c)
        c.close()
    t = threading.Thread(target=peer)
    t.start()
    done = run_tool("nc", "-N", LOCAL, port, input=b"typed line\nsecond\n")
    t.join()
    srv.close()
    assert got["data"] == b"typed line\nsecond\n"
    assert done.stdout == b"from the peer\n"


def test_nc_udp_both_ways(servers):
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind((LOCAL, 0))
    peer.settimeout(10)

    def answer():
        data, addr = peer.recvfrom(100)
        peer.sendto(data.upper(), addr)
    t = threading.Thread(target=answer)
    t.start()
    done = run_tool("nc", "-u", "-q", "1", "--print", "--send", "hello udp\\n", LOCAL, peer.getsockname()[1])
    t.join()
    assert done.stdout == b"HELLO UDP\n"
    nc = servers("nc", "-u", "-l", "-v", "-q", "1", "--send", "reply\\n", "--print", LOCAL, "0")
    peer.sendto(b"question\n", (LOCAL, nc.port))
    assert peer.recvfrom(100)[0] == b"reply\n"
    status, out, _ = nc.output()
    assert status == 0 and "question\n" in out, out
    peer.close()


def test_nc_errors():
    s = socket.socket()
    s.bind((LOCAL, 0))
    port = s.getsockname()[1]
    s.close()
    done = run_tool("nc", "-d", LOCAL, port)
    assert done.returncode == 1
    assert done.stdout.decode() == f"nc: connect to {LOCAL} port {port} (tcp) failed: ECONNREFUSED (Connection refused)\n"
    # a reset in the middle of the stream
    srv = listener()

    def reset():
        c, _ = srv.accept()
        c.sendall(b"x" * 1000)
        time.sleep(0.3)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.close()
    t = threading.Thread(target=reset)
    t.start()
    done = run_tool("nc", "-d", "--count", LOCAL, srv.getsockname()[1])
    t.join()
    srv.close()
    assert done.returncode == 1 and done.stdout.decode() == "nc: recv: ECONNRESET (Connection reset by peer)\n"
    done = run_tool("nc", "-u", "-q", "2", "--send", "x", LOCAL, port)
    assert done.returncode == 1 and "ECONNREFUSED" in done.stdout.decode()
    assert run_tool("nc", "-k", LOCAL, "1").returncode == 2
