"""ARP: replies, resolution with queueing, retries and timeouts, aging, rate limit, the table."""
from scapy.layers.inet import ICMP, IP, UDP
from scapy.layers.l2 import ARP, Ether

from ipv4_helpers import OUR_IP, OUR_MAC, PEER_IP, PEER_MAC, FakeInterface
from net import addr, arp, icmp, ip, stats
from net.pkbuf import PacketBuffer

A = addr.parse_ipv4


def request_for(target, sender_ip=PEER_IP, sender_mac=PEER_MAC):
    return Ether(src=sender_mac, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=sender_mac, psrc=sender_ip, pdst=target)


def reply_from(sender_ip=PEER_IP, sender_mac=PEER_MAC):
    return Ether(src=sender_mac, dst=OUR_MAC) / ARP(op=2, hwsrc=sender_mac, psrc=sender_ip, hwdst=OUR_MAC, pdst=OUR_IP)


def send_udp(dst, tag=b"x"):
    return ip.output(PacketBuffer.from_bytes(tag), 0, A(dst), 17)


def test_request_for_our_address_is_answered(net):
    net.feed(request_for(OUR_IP) / (b"\0" * 18))            # with link padding
    [frame] = net.eth0.take()
    assert frame[Ether].dst == PEER_MAC and frame[Ether].src == OUR_MAC and frame[Ether].type == 0x0806
    assert (frame[ARP].op, frame[ARP].hwsrc, frame[ARP].psrc) == (2, OUR_MAC, OUR_IP)
    assert (frame[ARP].hwdst, frame[ARP].pdst) == (PEER_MAC, PEER_IP)
    assert (frame[ARP].hwtype, frame[ARP].ptype, frame[ARP].hwlen, frame[ARP].plen) == (1, 0x0800, 6, 4)
    assert arp.lookup(net.eth0, A(PEER_IP)) == addr.parse_mac(PEER_MAC)     # the asker is learned
    assert net.all_released()


def test_requests_for_others_are_not_answered_and_not_learned(net):
    net.feed(request_for("192.168.1.99"))
    assert net.eth0.take() == []
    assert arp.lookup(net.eth0, A(PEER_IP)) is None
    # ...but an entry we already have is refreshed (RFC 826 merge).
    net.learn(PEER_IP, PEER_MAC)
    net.feed(request_for("192.168.1.99", sender_mac="02:00:00:00:00:99"))
    assert arp.lookup(net.eth0, A(PEER_IP)) == addr.parse_mac("02:00:00:00:00:99")


def test_malformed_arp_is_dropped(net):
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC, type=0x0806) / b"\x00\x01\x08\x00\x06")
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC) / ARP(op=1, ptype=0x86DD, hwsrc=PEER_MAC, psrc=PEER_IP, pdst=OUR_IP))
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC) / ARP(op=9, hwsrc=PEER_MAC, psrc=PEER_IP, pdst=OUR_IP))
    net.feed(request_for(OUR_IP, sender_mac="ff:ff:ff:ff:ff:ff"))
    assert net.eth0.take() == []
    assert [stats.get("arp", r) for r in ("truncated", "unsupported", "bad_opcode", "bad_sender")] == [1, 1, 1, 1]
    assert net.all_released()


def test_resolution_queues_and_flushes_in_order(net):
    for tag in (b"1", b"2"):
        assert send_udp(PEER_IP, tag) == 0
    [request] = net.eth0.take()
    assert request[ARP].op == 1 and request[ARP].pdst == PEER_IP and request[ARP].hwdst == "00:00:00:00:00:00"
    assert arp.entry_state(net.eth0, A(PEER_IP)) == arp.INCOMPLETE
    net.feed(reply_from())
    frames = net.eth0.take()
    assert [bytes(f[IP].payload) for f in frames] == [b"1", b"2"]
    assert all(f[Ether].dst == PEER_MAC for f in frames)
    assert arp.entry_state(net.eth0, A(PEER_IP)) == arp.REACHABLE


def test_queue_is_bounded_oldest_dropped(net):
    for tag in (b"1", b"2", b"3", b"4", b"5"):
        send_udp(PEER_IP, tag)
    net.eth0.take()
    net.feed(reply_from())
    assert [bytes(f[IP].payload) for f in net.eth0.take()] == [b"3", b"4", b"5"]
    assert stats.get("arp", "queue_drops") == 2


def test_retries_then_failure_reports_host_unreachable(net):
    errors = []
    icmp.register_error_handler(17, lambda *args: errors.append(args))
    send_udp(PEER_IP, bytes(UDP(sport=7, dport=9)))
    assert len(net.eth0.take()) == 1
    net.advance(arp.RETRY_MS)
    assert len(net.eth0.take()) == 1
    net.advance(arp.RETRY_MS)
    assert len(net.eth0.take()) == 1                        # three requests in all...
    net.advance(arp.RETRY_MS)
    assert net.eth0.take() == []                            # ...then it gives up
    assert arp.entry_state(net.eth0, A(PEER_IP)) is None
    assert stats.get("arp", "resolve_failures") == 1 and stats.get("arp", "unresolved_drops") == 1
    net.advance(0)                                          # the ICMP error loops back to us
    [(kind, code, src, dst, _)] = errors
    assert (kind, code, addr.format_ipv4(dst)) == (3, 1, PEER_IP)


def test_reachable_ages_to_stale_and_is_reprobed(net):
    net.learn(PEER_IP, PEER_MAC)
    net.advance(arp.REACHABLE_MS)
    assert arp.entry_state(net.eth0, A(PEER_IP)) == arp.STALE
    send_udp(PEER_IP)
    probe, data = net.eth0.take()
    assert probe[ARP].op == 1 and probe[Ether].dst == PEER_MAC         # unicast confirmation
    assert data[IP].dst == PEER_IP and data[Ether].dst == PEER_MAC      # the stale MAC is still used
    net.feed(reply_from())
    assert arp.entry_state(net.eth0, A(PEER_IP)) == arp.REACHABLE
    net.advance(arp.REACHABLE_MS)
    send_udp(PEER_IP)
    net.eth0.take()
    net.advance(arp.RETRY_MS * arp.MAX_TRIES)                           # no answer this time
    assert arp.entry_state(net.eth0, A(PEER_IP)) is None


def test_unused_stale_entries_are_forgotten(net):
    net.learn(PEER_IP, PEER_MAC)
    net.advance(arp.REACHABLE_MS + arp.STALE_MS)
    assert arp.entry_state(net.eth0, A(PEER_IP)) is None


def test_requests_are_rate_limited(net):
    for host in range(50, 50 + arp.RATE_LIMIT_PER_S + 5):
        send_udp(f"192.168.1.{host}")
    assert len(net.eth0.take()) == arp.RATE_LIMIT_PER_S
    assert stats.get("arp", "rate_limited") == 5
    net.advance(1000)                                       # the retries go out in the next second
    assert 0 < len(net.eth0.take()) <= arp.RATE_LIMIT_PER_S


def test_gratuitous_arp_when_an_address_is_set(net):
    eth1 = FakeInterface("eth1", "02:00:00:00:01:01")
    ip.set_address(eth1, A("172.16.0.1"), 24)
    [frame] = eth1.take()
    assert frame[Ether].dst == "ff:ff:ff:ff:ff:ff" and frame[ARP].op == 1
    assert frame[ARP].psrc == frame[ARP].pdst == "172.16.0.1" and frame[ARP].hwsrc == "02:00:00:00:01:01"


def test_gratuitous_arp_from_a_neighbour_updates_its_entry(net):
    net.learn(PEER_IP, PEER_MAC)
    net.feed(request_for(PEER_IP, sender_mac="02:00:00:00:00:77"))
    assert arp.lookup(net.eth0, A(PEER_IP)) == addr.parse_mac("02:00:00:00:00:77")
    net.feed(request_for(OUR_IP, sender_ip=OUR_IP, sender_mac="02:00:00:00:00:66"))   # someone claims our address
    assert stats.get("arp", "address_conflict") == 1 and net.eth0.take() == []


def test_format_table_like_ip_neigh(net):
    net.learn(PEER_IP, PEER_MAC)
    send_udp("192.168.1.30")
    net.advance(0)
    assert arp.format_table() == (f"{PEER_IP} dev eth0 lladdr {PEER_MAC} REACHABLE\n"
                                  "192.168.1.30 dev eth0  INCOMPLETE\n")


def test_arp_answers_and_ping_works_end_to_end(net):
    net.feed(request_for(OUR_IP))
    net.eth0.take()
    net.feed(Ether(src=PEER_MAC, dst=OUR_MAC) / IP(src=PEER_IP, dst=OUR_IP) / ICMP(type=8, id=1, seq=2) / b"hi")
    [reply] = net.eth0.take()
    assert reply[ICMP].type == 0 and reply[Ether].dst == PEER_MAC
