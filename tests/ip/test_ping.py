"""Krait as an IPv4 host over both NICs: Linux's ping against Krait and Krait's ping against Linux, through a tap
in a namespace this test creates, with payloads that fragment both ways (QEMU, TCG)."""
import re

import pytest

from krait_net import boot_on_taps, krait_ping, linux_ping, netstat_counters, wait_reachable

pytestmark = [pytest.mark.qemu, pytest.mark.netns]
KRAIT = "10.9.0.2"
LINUX = "10.9.0.1"


@pytest.mark.parametrize("nic", ["e1000", "rtl8139"])
def test_ping_both_ways_with_fragments(boot, netns, nic):
    k = boot_on_taps(boot, [(netns, nic, f"{LINUX}/24")], f"ip={KRAIT}/24")
    wait_reachable(netns, KRAIT)
    for size in (56, 1472, 4000):
        out, p = linux_ping(netns, KRAIT, "-c", "5", "-i", "0.2", "-W", "5", "-s", str(size))
        assert p["received"] == 5 and p["loss"] == 0, out
        assert re.search(rf"{size + 8} bytes from {KRAIT}: icmp_seq=\d+ ttl=64 time=", out), out
    for size in (56, 1472, 4000):
        out, sent, received, errors = krait_ping(k, f"-c 3 -i 0.2 -s {size} {LINUX}")
        assert (sent, received, errors) == (3, 3, 0), out
        assert re.search(rf"^{size + 8} bytes from {LINUX}: icmp_seq=1 ttl=64 time=[\d.]+ ms$", out, re.M), out
        assert re.search(r"^rtt min/avg/max/mdev = [\d.]+/[\d.]+/[\d.]+/[\d.]+ ms$", out, re.M), out
    arp = k.cmd("arp")
    assert re.search(rf"^{re.escape(LINUX)} dev eth0 lladdr [0-9a-f:]{{17}} (REACHABLE|STALE)$", arp, re.M), arp
    ip_counters = netstat_counters(k)["Ip"]
    # Linux's five 4000-byte pings reassembled here, Krait's three answered in fragments
    assert ip_counters["reassemblies ok"] >= 5 + 3, ip_counters
    assert ip_counters["fragments created"] >= 5 * 3 + 3 * 3, ip_counters


def test_ping_unreachable_host_reports_errors(boot, netns):
    k = boot_on_taps(boot, [(netns, "e1000", f"{LINUX}/24")], f"ip={KRAIT}/24")
    wait_reachable(netns, KRAIT)
    out, sent, received, errors = krait_ping(k, "-c 2 -i 0.5 -W 5 10.9.0.77", timeout=90)
    assert sent == 2 and received == 0 and errors >= 1, out
    assert re.search(rf"^From {KRAIT} icmp_seq=1 Destination Host Unreachable$", out, re.M), out
    out, sent, received, errors = krait_ping(k, "-c 1 10.200.0.1")
    assert "Network is unreachable" in out and received == 0, out
