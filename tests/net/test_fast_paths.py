"""The per-packet fast paths: echo answered in the request's own buffer, receive buffers lent
by a NIC copied before ARP holds them, hot counters, and the header checksum summed in Python."""
import struct

import inet
from scapy.layers.inet import ICMP, IP
from scapy.layers.l2 import ARP, Ether

from ipv4_helpers import OUR_IP, OUR_MAC, PEER_IP, PEER_MAC, checksum_ok
from net import addr, ip, stats
from net.pkbuf import PacketBuffer


class NicBuffer:
    """A frame in a NIC's receive buffer: borrowed memory with a physical address, released once."""

    def __init__(self, frame, headroom=0):
        self.mem = memoryview(bytearray(2048))
        self.mem[headroom:headroom + len(frame)] = frame
        self.released = 0
        self.pkb = PacketBuffer(self.mem, headroom, headroom + len(frame), self.release, 0x200000)
        self.pkb.borrowed = True

    def release(self):
        self.released += 1


class KeepingInterface:
    """Records the PacketBuffers themselves (not copies) and their bytes at transmit time."""

    def __init__(self, eth0):
        self.eth0 = eth0
        self.sent = []

    def transmit(self, pkb):
        self.sent.append((pkb, pkb.mem, pkb.start, pkb.tobytes()))
        pkb.release()


def echo_request(payload=b"in-place", src=PEER_IP):
    return bytes(Ether(src=PEER_MAC, dst=OUR_MAC) / IP(src=src, dst=OUR_IP, ttl=37, id=999) /
                 ICMP(type=8, id=0x4242, seq=3) / payload)


def test_echo_to_a_known_neighbour_is_answered_in_the_request_buffer(net, monkeypatch):
    net.learn(PEER_IP, PEER_MAC)
    keep = KeepingInterface(net.eth0)
    monkeypatch.setattr(net.eth0, "transmit", keep.transmit)
    nic = NicBuffer(echo_request())
    from net import ether
    ether.dispatch(net.eth0, nic.pkb)
    [(pkb, mem, start, raw)] = keep.sent
    assert pkb is nic.pkb and mem is nic.mem and start == 0       # the same buffer, from its start
    assert nic.released == 1
    frame = Ether(raw)
    assert (frame[Ether].src, frame[Ether].dst) == (OUR_MAC, PEER_MAC)
    assert (frame[IP].src, frame[IP].dst, frame[IP].ttl, frame[IP].flags.value) == (OUR_IP, PEER_IP, 64, 0)
    assert (frame[ICMP].type, frame[ICMP].id, frame[ICMP].seq) == (0, 0x4242, 3)
    assert bytes(frame[ICMP].payload) == b"in-place" and checksum_ok(frame)
    assert stats.get("ip", "out_requests") == 1 and stats.get("icmp", "out_echo_reps") == 1


def test_echo_with_ip_options_is_answered_without_them(net):
    net.learn(PEER_IP, PEER_MAC)
    request = Ether(src=PEER_MAC, dst=OUR_MAC) / IP(src=PEER_IP, dst=OUR_IP, options=b"\x01\x01\x01\x00") / \
        ICMP(type=8, id=7, seq=8) / b"opts"
    net.feed(request)
    [frame] = net.eth0.take()
    assert frame[IP].ihl == 5 and frame[ICMP].type == 0 and bytes(frame[ICMP].payload) == b"opts"
    assert checksum_ok(frame) and net.all_released()


def test_echo_from_off_link_goes_through_the_route(net):
    gw_mac = "02:00:00:00:00:03"
    net.learn("192.168.1.1", gw_mac)
    net.feed(Ether(src=gw_mac, dst=OUR_MAC) / IP(src="8.8.8.8", dst=OUR_IP) / ICMP(type=8, id=1, seq=1) / b"far")
    [frame] = net.eth0.take()
    assert frame[Ether].dst == gw_mac and frame[IP].dst == "8.8.8.8" and frame[ICMP].type == 0
    assert checksum_ok(frame) and net.all_released()


def test_arp_copies_a_lent_buffer_before_holding_it(net):
    # The peer is unknown: the answer waits for ARP, in a copy; the NIC's buffer goes back at once.
    nic = NicBuffer(echo_request(b"queued"))
    from net import ether
    ether.dispatch(net.eth0, nic.pkb)
    assert nic.released == 1
    [arp_request] = net.eth0.take()
    assert arp_request[Ether].type == 0x0806
    nic.mem[0:2048] = bytes(2048)                              # the NIC reuses its buffer
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC) / arp_request.payload.__class__(
        op=2, hwsrc=PEER_MAC, psrc=PEER_IP, hwdst=OUR_MAC, pdst=OUR_IP))
    [reply] = [f for f in net.eth0.take() if f[Ether].type == 0x0800]
    assert reply[ICMP].type == 0 and bytes(reply[ICMP].payload) == b"queued" and checksum_ok(reply)


def test_a_request_without_headroom_is_answered_from_a_copy(net):
    net.learn(PEER_IP, PEER_MAC)
    raw = bytes(IP(src=PEER_IP, dst=OUR_IP) / ICMP(type=8, id=2, seq=2) / b"tight")
    nic = NicBuffer(raw)
    pkb = nic.pkb
    ip.input(net.eth0, pkb)                                    # the IP header at offset 0: no room in front
    [frame] = net.eth0.take()
    assert frame[ICMP].type == 0 and bytes(frame[ICMP].payload) == b"tight" and checksum_ok(frame)
    assert nic.released == 1


def test_header_checksum_summed_in_python_matches_rfc1071():
    view = memoryview(bytearray(20))
    for values in ((0, 84, 1, 0, 64, 1, 0x0A000002, 0x0A000001),
                   (0xFC, 65535, 65535, 0x4000, 255, 255, 0xFFFFFFFF, 0xFFFFFFFF),
                   (0, 20, 0, 0, 0, 0, 0, 0)):
        tos, total, ident, flags, ttl, proto, src, dst = values
        ip.write_header(view, 20, tos, total, ident, flags, ttl, proto, src, dst)
        assert inet.checksum(view) == 0
        assert struct.unpack_from("!BBHHHBBHII", view, 0)[0:7] == (0x45, tos, total, ident, flags, ttl, proto)


def test_hot_counters_survive_reset_and_read_as_absent_at_zero():
    table = stats.table("fastpath_test", ("hits",))
    table["hits"] += 2
    assert stats.get("fastpath_test", "hits") == 2
    assert stats.snapshot()["fastpath_test"] == {"hits": 2}
    stats.reset()
    table["hits"] += 1                                         # the table handed out still counts
    assert stats.get("fastpath_test", "hits") == 1
    stats.reset()
    assert "fastpath_test" not in stats.snapshot() and "Fastpath_test" not in stats.format_stats()


def test_parse_reports_the_first_problem_like_before():
    good = bytes(IP(src=PEER_IP, dst=OUR_IP) / b"x")
    assert ip.parse_header(memoryview(good))[1] is None
    bad_sum = bytearray(good)
    bad_sum[10] ^= 0xFF
    assert ip.parse_header(memoryview(bytes(bad_sum))) == (None, "bad_checksum")
    assert ip.parse_header(memoryview(b"\x46" + good[1:]))[1] == "truncated"     # options past the end
    assert ip.parse_header(memoryview(b"\x65" + good[1:]))[1] == "bad_version"
    assert ip.parse_header(memoryview(b"\x44" + good[1:]))[1] == "bad_ihl"
    assert ip.parse_header(memoryview(good[:15]))[1] == "truncated"
    hdr, _ = ip.parse_header(memoryview(good))
    assert (addr.format_ipv4(hdr.src), hdr.ttl, hdr.df, hdr.more_fragments, hdr.frag_offset) == (PEER_IP, 64, False,
                                                                                                   False, 0)


def test_answers_in_place_follow_the_neighbour(net):
    """Echoes from a REACHABLE neighbour are answered in place; once its entry went STALE the answer takes
    output()'s path (which probes it), once ARP forgot it the answer waits for a new request's reply."""
    from net import arp, ether
    net.learn(PEER_IP, PEER_MAC)
    for seq in range(2):
        ether.dispatch(net.eth0, NicBuffer(echo_request(b"seq%d" % seq)).pkb)
    frames = net.eth0.take()
    assert [bytes(f[ICMP].payload) for f in frames] == [b"seq0", b"seq1"]
    assert all(f[Ether].dst == PEER_MAC and f[IP].dst == PEER_IP and checksum_ok(f) for f in frames)
    net.advance(arp.REACHABLE_MS + 1)                            # STALE: output() answers, and probes
    ether.dispatch(net.eth0, NicBuffer(echo_request(b"stale")).pkb)
    frames = net.eth0.take()
    assert any(ARP in f and f[ARP].op == 1 and f[ARP].pdst == PEER_IP for f in frames)
    assert any(ICMP in f and bytes(f[ICMP].payload) == b"stale" for f in frames)
    net.learn(PEER_IP, "02:00:00:00:00:99")                      # confirmed again, from a new MAC
    arp.flush()
    ether.dispatch(net.eth0, NicBuffer(echo_request(b"flushed")).pkb)
    [request] = [f for f in net.eth0.take() if ARP in f]         # forgotten: asked for again
    assert request[ARP].pdst == PEER_IP
    net.learn(PEER_IP, PEER_MAC)
    net.eth0.take()
    ether.dispatch(net.eth0, NicBuffer(echo_request(b"again")).pkb)
    assert net.eth0.take()[0][Ether].dst == PEER_MAC
