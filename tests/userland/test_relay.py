"""The fault relay on its own (no QEMU): ARP requests sent where QEMU would sit reach Linux through the tap in a
namespace, and the replies come back; faults happen at the configured rates, reproducibly for a seed."""
import socket
import struct

import pytest

from relay import FaultRelay

pytestmark = pytest.mark.netns

LINUX = "10.7.0.1"
FAKE_MAC = bytes.fromhex("02000000bb01")
FAKE_IP = "10.7.0.2"


def arp_request(target):
    body = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, FAKE_MAC, socket.inet_aton(FAKE_IP), b"\0" * 6,
                       socket.inet_aton(target))
    return b"\xff" * 6 + FAKE_MAC + b"\x08\x06" + body


def exchange(ns, count, **faults):
    relay = FaultRelay(ns, **faults)
    try:
        ns.configure(relay.tap, f"{LINUX}/24")
        qemu = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)       # plays QEMU's end of the dgram netdev
        qemu.bind(("127.0.0.1", relay.qemu_port))
        qemu.settimeout(1.0)
        replies = 0
        for _ in range(count):
            qemu.sendto(arp_request(LINUX), ("127.0.0.1", relay.port))
            try:
                while True:
                    frame = qemu.recv(2000)
                    if frame[12:14] == b"\x08\x06" and frame[20:22] == b"\x00\x02" and frame[:6] == FAKE_MAC:
                        replies += 1
                        qemu.settimeout(0.05)
            except socket.timeout:
                qemu.settimeout(0.15)
        qemu.close()
    finally:
        counts = relay.stop()
    return replies, counts


def test_relay_forwards_both_ways(netns):
    replies, counts = exchange(netns, 20, drop=0, duplicate=0, reorder=0)
    assert replies == 20
    assert counts["to_tap"]["forwarded"] == 20 and counts["to_qemu"]["forwarded"] >= 20


def test_relay_faults_at_their_rates_and_reproducibly(netns_factory):
    results = [exchange(netns_factory(), 120, drop=0.2, duplicate=0.1, reorder=0.1, seed=42) for _ in range(2)]
    (replies, counts), (replies2, counts2) = results
    to_tap = counts["to_tap"]
    assert to_tap["frames"] == 120
    assert 10 <= to_tap["dropped"] <= 40 and 3 <= to_tap["duplicated"] <= 25 and 3 <= to_tap["reordered"] <= 25
    # most requests are answered (duplicates twice), minus the replies dropped on the way back
    assert 60 < replies < 120 + to_tap["duplicated"] * 2
    assert to_tap == counts2["to_tap"]          # same seed, same decisions for the same frames
