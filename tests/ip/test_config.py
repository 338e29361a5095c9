"""Addressing and routes on QEMU user networking (restrict=on): DHCP by default, static addresses and the
routing table from the command line and the shell (QEMU, TCG)."""
import re
import time

import pytest

from krait_net import krait_ping

pytestmark = pytest.mark.qemu
SEED_ROWS = [
    "| 0.0.0.0 | 0.0.0.0 | 192.168.1.1 | eth0 | 10 |",
    "| 192.168.1.0 | 255.255.255.0 | *On-Link* | eth0 | 1 |",
    "| 10.0.0.0 | 255.0.0.0 | 10.0.0.1 | tun0 | 5 |",
]


def wait_for(k, command, pattern, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        out = k.cmd(command)
        if re.search(pattern, out, re.M) or time.monotonic() > deadline:
            return out
        time.sleep(0.5)


def test_dhcp_lease_then_ping_the_gateway(boot):
    k = boot()
    # boot holds the prompt until the lease is there: the first command finds the network configured
    text = k.prompt()
    assert "net: eth0 10.0.2.15/24 by DHCP from 10.0.2.2" in text, text
    out, sent, received, errors = krait_ping(k, "-c 1 10.0.2.2")
    assert received == 1, out
    out = wait_for(k, "ifconfig", r"^dhcp: bound 10\.0\.2\.15 from 10\.0\.2\.2, lease 86400 s")
    assert re.search(r"^dhcp: bound 10\.0\.2\.15 from 10\.0\.2\.2, lease 86400 s", out, re.M), out
    assert re.search(r"^\s+inet 10\.0\.2\.15/24$", out, re.M), out
    assert re.search(r"^\s+inet 127\.0\.0\.1/8$", out, re.M), out
    out, sent, received, errors = krait_ping(k, "-c 3 -i 0.2 10.0.2.2")
    assert received == 3, out
    out, sent, received, errors = krait_ping(k, "-c 2 -i 0.2 127.0.0.1")
    assert received == 2 and "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64" in out, out


def test_boot_waits_for_a_lease_only_as_long_as_asked(boot):
    k = boot(nics=[("e1000", "none")], append="dhcp.wait=1")      # a NIC on no network: no server answers
    text = k.prompt()
    assert "net: eth0: no DHCP lease after 1 s (still asking, in the background)" in text, text
    assert re.search(r"^dhcp: selecting, \d+ discover\(s\) sent", k.cmd("ifconfig"), re.M)
    k = boot(nics=[("e1000", "none")], append="dhcp.wait=0")
    assert "DHCP" not in k.prompt()
    for bad in ("inf", "soon"):                                     # reported; the default wait applies
        text = boot(nics=[("e1000", "none")], append=f"dhcp.wait={bad}").prompt()
        assert f"net: dhcp.wait={bad}: not a number of seconds" in text, text
        assert "net: eth0: no DHCP lease after 5 s" in text, text


def test_static_address_gateway_and_route_commands(boot):
    k = boot(append="ip=10.0.2.15/24 gw=10.0.2.2")
    k.prompt()
    table = k.cmd("route")
    assert "| 0.0.0.0 | 0.0.0.0 | 10.0.2.2 | eth0 | 0 |" in table, table
    assert "| 10.0.2.0 | 255.255.255.0 | *On-Link* | eth0 | 0 |" in table, table
    assert "dhcp:" not in k.cmd("ifconfig")
    table = k.cmd("route add 172.16.0.0/12 via 10.0.2.2 metric 7")
    assert "| 172.16.0.0 | 255.240.0.0 | 10.0.2.2 | eth0 | 7 |" in table, table
    table = k.cmd("route del 172.16.0.0/12")
    assert "172.16.0.0" not in table, table
    assert "no such route" in k.cmd("route del 172.16.0.0/12")
    assert "is on no connected network" in k.cmd("route add 10.8.0.0/16 via 192.0.2.1")
    table = k.cmd("route seed")
    lines = table.splitlines()
    assert lines[0] == "| Destination | Netmask | Gateway | Interface | Metric |", table
    assert lines[-3:] == SEED_ROWS, table
    out, sent, received, errors = krait_ping(k, "-c 2 -i 0.2 10.0.2.2")
    assert received == 2, out


def test_bad_command_line_values_are_reported(boot):
    k = boot(append="ip=10.0.2.300/24 gw=nonsense forward=1")
    text = k.prompt()
    assert re.search(r"net: ip=10\.0\.2\.300/24: bad IPv4 address", text), text
    assert re.search(r"net: gw=nonsense: bad IPv4 address", text), text
    assert "inet 10.0.2" not in k.cmd("ifconfig")
    assert "ping: invalid option -- 'x'" in k.cmd("ping -x 10.0.2.2")
    assert "ping: destination address required" in k.cmd("ping")
