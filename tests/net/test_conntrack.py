"""Connection tracking (net.conntrack): TCP, UDP and ICMP state transitions,
RELATED errors, timeouts and the bounded table. Packets are built by scapy
and classified the way the guard's hooks do it (classify, then confirm)."""
import machine
import pytest
from scapy.layers.inet import ICMP, IP, TCP, UDP

from guard_helpers import Router
from net import addr, conntrack, guard, stats, timer
from net.conntrack import ESTABLISHED, INVALID, NEW, RELATED

A = "10.1.0.2"
S = "192.168.1.20"
R = "192.168.1.1"


@pytest.fixture
def ct(net):
    guard.reset()
    conntrack.reset()
    yield net
    conntrack.reset()


def track(packet):
    """Classifies packet; a NEW connection is confirmed at once (as the last hook would)."""
    pkb, hdr = Router.buffer(packet)
    pkt = conntrack.packet_from_header(pkb.mem, hdr)
    accepted = conntrack.classify(pkt)
    if accepted and pkt.conn is not None and pkt.state == NEW and not pkt.conn.confirmed:
        assert conntrack.confirm(pkt.conn)
    pkt.accepted = accepted
    return pkt


def left_ms(conn):
    return conn.expires - machine.ticks_ms()


def tcp(src, dst, sport, dport, flags, seq=1000, ack=0, data=b""):
    return IP(src=src, dst=dst) / TCP(sport=sport, dport=dport, flags=flags, seq=seq, ack=ack) / data


def test_tcp_handshake_data_and_close(ct):
    syn = track(tcp(A, S, 40000, 80, "S"))
    assert syn.state == NEW and syn.dir == 0
    conn = syn.conn
    assert conn.tcp_state == conntrack.TCP_SYN_SENT
    assert left_ms(conn) == conntrack.TCP_TRANSITORY_MS

    assert track(tcp(A, S, 40000, 80, "S")).state == NEW          # a retransmitted SYN
    synack = track(tcp(S, A, 80, 40000, "SA", 5000, 1001))
    assert (synack.state, synack.dir, synack.conn) == (ESTABLISHED, 1, conn)
    assert conn.tcp_state == conntrack.TCP_SYN_RECV
    ack = track(tcp(A, S, 40000, 80, "A", 1001, 5001))
    assert ack.state == ESTABLISHED and ack.dir == 0
    assert conn.tcp_state == conntrack.TCP_ESTABLISHED and conn.assured
    assert left_ms(conn) == conntrack.TCP_ESTABLISHED_MS >= (2 * 60 + 4) * 60 * 1000     # RFC 5382 REQ-5
    assert track(tcp(S, A, 80, 40000, "PA", 5001, 1001, b"hello")).state == ESTABLISHED

    track(tcp(A, S, 40000, 80, "FA", 1001, 5006))
    assert conn.tcp_state == conntrack.TCP_FIN_WAIT
    assert left_ms(conn) == conntrack.TCP_TRANSITORY_MS
    track(tcp(S, A, 80, 40000, "A", 5006, 1002))
    assert conn.tcp_state == conntrack.TCP_CLOSE_WAIT
    track(tcp(S, A, 80, 40000, "FA", 5006, 1002))
    assert conn.tcp_state == conntrack.TCP_LAST_ACK
    last = track(tcp(A, S, 40000, 80, "A", 1002, 5007))
    assert last.state == ESTABLISHED
    assert conn.tcp_state == conntrack.TCP_TIME_WAIT
    assert conn.packets == [5, 4]                # the retransmitted SYN counts
    assert conntrack.count() == 1


def test_tcp_rst_closes_and_a_new_syn_reopens(ct):
    conn = track(tcp(A, S, 40001, 80, "S")).conn
    track(tcp(S, A, 80, 40001, "SA", 7000, 1001))
    track(tcp(A, S, 40001, 80, "A", 1001, 7001))
    rst = track(tcp(S, A, 80, 40001, "R", 7001))
    assert rst.state == ESTABLISHED and conn.tcp_state == conntrack.TCP_CLOSE
    assert left_ms(conn) == conntrack.TCP_TRANSITORY_MS
    again = track(tcp(A, S, 40001, 80, "S", 9000))
    assert again.state == NEW and again.conn is not conn
    assert again.conn.tcp_state == conntrack.TCP_SYN_SENT
    assert conntrack.count() == 1


@pytest.mark.parametrize("flags", ["A", "SA", "R", "F", "FA", "SF", "", "SR"])
def test_tcp_segments_that_open_nothing_are_invalid(ct, flags):
    pkt = track(tcp(A, S, 40002, 80, flags))
    assert pkt.state == INVALID and pkt.conn is None
    assert conntrack.count() == 0
    assert stats.get("conntrack", "invalid") == 1


def test_tcp_impossible_segments_of_a_known_connection_are_invalid(ct):
    conn = track(tcp(A, S, 40003, 80, "S")).conn
    assert track(tcp(A, S, 40003, 80, "A", 1001, 1)).state == INVALID      # nothing to acknowledge yet
    assert track(tcp(A, S, 40003, 80, "SA", 1000, 1)).state == INVALID     # SYN-ACK from the opener
    assert track(tcp(A, S, 40003, 80, "SF")).state == INVALID
    assert conn.tcp_state == conntrack.TCP_SYN_SENT
    track(tcp(S, A, 80, 40003, "SA", 1, 1001))
    track(tcp(A, S, 40003, 80, "A", 1001, 2))
    assert track(tcp(A, S, 40003, 80, "S")).state == INVALID               # SYN on an open connection
    assert conn.tcp_state == conntrack.TCP_ESTABLISHED


def test_truncated_transport_header_is_invalid(ct):
    raw = bytes(IP(src=A, dst=S, proto=6) / (b"\x01" * 12))
    assert track(IP(raw)).state == INVALID


def test_udp_new_until_a_reply_then_established_with_rfc4787_timeouts(ct):
    first = track(IP(src=A, dst=S) / UDP(sport=5000, dport=53) / b"q")
    assert first.state == NEW
    conn = first.conn
    assert left_ms(conn) == conntrack.UDP_UNREPLIED_MS >= 120000           # RFC 4787 REQ-5
    assert track(IP(src=A, dst=S) / UDP(sport=5000, dport=53) / b"q").state == NEW
    reply = track(IP(src=S, dst=A) / UDP(sport=53, dport=5000) / b"a")
    assert (reply.state, reply.dir) == (ESTABLISHED, 1)
    assert left_ms(conn) == conntrack.UDP_REPLIED_MS >= 120000
    assert track(IP(src=A, dst=S) / UDP(sport=5000, dport=53) / b"q").state == ESTABLISHED
    assert conn.assured


def test_udp_entry_expires_when_idle_and_lives_while_used(ct):
    conn = track(IP(src=A, dst=S) / UDP(sport=5001, dport=53)).conn
    machine.advance_ms(conntrack.UDP_UNREPLIED_MS - 1)
    assert track(IP(src=A, dst=S) / UDP(sport=5001, dport=53)).conn is conn    # refreshed
    machine.advance_ms(conntrack.UDP_UNREPLIED_MS - 1)
    assert conntrack.lookup(conn.orig) is not None
    machine.advance_ms(1)
    again = track(IP(src=S, dst=A) / UDP(sport=53, dport=5001))
    assert again.conn is not conn and again.state == NEW     # the old entry went: this starts a flow
    assert stats.get("conntrack", "expired") == 1


def test_icmp_echo_request_and_reply(ct):
    request = track(IP(src=A, dst=S) / ICMP(type=8, id=77, seq=1))
    assert request.state == NEW
    assert left_ms(request.conn) == conntrack.ICMP_MS
    reply = track(IP(src=S, dst=A) / ICMP(type=0, id=77, seq=1))
    assert (reply.state, reply.dir, reply.conn) == (ESTABLISHED, 1, request.conn)
    assert track(IP(src=S, dst=A) / ICMP(type=0, id=78, seq=1)).state == INVALID   # nobody asked
    assert track(IP(src=S, dst=A) / ICMP(type=9)).state == INVALID                 # not a query
    # A request from the other side with id 0 is its own flow, not a reply to anything.
    assert track(IP(src=S, dst=A) / ICMP(type=8, id=0)).state == NEW


def quote(packet, length=28):
    return bytes(packet)[:length]


def test_icmp_errors_about_tracked_flows_are_related(ct):
    flow = IP(src=A, dst=S, ttl=1) / UDP(sport=5002, dport=33434) / b"probe"
    conn = track(flow).conn
    unreach = track(IP(src=S, dst=A) / ICMP(type=3, code=3) / quote(flow))
    assert (unreach.state, unreach.conn, unreach.dir) == (RELATED, conn, 1)
    expired = track(IP(src=R, dst=A) / ICMP(type=11, code=0) / quote(flow, 200))
    assert expired.state == RELATED and expired.conn is conn
    ping = IP(src=A, dst=S) / ICMP(type=8, id=99, seq=3)
    ping_conn = track(ping).conn
    about_ping = track(IP(src=R, dst=A) / ICMP(type=11) / quote(ping))
    assert about_ping.state == RELATED and about_ping.conn is ping_conn
    assert conn.packets == [1, 0]                  # errors neither count nor refresh the flow


def test_icmp_errors_about_unknown_flows_or_broken_are_invalid(ct):
    flow = IP(src=A, dst=S) / UDP(sport=5003, dport=53)
    track(flow)
    stranger = IP(src=A, dst=S) / UDP(sport=5004, dport=53)
    assert track(IP(src=S, dst=A) / ICMP(type=3, code=3) / quote(stranger)).state == INVALID
    good = bytearray(bytes(IP(src=S, dst=A) / ICMP(type=3, code=3) / quote(flow)))
    good[-1] ^= 0xFF                                # the ICMP checksum fails (RFC 5508 REQ-3)
    assert track(IP(bytes(good))).state == INVALID
    short = IP(src=S, dst=A) / ICMP(type=3, code=3) / quote(flow, 24)
    assert track(short).state == INVALID
    error = IP(src=S, dst=A) / ICMP(type=3, code=3) / quote(flow)
    about_error = IP(src=A, dst=S) / ICMP(type=3, code=1) / quote(error)
    assert track(about_error).state == INVALID


def test_a_fragment_is_invalid(ct):
    frag = IP(src=A, dst=S, flags="MF", proto=17) / (b"\x00" * 16)
    assert track(frag).state == INVALID
    later = IP(src=A, dst=S, frag=2, proto=17) / (b"\x00" * 16)
    assert track(later).state == INVALID


def test_full_table_refuses_new_flows_and_keeps_existing_ones(ct):
    conntrack.max_conns = 3
    conns = [track(IP(src=A, dst=S) / UDP(sport=6000 + i, dport=53)).conn for i in range(3)]
    refused = track(IP(src=A, dst=S) / UDP(sport=6100, dport=53))
    assert not refused.accepted and refused.conn is None
    assert stats.get("conntrack", "table_full") == 1
    assert conntrack.count() == 3
    for i, conn in enumerate(conns):
        reply = track(IP(src=S, dst=A) / UDP(sport=53, dport=6000 + i))
        assert reply.state == ESTABLISHED and reply.conn is conn
    # Once the old flows are idle past their timeout, a new one finds room (sweep on demand).
    machine.advance_ms(conntrack.UDP_REPLIED_MS)
    fresh = track(IP(src=A, dst=S) / UDP(sport=6101, dport=53))
    assert fresh.accepted and fresh.state == NEW
    assert conntrack.count() == 1


def test_periodic_sweep_empties_the_table_through_net_timer(ct):
    for i in range(5):
        track(IP(src=A, dst=S) / UDP(sport=7000 + i, dport=53))
    assert conntrack.count() == 5 and timer.next_deadline() is not None
    ct.advance(conntrack.UDP_UNREPLIED_MS + conntrack.SWEEP_MS)
    assert conntrack.count() == 0
    assert stats.get("conntrack", "expired") == 5
    assert timer.next_deadline() is None           # nothing left to sweep: the timer is not re-armed


def test_listing_reads_like_nf_conntrack(ct):
    track(tcp(A, S, 40010, 80, "S"))
    track(IP(src=A, dst=S) / UDP(sport=5353, dport=53))
    track(IP(src=S, dst=A) / UDP(sport=53, dport=5353))
    machine.advance_ms(1500)
    text = conntrack.format_table()
    assert ("tcp      6 238 SYN_SENT src=10.1.0.2 dst=192.168.1.20 sport=40010 dport=80 packets=1 bytes=40 "
            "[UNREPLIED] src=192.168.1.20 dst=10.1.0.2 sport=80 dport=40010 packets=0 bytes=0") in text
    assert ("udp      17 298 src=10.1.0.2 dst=192.168.1.20 sport=5353 dport=53 packets=1 bytes=28 "
            "src=192.168.1.20 dst=10.1.0.2 sport=53 dport=5353 packets=1 bytes=28 [ASSURED]") in text
    assert text.endswith(f"2 of {conntrack.MAX_CONNS} connections tracked\n")


def test_addresses_are_ints_in_tuples(ct):
    conn = track(IP(src=A, dst=S) / UDP(sport=1, dport=2)).conn
    assert conn.orig == (17, addr.parse_ipv4(A), 1, addr.parse_ipv4(S), 2)
    assert conn.reply == conntrack.invert(conn.orig)
