"""IPv4 input: header checks, padding, options, demux, and malformed packets counted and dropped."""
import struct

import pytest
from scapy.layers.inet import ICMP, IP, UDP, IPOption_NOP, IPOption_RR
from scapy.layers.l2 import Ether

from ipv4_helpers import OUR_IP, OUR_MAC, PEER_IP, PEER_MAC, checksum_ok
from net import addr, ip, stats
from net.pkbuf import PacketBuffer


def capture(proto=17):
    seen = []

    def handler(iface, pkb, hdr):
        seen.append((hdr, pkb.tobytes()))
        pkb.release()
    ip.register_protocol(proto, handler)
    return seen


def frame(ip_bytes):
    return bytes(Ether(src=PEER_MAC, dst=OUR_MAC, type=0x0800)) + bytes(ip_bytes)


@pytest.mark.parametrize("payload_len", [0, 1, 18, 1472])
def test_header_fields_match_scapy_and_padding_is_trimmed(net, payload_len):
    seen = capture()
    sent = IP(src=PEER_IP, dst=OUR_IP, ttl=33, tos=0x10, id=4321, flags="DF") / UDP(sport=5, dport=7) / (b"d" * payload_len)
    raw = bytes(sent)
    net.feed(frame(raw + b"\0" * max(0, 46 - len(raw)) + b"\xAA" * 3))    # link padding and trailing junk
    [(hdr, transport)] = seen
    parsed = IP(bytes(sent))
    assert (hdr.ttl, hdr.tos, hdr.ident, hdr.proto, hdr.total_len, hdr.hdr_len) == (
        parsed.ttl, parsed.tos, parsed.id, parsed.proto, parsed.len, 20)
    assert hdr.df and not hdr.more_fragments and hdr.frag_offset == 0
    assert (addr.format_ipv4(hdr.src), addr.format_ipv4(hdr.dst)) == (PEER_IP, OUR_IP)
    assert transport == bytes(parsed[UDP])               # the link padding is gone
    assert stats.get("ip", "in_delivers") == 1
    assert net.all_released()


def test_options_are_skipped(net):
    seen = capture()
    sent = IP(src=PEER_IP, dst=OUR_IP, options=[IPOption_NOP(), IPOption_RR(routers=["1.2.3.4", "5.6.7.8"])]) / UDP() / b"opt"
    net.feed(frame(sent))
    [(hdr, transport)] = seen
    assert hdr.hdr_len == IP(bytes(sent)).ihl * 4 > 20
    assert transport == bytes(IP(bytes(sent))[UDP])


def valid_udp(**fields):
    return IP(src=PEER_IP, dst=OUR_IP, **fields) / UDP(sport=1, dport=2) / b"hello"


def corrupt(raw, offset, value, fix_checksum=True):
    data = bytearray(bytes(raw))
    data[offset] = value
    if fix_checksum:
        ihl = (data[0] & 15) * 4
        data[10:12] = b"\0\0"
        header = IP(bytes(data[:max(ihl, 20)]) + bytes(max(0, 20 - len(data))))
        del header.chksum
        struct.pack_into("!H", data, 10, IP(bytes(header)).chksum if ihl >= 20 else 0)
    return bytes(data)


def set_total_length(raw, total):
    data = bytearray(bytes(raw))
    struct.pack_into("!H", data, 2, total)
    data[10:12] = b"\0\0"
    probe = IP(bytes(data))
    del probe.chksum
    struct.pack_into("!H", data, 10, IP(bytes(probe)).chksum)
    return bytes(data)


MALFORMED = {
    "empty": (lambda: b"", "truncated"),
    "short header": (lambda: bytes(valid_udp())[:19], "truncated"),
    "version 6": (lambda: corrupt(valid_udp(), 0, 0x65), "bad_version"),
    "ihl 4": (lambda: corrupt(valid_udp(), 0, 0x44, fix_checksum=False), "bad_ihl"),
    "ihl 0": (lambda: corrupt(valid_udp(), 0, 0x40, fix_checksum=False), "bad_ihl"),
    "ihl past packet": (lambda: bytes(valid_udp())[:20] + b"", "truncated"),
    "ihl 15 in 28 bytes": (lambda: corrupt(bytes(valid_udp())[:28], 0, 0x4F, fix_checksum=False), "truncated"),
    "bad checksum": (lambda: bytes(valid_udp(chksum=0xBEEF)), "bad_checksum"),
    "total length zero": (lambda: set_total_length(valid_udp(), 0), "bad_length"),
    "total length < ihl": (lambda: set_total_length(valid_udp(), 19), "bad_length"),
    "total length > frame": (lambda: set_total_length(valid_udp(), 200), "truncated"),
    "total length 65535": (lambda: set_total_length(valid_udp(), 65535), "truncated"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_headers_are_counted_and_dropped(net, case):
    build, reason = MALFORMED[case]
    raw = build()
    if case == "ihl past packet":
        raw = corrupt(raw, 0, 0x46, fix_checksum=False)
    seen = capture()
    net.feed(frame(raw))
    assert seen == []
    assert stats.get("ip", reason) == 1
    assert stats.get("ip", "in_hdr_errors") == 1
    assert net.eth0.take() == []
    assert net.all_released()
    # The stack still answers a valid ping.
    net.learn(PEER_IP, PEER_MAC)
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC) / IP(src=PEER_IP, dst=OUR_IP) / ICMP(type=8, id=1, seq=1) / b"ok")
    [reply] = net.eth0.take()
    assert reply[ICMP].type == 0 and checksum_ok(reply)


def test_truncated_ethernet_frame_is_dropped(net):
    net.feed(b"\x01\x02\x03")
    assert stats.get("ether", "truncated") == 1 and net.all_released()


def test_martian_source_and_foreign_destination_are_dropped(net):
    seen = capture()
    net.feed(frame(IP(src="224.0.0.5", dst=OUR_IP) / UDP() / b"x"))
    net.feed(frame(IP(src="127.0.0.1", dst=OUR_IP) / UDP() / b"x"))
    net.feed(frame(IP(src=PEER_IP, dst="192.168.1.99") / UDP() / b"x"))     # forwarding is off
    net.feed(frame(IP(src=PEER_IP, dst="239.1.2.3") / UDP() / b"x"))        # group not joined
    assert seen == []
    assert stats.get("ip", "martian_source") == 2
    assert stats.get("ip", "not_for_us") == 1
    assert stats.get("ip", "multicast_not_joined") == 1
    assert net.eth0.take() == [] and net.all_released()


def test_broadcasts_are_delivered_and_marked(net):
    seen = capture()
    net.feed(frame(IP(src=PEER_IP, dst="255.255.255.255") / UDP() / b"x"))
    net.feed(frame(IP(src=PEER_IP, dst="192.168.1.255") / UDP() / b"x"))
    net.feed(frame(IP(src="0.0.0.0", dst="255.255.255.255") / UDP(sport=68, dport=67) / b"dhcp"))
    assert len(seen) == 3 and all(hdr.broadcast for hdr, _ in seen)


def test_ttl_zero_is_still_delivered_locally(net):
    seen = capture()
    net.feed(frame(valid_udp(ttl=0)))
    assert len(seen) == 1


def test_unknown_ethertype_is_counted(net):
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC, type=0x88B5) / b"local experimental")
    assert stats.get("ether", "unknown_ethertype") == 1 and net.all_released()


def test_a_loopback_interface_carries_datagrams_to_ourselves(net):
    from ipv4_helpers import FakeInterface
    lo = FakeInterface("lo", None, mtu=65536)
    ip.set_address(lo, addr.parse_ipv4("127.0.0.1"), 8)
    seen = capture()
    assert ip.output(PacketBuffer.from_bytes(b"self"), 0, addr.parse_ipv4("127.0.0.1"), 17) == 0
    [raw] = lo.sent
    assert IP(raw).src == "127.0.0.1" and bytes(IP(raw).payload) == b"self" and net.eth0.sent == []
    ip.input(lo, PacketBuffer.from_bytes(raw))      # what the link layer does with lo's datagrams
    assert [t for _, t in seen] == [b"self"]
