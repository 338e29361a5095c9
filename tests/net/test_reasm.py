"""Reassembly: order, duplicates, overlaps, timeouts, and fragment bombs counted and dropped."""
import random

import pytest
from scapy.layers.inet import ICMP, IP, UDP, defragment, fragment
from scapy.layers.l2 import Ether

from ipv4_helpers import OUR_IP, OUR_MAC, PEER_IP, PEER_MAC, checksum_ok
from net import ip, reasm, stats


def capture(proto=17):
    seen = []

    def handler(iface, pkb, hdr):
        seen.append((hdr, pkb.tobytes()))
        pkb.release()
    ip.register_protocol(proto, handler)
    return seen


def datagram(size=1000, ident=77, **kw):
    data = bytes((i * 13 + 5) & 0xFF for i in range(size))
    return IP(src=PEER_IP, dst=OUR_IP, id=ident, **kw) / UDP(sport=9, dport=10) / data


def feed_all(net, packets):
    for pkt in packets:
        net.feed(Ether(src=PEER_MAC, dst=OUR_MAC) / pkt)


def raw_fragment(offset_bytes, data, mf, ident=77, proto=17, src=PEER_IP):
    return IP(src=src, dst=OUR_IP, id=ident, proto=proto, frag=offset_bytes // 8, flags="MF" if mf else 0) / data


@pytest.mark.parametrize("seed", range(6))
def test_any_order_with_duplicates_reassembles_once(net, seed):
    seen = capture()
    whole = datagram(3000)
    frags = fragment(whole, fragsize=256)
    rng = random.Random(seed)
    shuffled = frags + [rng.choice(frags) for _ in range(3)]
    rng.shuffle(shuffled)
    feed_all(net, shuffled)
    assert len(seen) == 1
    hdr, transport = seen[0]
    assert transport == bytes(whole[UDP]) and hdr.total_len == len(whole) and not hdr.is_fragment()
    assert stats.get("ip", "reasm_oks") == 1
    assert reasm.in_progress() == 0 and reasm.held_bytes() == 0
    assert net.all_released()


def test_two_interleaved_datagrams(net):
    seen = capture()
    a, b = datagram(900, ident=1), datagram(1300, ident=2)
    fa, fb = fragment(a, fragsize=400), fragment(b, fragsize=400)
    feed_all(net, [fa[2], fb[0], fa[0], fb[3], fb[1], fa[1], fb[2]])
    assert sorted(t for _, t in seen) == sorted([bytes(a[UDP]), bytes(b[UDP])])


def test_overlap_with_different_data_kills_the_datagram(net):
    seen = capture()
    first = raw_fragment(0, bytes(UDP(sport=1, dport=2, len=8 + 48)) + b"A" * 40, True)
    overlapping = raw_fragment(40, b"B" * 16, True)
    last = raw_fragment(48, b"C" * 8, False)
    feed_all(net, [first, overlapping, last])
    assert seen == []
    assert stats.get("reasm", "overlap") == 1
    assert stats.get("reasm", "after_overlap") == 1            # later fragments are refused too
    assert reasm.held_bytes() == 0 and net.all_released()


def test_overlap_with_the_same_data_also_kills_it(net):
    seen = capture()
    body = bytes(UDP(sport=1, dport=2, len=8 + 56)) + b"D" * 56
    feed_all(net, [raw_fragment(0, body[:32], True), raw_fragment(16, body[16:48], True),
                   raw_fragment(48, body[48:], False)])
    assert seen == [] and stats.get("reasm", "overlap") == 1


def test_timeout_sends_time_exceeded_when_the_first_fragment_came(net):
    net.learn(PEER_IP, PEER_MAC)
    capture()
    frags = fragment(datagram(1000), fragsize=256)
    feed_all(net, frags[:2])
    net.advance(reasm.TIMEOUT_MS - 1)
    assert net.eth0.take() == []
    net.advance(1)
    [frame] = [f for f in net.eth0.take() if ICMP in f]      # (ARP may re-probe the aged peer first)
    assert (frame[ICMP].type, frame[ICMP].code) == (11, 1) and checksum_ok(frame)
    assert bytes(frame[ICMP].payload) == bytes(frags[0])[:28]
    assert stats.get("ip", "reasm_timeout") == 1 and reasm.held_bytes() == 0


def test_timeout_without_the_first_fragment_is_silent(net):
    net.learn(PEER_IP, PEER_MAC)
    capture()
    frags = fragment(datagram(1000), fragsize=256)
    feed_all(net, frags[1:3])
    net.advance(reasm.TIMEOUT_MS)
    assert net.eth0.take() == []
    assert stats.get("ip", "reasm_timeout") == 1


def test_oversize_datagram_is_dropped(net):
    seen = capture()
    feed_all(net, [raw_fragment(0, b"x" * 64, True), raw_fragment(65528, b"y" * 16, False)])
    assert stats.get("reasm", "oversize") == 1 and seen == []
    assert net.all_released()


def test_bad_fragment_lengths_are_dropped(net):
    capture()
    feed_all(net, [raw_fragment(0, b"x" * 13, True), raw_fragment(8, b"", True)])
    assert stats.get("reasm", "bad_fragment_length") == 2


def test_conflicting_last_fragments_kill_the_datagram(net):
    seen = capture()
    feed_all(net, [raw_fragment(64, b"a" * 8, False), raw_fragment(80, b"b" * 8, False),
                   raw_fragment(0, b"c" * 64, True)])
    assert seen == [] and stats.get("reasm", "inconsistent_length") == 1


def test_fragment_bomb_limits_and_the_stack_still_answers_ping(net):
    capture()
    # Many concurrent datagrams: only MAX_DATAGRAMS are tracked.
    feed_all(net, [raw_fragment(0, b"q" * 8, True, ident=i) for i in range(reasm.MAX_DATAGRAMS + 10)])
    assert reasm.in_progress() == reasm.MAX_DATAGRAMS
    assert stats.get("reasm", "too_many_datagrams") == 10
    net.advance(reasm.TIMEOUT_MS)
    assert reasm.in_progress() == 0
    # Many bytes: the total held stays under MAX_BYTES.
    feed_all(net, [raw_fragment((i % 40) * 1400, b"m" * 1400, True, ident=500 + i // 40) for i in range(400)])
    assert reasm.held_bytes() <= reasm.MAX_BYTES
    assert stats.get("reasm", "memory_limit") > 0
    net.advance(reasm.TIMEOUT_MS)
    # Tiny fragments: one datagram may not hold more than MAX_FRAGMENTS.
    feed_all(net, [raw_fragment(i * 8, b"t" * 8, True, ident=999) for i in range(reasm.MAX_FRAGMENTS + 1)])
    assert stats.get("reasm", "too_many_fragments") == 1 and reasm.held_bytes() == 0
    net.advance(reasm.TIMEOUT_MS)
    assert net.all_released()
    net.learn(PEER_IP, PEER_MAC)
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC) / IP(src=PEER_IP, dst=OUR_IP) / ICMP(type=8, id=3, seq=4) / b"alive")
    [reply] = [f for f in net.eth0.take() if ICMP in f and f[ICMP].type == 0]
    assert (reply[ICMP].id, reply[ICMP].seq) == (3, 4)


def test_fragmented_ping_is_answered(net):
    net.learn(PEER_IP, PEER_MAC)
    request = IP(src=PEER_IP, dst=OUR_IP, id=5) / ICMP(type=8, id=8, seq=1) / (b"P" * 3000)
    feed_all(net, reversed(fragment(request, fragsize=1480)))
    frames = net.eth0.take()
    assert len(frames) == 3
    reply = defragment([f[IP] for f in frames])[0]
    assert reply[ICMP].type == 0 and bytes(reply[ICMP].payload) == b"P" * 3000
