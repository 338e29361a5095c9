"""Krait's userland tools as processes (QEMU, TCG): the helper modules give CPython's results; curl GETs pages from
Krait's httpd through QEMU's restricted user networking (hostfwd on 127.0.0.1)."""
import re
import shutil
import socket
import subprocess

import pytest

from tools import pattern_sha, run_tool

pytestmark = pytest.mark.qemu
USER_NET = "ip=10.0.2.15/24 gw=10.0.2.2"


def free_tcp_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_helper_modules_in_a_process_match_cpython(boot):
    cpython = run_tool("t_tools")
    assert cpython.returncode == 0
    k = boot(nics=[("e1000", "user")], append=USER_NET)
    k.prompt()
    out = k.cmd("run t_tools", timeout=300)
    assert out.splitlines() == cpython.stdout.decode().splitlines()


@pytest.fixture
def httpd_user_net(boot):
    """Krait's httpd on port 80, reachable at 127.0.0.1:PORT through hostfwd."""
    port = free_tcp_port()
    k = boot(nics=[("e1000", "user")], append=USER_NET, hostfwd=[f"tcp:127.0.0.1:{port}-:80"])
    k.prompt()
    k.send("httpd &\r")
    k.expect(r"httpd: listening on port 80", 60)
    return k, f"http://127.0.0.1:{port}"


def curl(*args, timeout=120):
    done = subprocess.run(["curl", "-sS", "--max-time", "100", *args], capture_output=True, timeout=timeout)
    assert done.returncode == 0, done.stderr.decode()
    return done


@pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed")
def test_a_closing_response_leaves_with_the_fin(boot, tmp_path):
    """httpd corks the last response of a connection it closes (TCP_CORK): the page and the FIN travel in one
    segment. Read from QEMU's capture of the NIC's traffic with scapy."""
    from scapy.layers.inet import TCP
    from scapy.utils import rdpcap
    port = free_tcp_port()
    pcap = tmp_path / "nic.pcap"
    k = boot(nics=[("e1000", "user")], append=USER_NET, hostfwd=[f"tcp:127.0.0.1:{port}-:80"], pcap=str(pcap))
    k.prompt()
    k.send("httpd &\r")
    k.expect(r"httpd: listening on port 80", 60)
    done = curl("--http1.0", f"http://127.0.0.1:{port}/hello.txt")
    assert done.stdout == b"hello from krait\n"
    k.cmd("echo settled")                       # (the capture has the closing segments by now)
    ours = [p[TCP] for p in rdpcap(str(pcap)) if TCP in p and p[TCP].sport == 80]
    with_data = [seg for seg in ours if len(seg.payload)]
    assert len(with_data) == 1, [seg.summary() for seg in ours]
    assert with_data[0].flags.F and bytes(with_data[0].payload).endswith(b"hello from krait\n")


@pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed")
def test_curl_gets_pages_keep_alive_and_not(httpd_user_net):
    k, base = httpd_user_net
    done = curl("-i", f"{base}/")
    head, _, body = done.stdout.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n") and b"\r\nServer: krait-httpd\r\n" in head
    assert b"<h1>Krait</h1>" in body and f"Content-Length: {len(body)}".encode() in head
    # two URLs over one connection
    done = curl("-v", "--http1.1", f"{base}/hello.txt", f"{base}/index.html")
    assert done.stdout.startswith(b"hello from krait\n") and b"<h1>Krait</h1>" in done.stdout
    assert "Re-using existing connection" in done.stderr.decode(), done.stderr.decode()
    # not kept alive: HTTP/1.0, and Connection: close
    done = curl("-v", "--http1.0", f"{base}/hello.txt", f"{base}/hello.txt")
    assert done.stdout == b"hello from krait\n" * 2 and "Re-using" not in done.stderr.decode()
    done = curl("-v", "-H", "Connection: close", f"{base}/hello.txt")
    assert "< Connection: close" in done.stderr.decode()
    # HEAD, errors, a larger body
    done = curl("-I", f"{base}/big?n=99999")
    assert b"Content-Length: 99999\r\n" in done.stdout
    assert curl("-o", "/dev/null", "-w", "%{http_code}", f"{base}/missing").stdout == b"404"
    assert curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "-d", "x", f"{base}/").stdout == b"405"
    assert curl("-o", "/dev/null", "-w", "%{http_code}", f"{base}/big?n=-1").stdout == b"400"
    n = 1_000_000
    import hashlib
    assert hashlib.sha256(curl(f"{base}/big?n={n}").stdout).hexdigest() == pattern_sha(n)
    stats = curl(f"{base}/stats").stdout.decode()
    assert re.search(r"^httpd requests \d+$", stats, re.M) and re.search(r"^httpd responses_4xx 3$", stats, re.M), \
        stats
    assert re.search(r"^ip in_receives [1-9]\d*$", stats, re.M), stats        # the stack's own (netstats syscall)
