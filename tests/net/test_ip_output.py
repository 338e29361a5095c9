"""IPv4 output: header build, source selection, fragmentation, broadcast, errors; and forwarding."""
import pytest
from hypothesis import given, settings, strategies as st
from scapy.layers.inet import ICMP, IP, UDP, IPOption_RR, IPOption_Security, defragment
from scapy.layers.l2 import ARP, Ether

from ipv4_helpers import GW_IP, GW_MAC, OUR_IP, OUR_MAC, PEER_IP, PEER_MAC, REMOTE_IP, FakeInterface, checksum_ok
from net import addr, arp, ip, route, stats
from net.pkbuf import PacketBuffer

A = addr.parse_ipv4


def send(payload, dst, src=0, proto=17, **kw):
    return ip.output(PacketBuffer.from_bytes(payload), src, A(dst), proto, **kw)


def test_header_is_built_with_valid_checksum(net):
    net.learn(PEER_IP, PEER_MAC)
    udp = bytes(IP(src=OUR_IP, dst=PEER_IP) / UDP(sport=1000, dport=2000) / b"payload")[20:]
    assert send(udp, PEER_IP, ttl=17, tos=0x28) == 0
    [frame] = net.eth0.take()
    assert frame[Ether].dst == PEER_MAC and frame[Ether].src == OUR_MAC and frame[Ether].type == 0x0800
    pkt = frame[IP]
    assert (pkt.version, pkt.ihl, pkt.tos, pkt.len, pkt.ttl, pkt.proto) == (4, 5, 0x28, 20 + len(udp), 17, 17)
    assert (pkt.src, pkt.dst, int(pkt.flags), pkt.frag) == (OUR_IP, PEER_IP, 0, 0)
    assert bytes(pkt.payload) == udp and checksum_ok(frame)


def test_identification_increments_and_df_is_set(net):
    net.learn(PEER_IP, PEER_MAC)
    send(b"a", PEER_IP, df=True)
    send(b"b", PEER_IP)
    first, second = net.eth0.take()
    assert first[IP].flags.DF and not second[IP].flags.DF
    assert second[IP].id == (first[IP].id + 1) & 0xFFFF


def test_remote_destination_goes_to_the_gateway_after_arp(net):
    assert send(b"to the world", "8.8.8.8") == 0
    [request] = net.eth0.take()
    assert request[ARP].op == 1 and request[ARP].pdst == GW_IP and request[ARP].psrc == OUR_IP
    assert request[Ether].dst == "ff:ff:ff:ff:ff:ff"
    net.feed(Ether(src=GW_MAC, dst=OUR_MAC) / ARP(op=2, hwsrc=GW_MAC, psrc=GW_IP, hwdst=OUR_MAC, pdst=OUR_IP))
    [frame] = net.eth0.take()
    assert frame[Ether].dst == GW_MAC and frame[IP].dst == "8.8.8.8" and frame[IP].src == OUR_IP


def test_source_selection_prefers_the_next_hops_subnet(net):
    ip.set_address(net.eth0, A("172.16.5.1"), 16)
    net.learn("172.16.9.9", PEER_MAC)
    net.learn(PEER_IP, PEER_MAC)
    send(b"x", "172.16.9.9")
    send(b"x", PEER_IP, src=A("172.16.5.1"))            # an explicit source is kept
    first, second = [f for f in net.eth0.take() if IP in f]
    assert first[IP].src == "172.16.5.1"
    assert second[IP].src == "172.16.5.1" and second[IP].dst == PEER_IP


def test_limited_and_directed_broadcasts_use_the_broadcast_mac(net):
    send(b"x", "255.255.255.255")
    send(b"x", "192.168.1.255")
    frames = net.eth0.take()
    assert [f[Ether].dst for f in frames] == ["ff:ff:ff:ff:ff:ff"] * 2
    send(b"x", "224.0.0.251")
    [mcast] = net.eth0.take()
    assert mcast[Ether].dst == "01:00:5e:00:00:fb"


def test_no_route_and_interface_down(net):
    route.delete(0, 0)
    assert send(b"x", "8.8.8.8") == ip.ENETUNREACH
    net.eth0.up = False
    assert send(b"x", PEER_IP) == ip.ENETUNREACH
    assert stats.get("ip", "out_no_routes") == 2
    assert net.eth0.take() == []


@pytest.mark.parametrize("size,mtu", [(1481, 1500), (3000, 1500), (65515, 1500), (1000, 576), (200, 68)])
def test_fragmentation_matches_scapy_reassembly(net, size, mtu):
    net.eth0.mtu = mtu
    net.learn(PEER_IP, PEER_MAC)
    payload = bytes((i * 7) & 0xFF for i in range(size))
    assert send(payload, PEER_IP, proto=253) == 0
    frames = net.eth0.take()
    per_fragment = (mtu - 20) & ~7
    assert len(frames) == -(-size // per_fragment)
    for index, frame in enumerate(frames):
        pkt = frame[IP]
        assert checksum_ok(frame) and pkt.len <= mtu
        assert pkt.frag * 8 == index * per_fragment
        assert bool(pkt.flags.MF) == (index < len(frames) - 1)
        assert pkt.id == frames[0][IP].id
    whole = defragment([f[IP] for f in frames])
    assert len(whole) == 1 and bytes(whole[0].payload) == payload
    assert stats.get("ip", "frag_creates") == len(frames)


def test_df_forbids_fragmentation_and_oversize_is_refused(net):
    net.learn(PEER_IP, PEER_MAC)
    assert send(b"x" * 1481, PEER_IP, df=True) == ip.EMSGSIZE
    assert send(b"x" * 65516, PEER_IP) == ip.EMSGSIZE
    assert net.eth0.take() == []
    assert stats.get("ip", "frag_fails") == 2


# --- forwarding ---------------------------------------------------------------------------------

@pytest.fixture
def router(net):
    eth1 = FakeInterface("eth1", "02:00:00:00:01:01", mtu=1000)
    ip.set_address(eth1, A("172.16.0.1"), 24)
    eth1.sent = []
    ip.set_forwarding(True)
    net.learn("172.16.0.5", "02:00:00:00:01:05", eth1)
    net.learn(PEER_IP, PEER_MAC)
    net.eth1 = eth1
    return net


def arriving(pkt):
    return Ether(src=PEER_MAC, dst=OUR_MAC) / pkt


def test_forwarded_packet_has_ttl_decremented_and_valid_checksum(router):
    sent = IP(src=PEER_IP, dst="172.16.0.5", ttl=10, id=99) / UDP(sport=1, dport=2) / b"through"
    router.feed(arriving(sent))
    [frame] = router.eth1.take()
    assert frame[Ether].dst == "02:00:00:00:01:05" and frame[Ether].src == "02:00:00:00:01:01"
    assert frame[IP].ttl == 9 and frame[IP].id == 99 and checksum_ok(frame)
    assert bytes(frame[IP].payload) == bytes(sent[UDP])
    assert stats.get("ip", "forwarded") == 1 and router.all_released()


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 255), st.integers(0, 255), st.integers(0, 0xFFFF), st.integers(0, 0xFFFFFFFF),
       st.integers(0, 0xFFFFFFFF), st.integers(0, 255))
def test_incremental_checksum_equals_a_full_recompute(ttl, proto, ident, src, dst, tos):
    header = bytearray(bytes(IP(ttl=ttl, proto=proto, id=ident, src=addr.format_ipv4(src),
                                dst=addr.format_ipv4(dst), tos=tos)))
    ip._decrement_ttl(memoryview(header))
    expected = IP(bytes(header))
    del expected.chksum
    assert IP(bytes(header)).chksum == IP(bytes(expected)).chksum and header[8] == ttl - 1


def test_ttl_expiry_sends_time_exceeded(router):
    sent = IP(src=PEER_IP, dst="172.16.0.5", ttl=1) / UDP(sport=33434, dport=33435) / b"trace"
    router.feed(arriving(sent))
    assert router.eth1.take() == []
    [frame] = router.eth0.take()
    assert frame[ICMP].type == 11 and frame[ICMP].code == 0 and checksum_ok(frame)
    assert frame[IP].dst == PEER_IP and frame[IP].src == OUR_IP
    assert bytes(frame[ICMP].payload) == bytes(sent)[:28]


def test_df_too_big_sends_fragmentation_needed_with_the_mtu(router):
    sent = IP(src=PEER_IP, dst="172.16.0.5", flags="DF") / UDP() / (b"z" * 1200)
    router.feed(arriving(sent))
    assert router.eth1.take() == []
    [frame] = router.eth0.take()
    assert (frame[ICMP].type, frame[ICMP].code, frame[ICMP].nexthopmtu) == (3, 4, 1000)


def test_too_big_without_df_is_fragmented_on_the_way(router):
    sent = IP(src=PEER_IP, dst="172.16.0.5", id=7, options=[IPOption_RR(routers=["0.0.0.0"]),
                                                            IPOption_Security()]) / UDP() / (bytes(range(256)) * 6)
    router.feed(arriving(sent))
    frames = router.eth1.take()
    assert len(frames) == 2 and all(checksum_ok(f) and f[IP].len <= 1000 for f in frames)
    assert frames[0][IP].ihl == IP(bytes(sent)).ihl
    assert frames[1][IP].ihl * 4 == 20 + 12             # only the copied option (security, padded)
    whole = defragment([f[IP] for f in frames])
    assert bytes(whole[0].payload) == bytes(sent[UDP]) and whole[0].ttl == sent.ttl - 1


def test_no_route_sends_net_unreachable(router):
    route.delete(0, 0)
    router.feed(arriving(IP(src=PEER_IP, dst="8.8.8.8") / UDP() / b"x"))
    [frame] = router.eth0.take()
    assert (frame[ICMP].type, frame[ICMP].code) == (3, 0)


def test_forwarding_off_drops(router):
    ip.set_forwarding(False)
    router.feed(arriving(IP(src=PEER_IP, dst="172.16.0.5") / UDP() / b"x"))
    assert router.eth1.take() == [] and router.eth0.take() == []
    assert stats.get("ip", "not_for_us") == 1 and router.all_released()


def test_source_for_answers_like_output(net):
    assert ip.source_for(A("198.51.100.7")) == (A(OUR_IP), 1500)          # via the default gateway
    assert ip.source_for(A(PEER_IP)) == (A(OUR_IP), 1500)                 # on-link
    ip.update_pmtu(A("198.51.100.7"), 1280)
    assert ip.source_for(A("198.51.100.7")) == (A(OUR_IP), 1280)          # a learned path MTU
    assert ip.source_for(A(OUR_IP))[0] == A(OUR_IP)                       # ourselves: the same address
    assert ip.source_for(A("127.0.0.9"))[0] == A("127.0.0.1")
    route.delete(0, 0)
    assert ip.source_for(A("198.51.100.7")) is None


# ---- the destination cache: the second datagram to a neighbour skips the route lookup and the ARP table ----

def test_destination_cache_sends_the_same_frames(net):
    """The first datagram finds the route and the neighbour, the next ones come from the cache: the frames
    differ only in the identification (and its checksum)."""
    net.learn(PEER_IP, PEER_MAC)
    for _ in range(3):
        assert send(b"cached", PEER_IP, src=A(OUR_IP), df=True) == 0
    frames = net.eth0.take()
    assert len(frames) == 3 and A(PEER_IP) in ip._dst_cache
    for frame in frames:
        assert frame[Ether].dst == PEER_MAC and frame[Ether].src == OUR_MAC and checksum_ok(frame)
        assert (frame[IP].src, frame[IP].dst, bytes(frame[IP].payload)) == (OUR_IP, PEER_IP, b"cached")
    assert [f[IP].id for f in frames] == [(frames[0][IP].id + i) & 0xFFFF for i in range(3)]


def test_destination_cache_follows_route_changes(net):
    net.learn(GW_IP, GW_MAC)
    net.learn(PEER_IP, PEER_MAC)
    assert send(b"x", REMOTE_IP) == 0
    assert net.eth0.take()[0][Ether].dst == GW_MAC             # by the default route
    route.add(A("8.8.8.0"), 24, A(PEER_IP), "eth0", 1)         # a better route appears
    assert send(b"x", REMOTE_IP) == 0
    assert net.eth0.take()[0][Ether].dst == PEER_MAC
    route.delete(A("8.8.8.0"), 24)
    route.delete(0, 0)
    assert send(b"x", REMOTE_IP) == ip.ENETUNREACH                # and none at all
    assert net.eth0.take() == []


def test_destination_cache_follows_the_neighbour(net):
    """A neighbour that ARP forgot is asked for again; one whose entry went STALE is confirmed by a probe,
    as without the cache; an interface that went down does not send."""
    net.learn(PEER_IP, PEER_MAC)
    send(b"x", PEER_IP)
    net.eth0.take()
    arp.flush()
    assert send(b"x", PEER_IP) == 0
    [request] = net.eth0.take()                                  # queued behind a new request
    assert request[ARP].op == 1 and request[ARP].pdst == PEER_IP
    net.learn(PEER_IP, "02:00:00:00:00:99")                      # it answers from a new MAC
    net.eth0.take()
    send(b"y", PEER_IP)
    assert net.eth0.take()[0][Ether].dst == "02:00:00:00:00:99"
    net.advance(arp.REACHABLE_MS + 1)                            # the entry ages to STALE
    send(b"z", PEER_IP)
    frames = net.eth0.take()
    assert any(ARP in f and f[ARP].op == 1 and f[ARP].pdst == PEER_IP for f in frames)   # the unicast probe
    assert any(IP in f and bytes(f[IP].payload) == b"z" for f in frames)
    net.eth0.up = False
    assert send(b"x", PEER_IP) == ip.ENETUNREACH


def test_destination_cache_follows_address_changes(net):
    net.learn(PEER_IP, PEER_MAC)
    send(b"x", PEER_IP)
    net.eth0.take()
    ip.set_address(net.eth0, A(PEER_IP), 32)                     # the peer's address becomes ours
    net.eth0.sent = []
    assert send(b"x", PEER_IP) == 0
    assert net.eth0.take() == []                                 # delivered locally, not sent
    assert A(PEER_IP) not in ip._dst_cache
