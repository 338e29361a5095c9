"""Sockets between Krait and Linux in a namespace the test creates (a tap; Linux 10.0.0.1,
Krait 10.0.0.2): UDP both ways, Krait's client against a Linux TCP server, and refused
connections each way."""
import sys
import textwrap
from pathlib import Path

import pytest

from krait_net import boot_on_taps, wait_reachable

LINUX = "10.0.0.1"
KRAIT = "10.0.0.2"

pytestmark = [pytest.mark.qemu, pytest.mark.netns]

UDP_CLIENT = textwrap.dedent("""
    import socket, sys
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout(20)
    for i, size in enumerate((1, 1000, 1472, 8000)):
        data = bytes((i + j) & 255 for j in range(size))
        u.sendto(data, (sys.argv[1], int(sys.argv[2])))
        got, src = u.recvfrom(65535)
        print(size, got == data, src == (sys.argv[1], int(sys.argv[2])))
""")

TCP_ECHO_SERVER = textwrap.dedent("""
    import socket, sys, threading
    srv = socket.create_server((sys.argv[1], int(sys.argv[2])))
    print("ready", flush=True)
    conn, _ = srv.accept()
    while True:
        data = conn.recv(65536)
        if not data:
            break
        conn.sendall(data)
    conn.close()
""")

TCP_CONNECT = textwrap.dedent("""
    import socket, sys
    try:
        socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)
        print("connected")
    except OSError as e:
        print(type(e).__name__, e.errno)
""")


@pytest.fixture
def krait(boot, netns):
    k = boot_on_taps(boot, [(netns, "e1000", f"{LINUX}/24")], f"ip={KRAIT}/24")
    wait_reachable(netns, KRAIT)
    return k


def test_udp_echo_for_a_linux_client(krait, netns):
    krait.send("run t_sock_echo 7001 4 udp &\r")
    krait.expect(r"echo: udp ready on 7001")
    done = netns.run([sys.executable, "-c", UDP_CLIENT, KRAIT, "7001"], timeout=120)
    assert done.stdout.split("\n")[:4] == ["1 True True", "1000 True True", "1472 True True", "8000 True True"]
    krait.expect(r"echo: udp echoed 4 datagrams")


def test_krait_client_against_a_linux_server_and_refusals(krait, netns):
    server = netns.popen([sys.executable, "-c", TCP_ECHO_SERVER, LINUX, "9000"], stdout=-1, text=True)
    assert server.stdout.readline().strip() == "ready"
    out = krait.cmd(f"run t_sock_client {LINUX} 9000 500000", timeout=300)
    assert "client: sent 500000 received 500000 intact True" in out, out
    server.wait(timeout=30)
    out = krait.cmd(f"run t_sock_client {LINUX} 9001", timeout=60)
    assert "client: ConnectionRefusedError [Errno 111] Connection refused" in out, out
    done = netns.run([sys.executable, "-c", TCP_CONNECT, KRAIT, "9002"], timeout=60)
    assert done.stdout.strip() == "ConnectionRefusedError 111"


def test_ping_socket_behaves_as_linuxs(krait, netns):
    # Linux's side: ping sockets allowed for root's group in this namespace only
    netns.run(["sysctl", "-q", "-w", "net.ipv4.ping_group_range=0 0"])
    script = Path(__file__).resolve().parent.parent.parent / "user" / "t_sock_ping.py"
    linux = netns.run([sys.executable, "-P", str(script), KRAIT, "3"], timeout=60).stdout
    out = krait.cmd(f"run t_sock_ping {LINUX} 3", timeout=120)
    assert linux.count("data ok True checksum ok True ident ok True") == 3, linux
    assert out.strip().splitlines() == linux.replace(KRAIT, LINUX).strip().splitlines()
