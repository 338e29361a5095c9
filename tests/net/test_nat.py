"""NAT (net.nat through net.guard's hooks): masquerade, SNAT port allocation,
DNAT port forwarding, ICMP echo identifiers and ICMP errors (RFC 5508).

The oracle for every rewritten datagram is scapy: the expected datagram is
built from scratch with the translated addresses and ports, so scapy computes
every length and checksum (IP, TCP, UDP, ICMP, and those of a quoted datagram)
itself, and the stack's bytes must equal it."""
import struct

import machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scapy.layers.inet import ICMP, IP, TCP, UDP

import inet
from guard_helpers import (GW, HOST_A, HOST_B, IN_IP, OUT_IP, REMOTE, SERVER, fw, nat_rules,
                           router)  # noqa: F401  (router is a fixture)
from net import conntrack, guard, nat, stats
from net.guard import ACCEPT, DROP

MASQUERADE = "-A POSTROUTING -o eth0 -j MASQUERADE"


def tcp(src, dst, sport, dport, flags="S", seq=1000, ack=0, data=b"", ident=1, ttl=64):
    return IP(src=src, dst=dst, id=ident, ttl=ttl) / TCP(sport=sport, dport=dport, flags=flags, seq=seq,
                                                         ack=ack) / data


def udp(src, dst, sport, dport, data=b"payload", ident=1, ttl=64):
    return IP(src=src, dst=dst, id=ident, ttl=ttl) / UDP(sport=sport, dport=dport) / data


def echo(src, dst, ident, seq=1, kind=8, data=b"abcdefgh"):
    return IP(src=src, dst=dst) / ICMP(type=kind, id=ident, seq=seq) / data


def error(src, dst, kind, code, about, quote_len=28):
    return IP(src=src, dst=dst, id=9) / ICMP(type=kind, code=code) / bytes(about)[:quote_len]


# --- masquerade ----------------------------------------------------------------------------------

def test_masquerade_tcp_flow_and_its_replies(router):
    nat_rules(MASQUERADE)
    out = router.receive(router.eth1, tcp(HOST_A, SERVER, 40000, 80, "S", 100))
    assert out.where == "forward" and out.iface is router.eth0
    assert out.raw == bytes(tcp(OUT_IP, SERVER, 40000, 80, "S", 100))    # port preserved
    back = router.receive(router.eth0, tcp(SERVER, OUT_IP, 80, 40000, "SA", 900, 101))
    assert back.iface is router.eth1
    assert back.raw == bytes(tcp(SERVER, HOST_A, 80, 40000, "SA", 900, 101))
    data = router.receive(router.eth1, tcp(HOST_A, SERVER, 40000, 80, "PA", 101, 901, b"GET / HTTP/1.0\r\n"))
    assert data.raw == bytes(tcp(OUT_IP, SERVER, 40000, 80, "PA", 101, 901, b"GET / HTTP/1.0\r\n"))
    [conn] = conntrack.connections()
    assert conn.tcp_state == conntrack.TCP_ESTABLISHED
    assert "src=192.168.1.20 dst=192.168.1.10 sport=80 dport=40000" in guard.command(["conntrack"])
    # nat rules see only the first packet of a connection
    assert guard.chain("POSTROUTING", "nat").rules[0].packets == 1


def test_twenty_parallel_tcp_flows_and_a_udp_flow_keep_distinct_mappings(router):
    nat_rules(MASQUERADE)
    flows = [(host, 40000 + i) for host in (HOST_A, HOST_B) for i in range(10)]
    external = {}
    for n, (host, port) in enumerate(flows):
        out = router.receive(router.eth1, tcp(host, SERVER, port, 80, "S", 1000 + n))
        assert out.pkt.src == OUT_IP
        external[(host, port)] = out.pkt[TCP].sport
        assert out.raw == bytes(tcp(OUT_IP, SERVER, out.pkt[TCP].sport, 80, "S", 1000 + n))
    dns = router.receive(router.eth1, udp(HOST_A, SERVER, 40000, 53, b"query"))
    assert dns.raw == bytes(udp(OUT_IP, SERVER, dns.pkt[UDP].sport, 53, b"query"))
    assert len(set(external.values())) == 20                      # no two TCP flows share a port
    assert all(1024 <= p <= 49151 for p in external.values())
    # every reply finds its own inside endpoint
    for n, ((host, port), ext) in enumerate(reversed(list(external.items()))):
        back = router.receive(router.eth0, tcp(SERVER, OUT_IP, 80, ext, "SA", 7000 + n, 1))
        assert back.raw == bytes(tcp(SERVER, host, 80, port, "SA", 7000 + n, 1))
    back = router.receive(router.eth0, udp(SERVER, OUT_IP, 53, dns.pkt[UDP].sport, b"answer"))
    assert back.raw == bytes(udp(SERVER, HOST_A, 53, 40000, b"answer"))
    assert nat.mapping_count() == 21 and conntrack.count() == 21


def test_mapping_is_endpoint_independent(router):
    nat_rules(MASQUERADE)
    router.receive(router.eth1, tcp(HOST_B, SERVER, 41000, 80))        # B takes 41000 outside
    first = router.receive(router.eth1, tcp(HOST_A, SERVER, 41000, 80)).pkt[TCP].sport
    second = router.receive(router.eth1, tcp(HOST_A, REMOTE, 41000, 443)).pkt[TCP].sport
    assert first == second != 41000                                  # RFC 4787 REQ-1 / RFC 5382 REQ-1
    assert nat.mapping_count() == 2


def test_unsolicited_inbound_is_not_translated(router):
    nat_rules(MASQUERADE)
    router.receive(router.eth1, udp(HOST_A, SERVER, 5000, 53))
    stray = router.receive(router.eth0, udp(REMOTE, OUT_IP, 53, 5000))   # another host: no mapping hit
    assert stray.where == "local"
    assert stray.raw == bytes(udp(REMOTE, OUT_IP, 53, 5000))


def test_icmp_echo_identifiers_through_nat(router):
    nat_rules(MASQUERADE)
    a = router.receive(router.eth1, echo(HOST_A, SERVER, 7))
    b = router.receive(router.eth1, echo(HOST_B, SERVER, 7))
    a_id, b_id = a.pkt[ICMP].id, b.pkt[ICMP].id
    assert a_id == 7 and b_id != 7
    assert a.raw == bytes(echo(OUT_IP, SERVER, 7))
    assert b.raw == bytes(echo(OUT_IP, SERVER, b_id))
    back_b = router.receive(router.eth0, echo(SERVER, OUT_IP, b_id, kind=0))
    back_a = router.receive(router.eth0, echo(SERVER, OUT_IP, a_id, kind=0))
    assert back_b.raw == bytes(echo(SERVER, HOST_B, 7, kind=0))
    assert back_a.raw == bytes(echo(SERVER, HOST_A, 7, kind=0))


def test_routers_own_traffic_is_left_alone(router):
    nat_rules(MASQUERADE)
    packet = tcp(OUT_IP, SERVER, 50000, 80)
    out = router.send(packet)
    assert out.where == "out" and out.raw == bytes(packet)
    assert nat.mapping_count() == 0 and conntrack.count() == 1
    # ... and a masqueraded flow never takes the port of a tracked connection of the router
    inside = router.receive(router.eth1, tcp(HOST_A, SERVER, 50000, 80))
    assert inside.pkt[TCP].sport != 50000


def test_port_of_a_tracked_connection_or_a_local_socket_is_not_allocated(router, monkeypatch):
    nat_rules(MASQUERADE)
    router.send(tcp(OUT_IP, SERVER, 40000, 80))                      # the router's own connection
    assert router.receive(router.eth1, tcp(HOST_A, SERVER, 40000, 80)).pkt[TCP].sport != 40000
    monkeypatch.setattr(nat, "local_port_in_use", lambda proto, address, port: port == 40001)
    assert router.receive(router.eth1, tcp(HOST_A, SERVER, 40001, 80)).pkt[TCP].sport != 40001
    assert router.receive(router.eth1, tcp(HOST_A, SERVER, 40002, 80)).pkt[TCP].sport == 40002


def test_low_ports_stay_low(router):
    nat_rules(MASQUERADE)
    router.receive(router.eth1, udp(HOST_A, SERVER, 123, 123))
    other = router.receive(router.eth1, udp(HOST_B, SERVER, 123, 123)).pkt[UDP].sport
    assert 1 <= other <= 1023 and other != 123                       # RFC 4787 REQ-3


def test_udp_without_checksum_stays_without(router):
    nat_rules(MASQUERADE)
    packet = udp(HOST_A, SERVER, 5000, 53)
    packet[UDP].chksum = 0
    out = router.receive(router.eth1, packet)
    assert out.pkt[UDP].chksum == 0
    expected = udp(OUT_IP, SERVER, 5000, 53)
    expected[UDP].chksum = 0
    assert out.raw == bytes(expected)


def test_snat_port_exhaustion(router):
    nat_rules("-A POSTROUTING -o eth0 -p udp -j SNAT --to-source 192.168.1.10:2000-2002")
    ports = [router.receive(router.eth1, udp(HOST_A, SERVER, 6000 + i, 53)).pkt[UDP].sport for i in range(3)]
    assert sorted(ports) == [2000, 2001, 2002]
    refused = udp(HOST_A, SERVER, 6003, 53, ident=555)
    out = router.receive(router.eth1, refused)
    assert out.verdict == DROP
    assert stats.get("nat", "no_ports") == 1
    [prohibited] = router.sent(router.eth1)                            # RFC 5508 REQ-8
    assert (prohibited.src, prohibited.dst) == (IN_IP, HOST_A)
    assert (prohibited[ICMP].type, prohibited[ICMP].code) == (3, 13)
    assert bytes(prohibited[ICMP].payload) == bytes(refused)[:28]
    # the existing flows keep their ports
    assert router.receive(router.eth1, udp(HOST_A, SERVER, 6001, 53)).pkt[UDP].sport == ports[1]
    # when they have been idle long enough, their ports come back
    machine.advance_ms(conntrack.UDP_UNREPLIED_MS)
    again = router.receive(router.eth1, udp(HOST_A, SERVER, 6003, 53))
    assert again.verdict == ACCEPT and 2000 <= again.pkt[UDP].sport <= 2002
    assert nat.mapping_count() == 1


def test_invalid_packets_that_would_be_masqueraded_do_not_leak(router):
    nat_rules("-A POSTROUTING -d 192.168.1.0/24 -j ACCEPT", MASQUERADE)
    stray = tcp(HOST_A, REMOTE, 40000, 80, "PA", 5, 6, b"data")       # no connection: INVALID
    assert router.receive(router.eth1, stray).verdict == DROP
    assert stats.get("nat", "invalid_untranslated") == 1
    exempt = tcp(HOST_A, SERVER, 40000, 80, "PA", 5, 6, b"data")      # a -j ACCEPT rule exempts it
    assert router.receive(router.eth1, exempt).raw == bytes(exempt)
    rules = guard.chain("POSTROUTING", "nat").rules
    assert rules[0].packets == rules[1].packets == 0                  # the check counts nothing


def test_routers_own_invalid_packets_still_leave(router):
    nat_rules(MASQUERADE)
    reset = tcp(OUT_IP, SERVER, 80, 3333, "R", 5)             # a RST for no connection: INVALID
    out = router.send(reset)
    assert out.where == "out" and out.raw == bytes(reset)


def test_a_full_small_range_does_not_block_other_ranges(router):
    nat_rules("-A POSTROUTING -o eth0 -p udp --dport 53 -j SNAT --to-source 192.168.1.10:2000-2001",
              MASQUERADE)
    for i in range(2):
        router.receive(router.eth1, udp(HOST_A, SERVER, 6000 + i, 53))
    assert router.receive(router.eth1, udp(HOST_A, SERVER, 6002, 53)).dropped
    assert router.receive(router.eth1, udp(HOST_A, SERVER, 6003, 53)).dropped
    assert stats.get("nat", "no_ports") == 2
    for i in range(3):                                          # the default range still has room
        assert router.receive(router.eth1, udp(HOST_A, SERVER, 7000 + i, 123)).pkt[UDP].sport == 7000 + i
    machine.advance_ms(conntrack.UDP_UNREPLIED_MS)
    assert router.receive(router.eth1, udp(HOST_A, SERVER, 6004, 53)).pkt[UDP].sport in (2000, 2001)


def test_removing_the_nat_rules_forgets_the_mappings(router):
    nat_rules(MASQUERADE)
    router.receive(router.eth1, tcp(HOST_A, SERVER, 40000, 80))
    assert nat.mapping_count() == 1
    guard.run(["-F"], "nat")
    assert nat.mapping_count() == 0 and conntrack.count() == 0 and not guard.active


# --- port forwarding ---------------------------------------------------------------------------

def test_dnat_port_forward_both_directions(router):
    nat_rules(MASQUERADE, "-A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to 10.1.0.2:80")
    fw("-P FORWARD DROP", "-A FORWARD -m state --state ESTABLISHED,RELATED -j ACCEPT",
       "-A FORWARD -i eth0 -d 10.1.0.2 -p tcp --dport 80 -j ACCEPT")     # FORWARD sees the new destination
    syn = router.receive(router.eth0, tcp(SERVER, OUT_IP, 3333, 8080, "S", 50))
    assert syn.where == "forward" and syn.iface is router.eth1
    assert syn.raw == bytes(tcp(SERVER, HOST_A, 3333, 80, "S", 50))
    reply = router.receive(router.eth1, tcp(HOST_A, SERVER, 80, 3333, "SA", 800, 51))
    assert reply.iface is router.eth0
    assert reply.raw == bytes(tcp(OUT_IP, SERVER, 8080, 3333, "SA", 800, 51))   # not masqueraded again
    data = router.receive(router.eth0, tcp(SERVER, OUT_IP, 3333, 8080, "PA", 51, 801, b"hello"))
    assert data.raw == bytes(tcp(SERVER, HOST_A, 3333, 80, "PA", 51, 801, b"hello"))
    # other ports of the router are not forwarded
    assert router.receive(router.eth0, tcp(SERVER, OUT_IP, 3333, 8081)).where == "local"
    assert guard.chain("PREROUTING", "nat").rules[0].packets == 1


def test_dnat_to_the_router_itself_is_local(router):
    nat_rules("-A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to 192.168.1.10:80")
    inbound = router.receive(router.eth0, tcp(SERVER, OUT_IP, 3333, 8080))
    assert inbound.where == "local" and inbound.raw == bytes(tcp(SERVER, OUT_IP, 3333, 80))
    answer = router.send(tcp(OUT_IP, SERVER, 80, 3333, "SA", 1, 1001))
    assert answer.raw == bytes(tcp(OUT_IP, SERVER, 8080, 3333, "SA", 1, 1001))


def test_icmp_error_from_a_forwarded_server_is_translated(router):
    nat_rules("-A PREROUTING -i eth0 -p udp --dport 5353 -j DNAT --to 10.1.0.2:53")
    query = udp(SERVER, OUT_IP, 4444, 5353, b"question", ident=321)
    assert router.receive(router.eth0, query).raw == bytes(udp(SERVER, HOST_A, 4444, 53, b"question", ident=321))
    seen_by_a = udp(SERVER, HOST_A, 4444, 53, b"question", ident=321, ttl=63)
    unreachable = router.receive(router.eth1, error(HOST_A, SERVER, 3, 3, seen_by_a, 36))
    assert unreachable.iface is router.eth0
    expected = error(OUT_IP, SERVER, 3, 3, udp(SERVER, OUT_IP, 4444, 5353, b"question", ident=321, ttl=63), 36)
    assert unreachable.raw == bytes(expected)


# --- ICMP errors through NAT (RFC 5508) ----------------------------------------------------------

def test_time_exceeded_about_a_masqueraded_udp_probe(router):
    nat_rules(MASQUERADE)
    router.receive(router.eth1, udp(HOST_B, REMOTE, 33000, 33434))        # B holds 33000 outside
    probe = udp(HOST_A, REMOTE, 33000, 33434, b"traceroute", ident=4000, ttl=2)
    out = router.receive(router.eth1, probe)
    ext = out.pkt[UDP].sport
    assert ext != 33000
    on_the_wire = udp(OUT_IP, REMOTE, ext, 33434, b"traceroute", ident=4000, ttl=1)
    answer = router.receive(router.eth0, error(GW, OUT_IP, 11, 0, on_the_wire))
    assert answer.iface is router.eth1
    # the quote holds the UDP checksum: translated, it equals scapy's for A's own datagram
    expected = error(GW, HOST_A, 11, 0, udp(HOST_A, REMOTE, 33000, 33434, b"traceroute", ident=4000, ttl=1))
    assert answer.raw == bytes(expected)


def test_time_exceeded_quoting_a_whole_tcp_segment(router):
    nat_rules(MASQUERADE)
    router.receive(router.eth1, tcp(HOST_B, REMOTE, 45000, 443))
    out = router.receive(router.eth1, tcp(HOST_A, REMOTE, 45000, 443, "S", 77, ident=12, ttl=2))
    ext = out.pkt[TCP].sport
    segment = tcp(OUT_IP, REMOTE, ext, 443, "S", 77, ident=12, ttl=1)
    answer = router.receive(router.eth0, error(GW, OUT_IP, 11, 0, segment, 100))
    expected = error(GW, HOST_A, 11, 0, tcp(HOST_A, REMOTE, 45000, 443, "S", 77, ident=12, ttl=1), 100)
    assert answer.raw == bytes(expected)
    # the endpoint's own error (port unreachable from REMOTE) keeps REMOTE as its source
    unreachable = router.receive(router.eth0, error(REMOTE, OUT_IP, 3, 3, segment))
    assert unreachable.raw == bytes(error(REMOTE, HOST_A, 3, 3,
                                          tcp(HOST_A, REMOTE, 45000, 443, "S", 77, ident=12, ttl=1)))


def test_time_exceeded_about_a_masqueraded_ping(router):
    nat_rules(MASQUERADE)
    router.receive(router.eth1, echo(HOST_B, REMOTE, 300))
    out = router.receive(router.eth1, echo(HOST_A, REMOTE, 300, seq=5))
    ext = out.pkt[ICMP].id
    assert ext != 300
    quoted = IP(src=OUT_IP, dst=REMOTE, ttl=1) / ICMP(type=8, id=ext, seq=5) / b"abcdefgh"
    answer = router.receive(router.eth0, error(GW, OUT_IP, 11, 0, quoted))
    expected = error(GW, HOST_A, 11, 0, IP(src=HOST_A, dst=REMOTE, ttl=1) / ICMP(type=8, id=300, seq=5) / b"abcdefgh")
    assert answer.raw == bytes(expected)


def test_errors_about_unknown_flows_are_not_translated(router):
    nat_rules(MASQUERADE)
    router.receive(router.eth1, udp(HOST_A, REMOTE, 33000, 33434))
    stranger = udp(OUT_IP, REMOTE, 60000, 33434, ttl=1)
    packet = error(GW, OUT_IP, 11, 0, stranger)
    out = router.receive(router.eth0, packet)
    assert out.where == "local" and out.raw == bytes(packet)


def test_routers_own_error_about_a_masqueraded_flow_goes_out_untranslated(router):
    nat_rules(MASQUERADE)
    probe = udp(HOST_A, REMOTE, 33000, 33434, ttl=1)
    router.receive(router.eth1, probe)
    # net.ip answers the TTL expiry itself, quoting the datagram as it arrived (before NAT)
    own = error(IN_IP, HOST_A, 11, 0, probe)
    out = router.send(own)
    assert out.iface is router.eth1 and out.raw == bytes(own)


# --- checksums ---------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(host=st.integers(2, 254), sport=st.integers(1024, 65535), dport=st.integers(1, 65535),
       data=st.binary(max_size=80), use_tcp=st.booleans(), seq=st.integers(0, 2 ** 32 - 1))
def test_rewritten_checksums_equal_scapys(router, host, sport, dport, data, use_tcp, seq):
    if not guard.active:
        nat_rules(MASQUERADE)
    inside = f"10.1.0.{host}"
    if use_tcp:
        out = router.receive(router.eth1, tcp(inside, REMOTE, sport, dport, "S", seq, 0, data))
        assert out.raw == bytes(tcp(OUT_IP, REMOTE, out.pkt[TCP].sport, dport, "S", seq, 0, data))
    else:
        out = router.receive(router.eth1, udp(inside, REMOTE, sport, dport, data))
        assert out.raw == bytes(udp(OUT_IP, REMOTE, out.pkt[UDP].sport, dport, data))


@given(words=st.lists(st.integers(0, 0xFFFF), min_size=2, max_size=40), at=st.integers(0, 39),
       new=st.integers(0, 0xFFFF))
def test_incremental_update_equals_a_fresh_checksum(words, at, new):
    at %= len(words)
    buf = bytearray(struct.pack(f"!{len(words)}H", *words))
    csum = inet.checksum(buf)
    old = words[at]
    struct.pack_into("!H", buf, at * 2, new)
    fresh = inet.checksum(buf)
    got = nat.adjust16(csum, old, new)
    assert got == fresh or {got, fresh} == {0, 0xFFFF} and not any(buf)    # +0/-0 only for an all-zero buffer


@given(words=st.lists(st.integers(0, 0xFFFF), min_size=2, max_size=40), new=st.integers(0, 2 ** 32 - 1))
def test_incremental_update_of_an_address(words, new):
    buf = bytearray(struct.pack(f"!{len(words)}H", *words))
    csum = inet.checksum(buf)
    old = struct.unpack_from("!I", buf, 0)[0]
    struct.pack_into("!I", buf, 0, new)
    fresh = inet.checksum(buf)
    got = nat.adjust32(csum, old, new)
    assert got == fresh or {got, fresh} == {0, 0xFFFF} and not any(buf)


def test_guard_verdicts_are_ints():
    assert (ACCEPT, DROP) == (0, 1)
