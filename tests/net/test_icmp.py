"""ICMP: echo answered byte for byte, the ping API, errors generated and received."""
import machine
from scapy.layers.inet import ICMP, IP, UDP, IPerror, UDPerror
from scapy.layers.l2 import Ether

from ipv4_helpers import OUR_IP, OUR_MAC, PEER_IP, PEER_MAC, checksum_ok
from net import addr, icmp, ip, stats


def echo_request(ident=0x1234, seq=7, payload=b"krait-ping-payload", dst=OUR_IP, ttl=64, dst_mac=OUR_MAC):
    return Ether(src=PEER_MAC, dst=dst_mac) / IP(src=PEER_IP, dst=dst, ttl=ttl) / ICMP(type=8, id=ident, seq=seq) / payload


def test_echo_reply_copies_id_seq_and_payload(net):
    net.learn(PEER_IP, PEER_MAC)
    net.feed(echo_request())
    [frame] = net.eth0.take()
    assert frame[Ether].dst == PEER_MAC and frame[Ether].src == OUR_MAC
    assert frame[IP].src == OUR_IP and frame[IP].dst == PEER_IP and frame[IP].proto == 1
    assert frame[ICMP].type == 0 and frame[ICMP].code == 0
    assert (frame[ICMP].id, frame[ICMP].seq) == (0x1234, 7)
    assert bytes(frame[ICMP].payload) == b"krait-ping-payload"
    assert checksum_ok(frame)
    assert net.all_released()


def test_echo_reply_with_odd_length_and_large_payload(net):
    net.learn(PEER_IP, PEER_MAC)
    payload = bytes(range(256)) * 5 + b"x"
    net.feed(echo_request(payload=payload))
    [frame] = net.eth0.take()
    assert bytes(frame[ICMP].payload) == payload and checksum_ok(frame)


def test_reply_waits_for_arp_when_the_peer_is_unknown(net):
    net.feed(echo_request())
    [request] = net.eth0.take()
    assert request[Ether].type == 0x0806 and request.pdst == PEER_IP
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC) / request.payload.__class__(
        op=2, hwsrc=PEER_MAC, psrc=PEER_IP, hwdst=OUR_MAC, pdst=OUR_IP))
    [reply] = net.eth0.take()
    assert reply[ICMP].type == 0 and reply[Ether].dst == PEER_MAC


def test_broadcast_echo_is_ignored(net):
    net.learn(PEER_IP, PEER_MAC)
    net.feed(echo_request(dst="192.168.1.255", dst_mac="ff:ff:ff:ff:ff:ff"))
    net.feed(echo_request(dst="255.255.255.255", dst_mac="ff:ff:ff:ff:ff:ff"))
    assert net.eth0.take() == []
    assert stats.get("icmp", "broadcast_echo_ignored") == 2
    assert net.all_released()


def test_bad_icmp_checksum_and_truncation_are_dropped(net):
    net.learn(PEER_IP, PEER_MAC)
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC) / IP(src=PEER_IP, dst=OUR_IP) / ICMP(type=8, chksum=0x1234) / b"abc")
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC) / IP(src=PEER_IP, dst=OUR_IP, proto=1) / b"\x08\x00\xf7")
    assert net.eth0.take() == []
    assert stats.get("icmp", "bad_checksum") == 1 and stats.get("icmp", "truncated") == 1
    assert net.all_released()


def test_ping_session_sends_requests_and_collects_replies(net):
    net.learn(PEER_IP, PEER_MAC)
    session = icmp.EchoSession()
    assert session.send(addr.parse_ipv4(PEER_IP), 1, size=32) == 0
    [request] = net.eth0.take()
    assert request[ICMP].type == 8 and request[ICMP].id == session.ident and request[ICMP].seq == 1
    assert len(request[ICMP].payload) == 32 and checksum_ok(request)
    machine.advance_ms(3)
    reply = Ether(src=PEER_MAC, dst=OUR_MAC) / IP(src=PEER_IP, dst=OUR_IP, ttl=61) / ICMP(
        type=0, id=session.ident, seq=1) / bytes(request[ICMP].payload)
    net.feed(reply)
    got = session.receive()
    assert (addr.format_ipv4(got.src), got.seq, got.ttl, got.size, got.rtt_us) == (PEER_IP, 1, 61, 32, 3000)
    assert session.receive() is None
    session.close()
    net.feed(reply)
    assert stats.get("icmp", "echo_reps_unclaimed") == 1


def test_ping_callback_and_errors_about_requests(net):
    net.learn(PEER_IP, PEER_MAC)
    seen = []
    session = icmp.EchoSession(callback=seen.append)
    session.send(addr.parse_ipv4("10.9.9.9"), 5, size=8)       # via the default gateway (unresolved: queued)
    net.eth0.take()
    quoted = IP(src=OUR_IP, dst="10.9.9.9") / ICMP(type=8, id=session.ident, seq=5) / (b"\0" * 8)
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC) / IP(src=PEER_IP, dst=OUR_IP) / ICMP(type=3, code=1) / bytes(quoted))
    assert len(seen) == 1 and (seen[0].kind, seen[0].code, seen[0].seq) == (3, 1, 5)
    assert addr.format_ipv4(seen[0].src) == PEER_IP


def test_loopback_ping_to_our_own_address(net):
    session = icmp.EchoSession()
    session.send(addr.parse_ipv4(OUR_IP), 9, size=16)
    assert net.eth0.take() == []
    net.advance(0)
    got = session.receive()
    assert got is not None and got.seq == 9 and addr.format_ipv4(got.src) == OUR_IP


def test_received_errors_reach_the_protocol_handler(net):
    calls = []
    icmp.register_error_handler(ip.PROTO_UDP, lambda *args: calls.append(args))
    original = IP(src=OUR_IP, dst=PEER_IP) / UDP(sport=4000, dport=53) / b"query"
    error = Ether(src=PEER_MAC, dst=OUR_MAC) / IP(src=PEER_IP, dst=OUR_IP) / ICMP(type=3, code=3) / bytes(original)[:28]
    net.feed(error)
    [(kind, code, src, dst, transport)] = calls
    assert (kind, code) == (3, 3)
    assert (addr.format_ipv4(src), addr.format_ipv4(dst)) == (OUR_IP, PEER_IP)
    assert UDP(transport).sport == 4000 and UDP(transport).dport == 53
    assert net.all_released()


def test_frag_needed_updates_the_path_mtu(net):
    net.learn(PEER_IP, PEER_MAC)
    original = IP(src=OUR_IP, dst=PEER_IP, flags="DF") / UDP(sport=1, dport=2) / (b"x" * 1400)
    error = IP(src=PEER_IP, dst=OUR_IP) / ICMP(type=3, code=4, nexthopmtu=1000) / bytes(original)[:28]
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC) / error)
    assert ip.path_mtu(addr.parse_ipv4(PEER_IP), 1500) == 1000
    from net.pkbuf import PacketBuffer
    assert ip.output(PacketBuffer.from_bytes(b"y" * 1000), 0, addr.parse_ipv4(PEER_IP), 17, df=True) == ip.EMSGSIZE
    assert ip.output(PacketBuffer.from_bytes(b"y" * 900), 0, addr.parse_ipv4(PEER_IP), 17, df=True) == 0
    assert len(net.eth0.take()) == 1


def test_malformed_error_quotes_are_counted(net):
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC) / IP(src=PEER_IP, dst=OUR_IP) / ICMP(type=3, code=3) / b"\x45\x00\x00")
    assert stats.get("icmp", "bad_quote") == 1
    assert net.all_released()


def unknown_proto(src=PEER_IP, dst=OUR_IP, dst_mac=OUR_MAC, proto=253, flags=0, frag=0):
    return Ether(src=PEER_MAC, dst=dst_mac) / IP(src=src, dst=dst, proto=proto, flags=flags, frag=frag) / (b"P" * 40)


def test_protocol_unreachable_quotes_header_and_8_bytes(net):
    net.learn(PEER_IP, PEER_MAC)
    sent = unknown_proto()
    net.feed(sent)
    [frame] = net.eth0.take()
    assert frame[ICMP].type == 3 and frame[ICMP].code == 2 and checksum_ok(frame)
    assert frame[IP].src == OUR_IP and frame[IP].dst == PEER_IP
    assert bytes(frame[ICMP].payload) == bytes(sent[IP])[:28]
    assert stats.get("ip", "in_unknown_protos") == 1


def test_no_errors_about_broadcasts_fragments_or_icmp_errors(net):
    net.learn(PEER_IP, PEER_MAC)
    net.feed(unknown_proto(dst="192.168.1.255", dst_mac="ff:ff:ff:ff:ff:ff"))
    net.feed(unknown_proto(dst="255.255.255.255", dst_mac="ff:ff:ff:ff:ff:ff"))
    bad_error = IP(src=PEER_IP, dst=OUR_IP) / ICMP(type=3, code=3, chksum=0) / (b"\0" * 28)
    assert icmp.send_error(memoryview(bytes(bad_error)), 3, 2) is False
    from_broadcast = IP(src="255.255.255.255", dst=OUR_IP, proto=253) / (b"x" * 8)
    assert icmp.send_error(memoryview(bytes(from_broadcast)), 3, 2) is False
    later_fragment = IP(src=PEER_IP, dst=OUR_IP, proto=253, frag=100) / (b"x" * 8)
    assert icmp.send_error(memoryview(bytes(later_fragment)), 3, 2) is False
    assert net.eth0.take() == []
    echo = IP(src=PEER_IP, dst=OUR_IP) / ICMP(type=8) / b"abcdefgh"
    assert icmp.send_error(memoryview(bytes(echo)), 3, 2) is True      # queries may be answered
    assert len(net.eth0.take()) == 1


def test_icmp_errors_are_rate_limited(net):
    net.learn(PEER_IP, PEER_MAC)
    for _ in range(icmp.RATE_BURST + 5):
        net.feed(unknown_proto())
    assert len(net.eth0.take()) == icmp.RATE_BURST
    assert stats.get("icmp", "rate_limited") == 5
    net.advance(icmp.RATE_INTERVAL_MS * 2)
    for _ in range(5):
        net.feed(unknown_proto())
    assert len(net.eth0.take()) == 2
    assert net.all_released()


def test_port_unreachable_for_the_transport_layer(net):
    net.learn(PEER_IP, PEER_MAC)
    sent = IP(src=PEER_IP, dst=OUR_IP, options=[]) / UDP(sport=5353, dport=9999) / b"nobody listens"

    def closed_port(iface, pkb, hdr):
        assert icmp.port_unreachable(iface, pkb, hdr)
        pkb.release()
    ip.register_protocol(ip.PROTO_UDP, closed_port)
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC) / sent)
    [frame] = net.eth0.take()
    assert (frame[ICMP].type, frame[ICMP].code) == (3, 3) and checksum_ok(frame)
    assert frame[IPerror].src == PEER_IP and frame[UDPerror].dport == 9999
    assert bytes(frame[ICMP].payload) == bytes(sent)[:28]
    assert net.all_released()


def test_echo_reply_checksums_match_a_full_recount(net):
    """The reply's checksum is patched from the request's: scapy's full recount must agree, with the
    one's-complement corner cases (sums that fold to 0xFFFF, a reply that is all zeros, odd lengths)."""
    import random
    rng = random.Random(7)
    cases = [(0, 0, b""), (0, 0, bytes(56)), (0xFFFF, 0, b""), (0xF7FF, 0x0800, b""), (0xFFFF, 0xFFFF, b"\xff")]
    cases += [(rng.randrange(65536), rng.randrange(65536), rng.randbytes(rng.randrange(0, 300))) for _ in range(200)]
    net.learn(PEER_IP, PEER_MAC)
    for ident, seq, payload in cases:
        net.feed(echo_request(ident=ident, seq=seq, payload=payload))
        [frame] = net.eth0.take()
        assert (frame[ICMP].type, frame[ICMP].id, frame[ICMP].seq) == (0, ident, seq)
        assert bytes(frame[ICMP].payload) == payload
        if (ident, seq, payload.strip(b"\0")) == (0, 0, b""):
            # all zeros: the only checksum that verifies is 0xFFFF (scapy's recount gives it too)
            assert frame[ICMP].chksum == 0xFFFF
        assert checksum_ok(frame) or frame[ICMP].chksum == 0xFFFF and _sums_to_zero(frame), (ident, seq, payload)
    assert net.all_released()


def _sums_to_zero(frame):
    """The ICMP message with its checksum field sums to one's-complement zero (0xFFFF): a valid checksum
    even where a recount writes the other form (0 instead of 0xFFFF)."""
    data = bytes(frame[ICMP])
    data += b"\0" * (len(data) % 2)
    total = sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return total == 0xFFFF
