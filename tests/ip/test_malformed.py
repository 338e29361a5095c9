"""Malformed IPv4, ICMP, ARP and fragment floods from a Linux namespace (crafted with scapy): Krait counts each by
reason, drops it, and still answers ping (QEMU, TCG)."""
import sys
import textwrap

import pytest

from krait_net import boot_on_taps, krait_mac, linux_ping, netstat_counters, wait_reachable

pytestmark = [pytest.mark.qemu, pytest.mark.netns]
KRAIT = "10.9.0.2"
LINUX = "10.9.0.1"

SENDER = textwrap.dedent("""
    import sys
    from scapy.all import ARP, ICMP, IP, Ether, Raw, conf, sendp
    conf.verb = 0
    tap, dst_mac, src, dst = sys.argv[1:5]
    eth = Ether(dst=dst_mac, type=0x0800)
    good = bytes(IP(src=src, dst=dst) / ICMP() / Raw(b"x" * 32))
    frames = [
        eth / Raw(good[:12]),                                           # 12 bytes: the NIC pads, the checksum fails
        eth / IP(src=src, dst=dst, chksum=0x1234) / ICMP(),             # bad header checksum
        eth / Raw(bytes([0x44]) + good[1:]),                            # IHL 4 (16 bytes)
        eth / Raw(bytes([0x4F]) + good[1:30]),                          # IHL 15, longer than the packet
        eth / IP(src=src, dst=dst, len=10) / ICMP(),                    # total length below the header
        eth / IP(src=src, dst=dst, len=1400) / ICMP(),                  # total length past the frame
        eth / Raw(bytes([0x65]) + good[1:]),                            # version 6 under EtherType IPv4
        eth / IP(src=src, dst=dst) / ICMP(chksum=0xBEEF) / Raw(b"y"),   # bad ICMP checksum
        eth / IP(src=src, dst=dst, proto=1) / Raw(b"\\x08\\x00"),        # ICMP shorter than its header
        Ether(dst=dst_mac, type=0x0806) / Raw(b"\\x00\\x01\\x08\\x00"),  # ARP with hardware length 0 (padding)
        Ether(dst=dst_mac, type=0x88B6) / Raw(b"z" * 46),               # unknown EtherType
        eth / IP(src=src, dst=dst, flags="MF", frag=8189) / Raw(b"o" * 64),   # reassembles past 65535
    ]
    # Overlapping fragments of one datagram (kept dead until it times out, so later pieces are refused).
    frames += [eth / IP(src=src, dst=dst, id=7, flags="MF", frag=0, proto=17) / Raw(b"a" * 24),
               eth / IP(src=src, dst=dst, id=7, flags="MF", frag=1, proto=17) / Raw(b"b" * 24)]
    # A fragment bomb: first fragments of 100 datagrams that never complete.
    frames += [eth / IP(src=src, dst=dst, id=1000 + i, flags="MF", proto=17) / Raw(b"f" * 16) for i in range(100)]
    for f in frames:
        sendp(f, iface=tap)
    print(len(frames))
""")


def test_malformed_input_is_counted_and_dropped(boot, netns):
    k = boot_on_taps(boot, [(netns, "e1000", f"{LINUX}/24")], f"ip={KRAIT}/24")
    wait_reachable(netns, KRAIT)
    before = netstat_counters(k)
    done = netns.run([sys.executable, "-c", SENDER, k.taps[0], krait_mac(k), LINUX, KRAIT], timeout=120)
    assert int(done.stdout.strip()) == 114
    out, p = linux_ping(netns, KRAIT, "-c", "3", "-i", "0.2", "-W", "5")
    assert p["received"] == 3, out
    after = netstat_counters(k)

    def delta(layer, text):
        return after.get(layer, {}).get(text, 0) - before.get(layer, {}).get(text, 0)

    assert delta("Ip", "truncated") == 2, after        # IHL past the data, total length past the frame
    assert delta("Ip", "bad checksum") == 2, after     # a bad checksum, and the 12-byte header padded by the NIC
    assert delta("Ip", "bad ihl") == 1, after
    assert delta("Ip", "bad length") == 1, after
    assert delta("Ip", "bad version") == 1, after
    assert delta("Ip", "with invalid headers") == 7, after
    assert delta("Icmp", "bad checksum") == 1 and delta("Icmp", "truncated") == 1, after
    assert delta("Arp", "unsupported") == 1, after
    assert delta("Ether", "unknown ethertype") == 1, after
    assert delta("Reasm", "oversize") == 1, after
    # 64 datagrams at most, the dead overlapped one among them.
    assert delta("Reasm", "too many datagrams") == 100 - 63, after
    assert delta("Reasm", "overlap") == 1, after
