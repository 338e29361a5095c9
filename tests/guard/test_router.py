"""Krait routing between two Linux namespaces (A 10.1.0.0/24 on its e1000, B 10.2.0.0/24 on its RTL8139) with
its firewall and NAT configured from the command line and the shell: Linux's ping, curl and nc are the clients,
Python's servers in the namespaces see what arrives (QEMU, TCG)."""
import re
import subprocess
import sys
import textwrap
import time

import pytest

from krait_net import boot_on_taps, linux_ping, wait_reachable

pytestmark = [pytest.mark.qemu, pytest.mark.netns]
KRAIT_A, KRAIT_B = "10.1.0.1", "10.2.0.1"
HOST_A, HOST_B = "10.1.0.2", "10.2.0.2"

# A TCP server answering every connection with the peer address it sees; with "udp" also a UDP one.
PEER_SERVER = textwrap.dedent("""
    import socket, sys, threading
    host, port = sys.argv[1], int(sys.argv[2])
    def udp():
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind((host, port))
        while True:
            data, peer = u.recvfrom(2048)
            u.sendto(f"{peer[0]}:{peer[1]}".encode(), peer)
    threading.Thread(target=udp, daemon=True).start()
    srv = socket.create_server((host, port), backlog=64)
    print("ready", flush=True)
    while True:
        conn, peer = srv.accept()
        conn.settimeout(5)
        try:
            conn.recv(4096)                 # the request (or nothing): unread data would make close() a RST
        except OSError:
            pass
        conn.sendall(f"HTTP/1.0 200 OK\\r\\n\\r\\nfrom {peer[0]}:{peer[1]}\\n".encode())
        conn.close()
""")

# 20 TCP connections open at once, then a UDP exchange: prints each peer address the server saw.
PARALLEL_CLIENT = textwrap.dedent("""
    import socket, sys
    host, port = sys.argv[1], int(sys.argv[2])
    conns = [socket.create_connection((host, port), timeout=20) for _ in range(20)]
    for c in conns:
        c.sendall(b"GET / HTTP/1.0\\r\\n\\r\\n")
    for c in conns:
        data = b""
        while True:
            part = c.recv(200)
            if not part:
                break
            data += part
        print("tcp", c.getsockname()[1], data.decode().split("from ")[1].strip())
        c.close()
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout(10)
    u.sendto(b"hi", (host, port))
    print("udp", u.getsockname()[1], u.recvfrom(200)[0].decode())
""")


def router(boot, netns_factory, rules):
    a, b = netns_factory(), netns_factory()
    k = boot_on_taps(boot, [(a, "e1000", f"{HOST_A}/24"), (b, "rtl8139", f"{HOST_B}/24")],
                     f"ip={KRAIT_A}/24 ip.eth1={KRAIT_B}/24 forward=1 {rules}")
    a.ip("route", "add", "default", "via", KRAIT_A)
    b.ip("route", "add", "default", "via", KRAIT_B)
    wait_reachable(a, KRAIT_A)
    wait_reachable(b, KRAIT_B)
    return k, a, b


def serve(ns, host, port=80):
    p = ns.popen([sys.executable, "-u", "-c", PEER_SERVER, host, str(port)], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "ready"
    return p


def curl(ns, url, timeout=10):
    done = ns.run(["curl", "-s", "-m", str(timeout), url], check=False, timeout=timeout + 20)
    return done.returncode, done.stdout


def nc_connect(ns, host, port, timeout=3):
    start = time.monotonic()
    done = ns.run(["nc", "-z", "-w", str(timeout), host, str(port)], check=False, timeout=timeout + 20)
    return done.returncode, time.monotonic() - start


def rule_counters(listing, chain):
    """[(packets, target, rest of the line)] of one chain in `fw -L -v -n -x` output."""
    block = listing.split(f"Chain {chain} ")[1].split("\n\n")[0]
    rows = []
    for line in block.splitlines()[2:]:
        m = re.match(r"\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$", line)
        if m:
            rows.append((int(m.group(1)), m.group(3), m.group(4)))
    return rows


def policy_counter(listing, chain):
    return int(re.search(rf"Chain {chain} \(policy \w+ (\d+) packets", listing).group(1))


FORWARD_RULES = ("fw=FORWARD:DROP;"
                 "FORWARD,-m,state,--state,ESTABLISHED/RELATED,-j,ACCEPT;"
                 "FORWARD,-p,icmp,-s,10.1.0.0/24,-d,10.2.0.0/24,-j,ACCEPT;"
                 "FORWARD,-p,tcp,-s,10.1.0.0/24,-d,10.2.0.0/24,--dport,80,-j,ACCEPT")


def test_forward_policy_allows_only_ping_and_http_from_a(boot, netns_factory):
    k, a, b = router(boot, netns_factory, FORWARD_RULES)
    serve(b, HOST_B, 80)
    serve(b, HOST_B, 22)
    out, p = linux_ping(a, HOST_B, "-c", "4", "-i", "0.2", "-W", "3")
    assert p["received"] == 4, out
    code, body = curl(a, f"http://{HOST_B}/")
    assert code == 0 and re.fullmatch(rf"from {re.escape(HOST_A)}:\d+\n", body), body    # B sees A: no NAT
    code, elapsed = nc_connect(a, HOST_B, 22)
    assert code != 0 and elapsed >= 2.5, (code, elapsed)                          # dropped: nc times out
    out, p = linux_ping(b, HOST_A, "-c", "2", "-i", "0.3", "-W", "2")           # unsolicited B -> A
    assert p["received"] == 0, out
    listing = k.cmd("fw -L -v -n -x")
    rows = rule_counters(listing, "FORWARD")
    assert rows[1][0] == 1 and rows[1][1] == "ACCEPT" and rows[1][2].startswith("icmp"), listing   # first echo
    assert rows[2][0] == 1 and "dpt:80" in rows[2][2], listing                                      # the SYN
    assert rows[0][0] >= 3 + 3 + 4, listing          # later echoes and replies, the rest of the HTTP exchange
    # dropped: nc's SYN and its retransmission(s), and B's two echo requests
    assert policy_counter(listing, "FORWARD") >= 1 + 2, listing
    # Reject instead of drop, inserted at the top from the shell: nc is refused at once.
    assert k.cmd("fw -I FORWARD 1 -p tcp --dport 22 -j REJECT --reject-with tcp-reset") == ""
    code, elapsed = nc_connect(a, HOST_B, 22)
    assert code != 0 and elapsed < 2, (code, elapsed)
    assert rule_counters(k.cmd("fw -L -v -n -x"), "FORWARD")[0][0] == 1


def test_masquerade_keeps_flows_apart_and_translates_icmp(boot, netns_factory):
    k, a, b = router(boot, netns_factory, "nat=POSTROUTING,-o,eth1,-j,MASQUERADE")
    serve(b, HOST_B, 80)
    done = a.run([sys.executable, "-c", PARALLEL_CLIENT, HOST_B, "80"], timeout=120)
    lines = done.stdout.split("\n")
    tcp = [line.split() for line in lines if line.startswith("tcp ")]
    udp = [line.split() for line in lines if line.startswith("udp ")]
    assert len(tcp) == 20 and len(udp) == 1, done.stdout
    seen = [row[2] for row in tcp] + [udp[0][2]]
    assert all(s.startswith(f"{KRAIT_B}:") for s in seen), seen                # B sees Krait, not A
    assert len({s for s in seen[:20]}) == 20, seen                             # distinct mappings
    out, p = linux_ping(a, HOST_B, "-c", "3", "-i", "0.2", "-W", "3")
    assert p["received"] == 3, out
    # Traceroute-style: B routes 10.3.0.0/24 onwards; a datagram reaching it with TTL 1 draws time exceeded,
    # addressed to Krait's masqueraded address and translated back to A.
    b.run(["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"])
    b.ip("route", "add", "10.3.0.0/24", "dev", k.taps[1])      # B forwards on (the TTL runs out first)
    k.cmd("route add 10.3.0.0/24 via 10.2.0.2")
    out, p = linux_ping(a, "10.3.0.5", "-c", "2", "-i", "0.3", "-W", "2", "-t", "2")
    assert re.search(rf"From {re.escape(HOST_B)} icmp_seq=1 Time to live exceeded", out), out
    table = k.cmd("fw conntrack")
    assert len(re.findall(r"^tcp ", table, re.M)) >= 20, table


def test_port_forward_reaches_a_from_b(boot, netns_factory):
    k, a, b = router(boot, netns_factory, f"nat=PREROUTING,-i,eth1,-p,tcp,--dport,8080,-j,DNAT,--to,{HOST_A}:80")
    serve(a, HOST_A, 80)
    code, body = curl(b, f"http://{KRAIT_B}:8080/")
    assert code == 0 and body.startswith(f"from {HOST_B}:"), body              # A sees B's own address
    assert re.search(r"DNAT\s+tcp .* dpt:8080 to:10\.1\.0\.2:80", k.cmd("nat -L -v -n")), k.cmd("nat -L -v -n")


def test_input_filter_on_krait_httpd_and_the_admin_syscall(boot, netns_factory):
    k, a, b = router(boot, netns_factory, "fw=INPUT,-p,tcp,--dport,80,-s,10.1.0.0/24,-j,ACCEPT;"
                                          "INPUT,-p,tcp,--dport,80,-j,DROP")
    k.cmd("httpd 80 &")
    time.sleep(1)
    code, body = curl(a, f"http://{KRAIT_A}/")
    assert code == 0 and body, body
    code, body = curl(b, f"http://{KRAIT_B}/", timeout=3)
    assert code != 0, body
    rows = rule_counters(k.cmd("fw -L -v -n -x"), "INPUT")
    assert rows[0][0] >= 3 and rows[1][0] >= 1, rows           # A's exchange accepted, B's SYN(s) dropped
    assert "Operation not permitted" in k.cmd("fwtool -L INPUT")
    assert k.cmd("sudo fwtool -F INPUT") == ""
    code, body = curl(b, f"http://{KRAIT_B}/")
    assert code == 0 and body, body
