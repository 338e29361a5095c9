"""Krait as a router between two Linux namespaces, one on its e1000 and one on its RTL8139 (QEMU, TCG)."""
import re
import subprocess

import pytest

from toolchain import bench_net
from krait_net import boot_on_taps, krait_ping, linux_ping, netstat_counters, wait_reachable

pytestmark = [pytest.mark.qemu, pytest.mark.netns]


def two_sides(boot, netns_factory, forward):
    a, b = netns_factory(), netns_factory()
    k = boot_on_taps(boot, [(a, "e1000", "10.1.0.2/24"), (b, "rtl8139", "10.2.0.2/24")],
                     f"ip=10.1.0.1/24 ip.eth1=10.2.0.1/24 forward={forward}")
    a.ip("route", "add", "default", "via", "10.1.0.1")
    b.ip("route", "add", "default", "via", "10.2.0.1")
    wait_reachable(a, "10.1.0.1")
    wait_reachable(b, "10.2.0.1")
    return k, a, b


def test_forwarding_between_namespaces_and_ttl_expiry(boot, netns_factory):
    k, a, b = two_sides(boot, netns_factory, forward=1)
    out, p = linux_ping(a, "10.2.0.2", "-c", "5", "-i", "0.2", "-W", "5")
    assert p["received"] == 5, out
    assert re.search(r"bytes from 10\.2\.0\.2: icmp_seq=\d+ ttl=63 ", out), out      # one hop: TTL 64 - 1
    out, p = linux_ping(b, "10.1.0.2", "-c", "3", "-i", "0.2", "-W", "5", "-s", "3000")
    assert p["received"] == 3, out                                                  # fragments forwarded
    out, p = linux_ping(a, "10.2.0.2", "-c", "2", "-i", "0.3", "-W", "3", "-t", "1")
    assert p["received"] == 0 and re.search(r"From 10\.1\.0\.1 icmp_seq=1 Time to live exceeded", out), out
    # Krait's own ping with TTL 1 to a host one hop away: the peer is reached directly, so it answers.
    out, sent, received, errors = krait_ping(k, "-c 2 -i 0.2 -t 1 10.2.0.2")
    assert received == 2, out
    # 5 echo requests and 5 replies, then 3 x 3000-byte pings: 3 fragments each way per ping
    assert netstat_counters(k)["Ip"]["forwarded"] >= 10 + 18, k.cmd("netstat -s")


def test_forwarding_off_drops_transit_traffic(boot, netns_factory):
    k, a, b = two_sides(boot, netns_factory, forward=0)
    before = netstat_counters(k)["Ip"].get("not for us", 0)
    out, p = linux_ping(a, "10.2.0.2", "-c", "2", "-i", "0.3", "-W", "2")
    assert p["received"] == 0, out
    assert netstat_counters(k)["Ip"]["not for us"] >= before + 2, k.cmd("netstat -s")


def test_both_nics_keep_interrupting_under_floods_at_once(boot, netns_factory):
    """Floods into both interfaces and through the router at the same time: interrupts of the two NICs come
    close together (their lines are on the slave PIC), and neither NIC may be left unheard afterwards."""
    k, a, b = two_sides(boot, netns_factory, forward=1)
    floods = [ns.popen(["ping", "-f", "-q", "-w", "4", dst], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
              for ns, dst in ((a, "10.1.0.1"), (b, "10.2.0.1"), (a, "10.2.0.2"))]
    outputs = [p.communicate(timeout=60)[0] for p in floods]
    for out in outputs:
        assert bench_net.parse_ping(out)["received"] > 0, out
    for ns, dst in ((a, "10.1.0.1"), (b, "10.2.0.1"), (a, "10.2.0.2"), (b, "10.1.0.2")):
        out, p = linux_ping(ns, dst, "-c", "3", "-i", "0.2", "-W", "2")
        assert p["received"] == 3, out
