"""TCP opening: handshakes both ways, simultaneous open, refusals, SYN retries, backlog, options."""
import pytest

from kit import Harness, LOCAL, REMOTE, PEER_ISN, flags_of, opts, establish_active, establish_passive
from net import tcp
from net.transport import TransportError, ECONNREFUSED, ETIMEDOUT, IPPROTO_TCP, net_transport_open


def test_active_open_sends_syn_with_mss_and_wscale():
    h = Harness(isn=1000)
    conn = h.t.tcp.connect(REMOTE, 80)
    (syn,) = h.take_tcp()
    assert flags_of(syn) == "S" and syn.seq == 1000 and syn.dport == 80
    assert opts(syn)["MSS"] == 1460 and opts(syn)["WScale"] == 0
    assert syn.window == 65535
    assert conn.state == tcp.SYN_SENT and not conn.writable()
    out = h.tcp(sport=80, dport=conn.local_port, seq=PEER_ISN, ack=1001, flags="SA",
                options=[("MSS", 1000)])
    assert [flags_of(s) for s in out] == ["A"]
    assert out[0].seq == 1001 and out[0].ack == PEER_ISN + 1
    assert conn.state == tcp.ESTABLISHED and conn.writable()
    assert conn.mss == 1000


def test_passive_open_and_accept():
    h = Harness(isn=7000)
    lst = h.t.tcp.listen(0, 80, backlog=2)
    assert lst.accept() is None
    (synack,) = h.tcp(sport=4000, dport=80, seq=PEER_ISN, flags="S", options=[("MSS", 536)])
    assert flags_of(synack) == "SA" and synack.seq == 7000 and synack.ack == PEER_ISN + 1
    assert "WScale" not in opts(synack)          # their SYN had none
    assert opts(synack)["MSS"] == 1460
    assert lst.accept() is None
    woke = []
    lst.waker = woke.append
    h.tcp(sport=4000, dport=80, seq=PEER_ISN + 1, ack=7001, flags="A")
    assert woke and lst.poll() & tcp.POLLIN
    child = lst.accept()
    assert child.state == tcp.ESTABLISHED and child.mss == 536
    assert (child.remote_addr, child.remote_port) == (REMOTE, 4000)


def test_simultaneous_open():
    h = Harness(isn=1000)
    conn = h.t.tcp.connect(REMOTE, 80, local_port=3000)
    h.take_tcp()
    (synack,) = h.tcp(sport=80, dport=3000, seq=PEER_ISN, flags="S", options=[("MSS", 1460), ("WScale", 1)])
    assert flags_of(synack) == "SA" and synack.seq == 1000 and synack.ack == PEER_ISN + 1
    assert conn.state == tcp.SYN_RECEIVED
    out = h.tcp(sport=80, dport=3000, seq=PEER_ISN, ack=1001, flags="SA",
                options=[("MSS", 1460), ("WScale", 1)])
    assert conn.state == tcp.ESTABLISHED
    assert conn.snd_wscale == 1
    assert all("S" not in flags_of(s) for s in out)


def test_rst_to_syn_is_connection_refused():
    h = Harness(isn=1000)
    conn = h.t.tcp.connect(REMOTE, 80)
    h.take_tcp()
    h.tcp(sport=80, dport=conn.local_port, seq=0, ack=1001, flags="RA")
    assert conn.state == tcp.CLOSED and conn.poll() & tcp.POLLERR
    assert conn.take_error() == ECONNREFUSED
    assert not h.t.tcp.conns


def test_rst_with_wrong_ack_in_syn_sent_is_ignored():
    h = Harness(isn=1000)
    conn = h.t.tcp.connect(REMOTE, 80)
    h.take_tcp()
    h.tcp(sport=80, dport=conn.local_port, seq=0, ack=999, flags="RA")
    assert conn.state == tcp.SYN_SENT


def test_bad_ack_in_syn_sent_draws_reset():
    h = Harness(isn=1000)
    conn = h.t.tcp.connect(REMOTE, 80)
    h.take_tcp()
    (rst,) = h.tcp(sport=80, dport=conn.local_port, seq=9, ack=5555, flags="SA")
    assert flags_of(rst) == "R" and rst.seq == 5555
    assert conn.state == tcp.SYN_SENT


def test_closed_port_answers_with_reset():
    h = Harness()
    (rst,) = h.tcp(sport=4000, dport=81, seq=100, flags="S")
    assert flags_of(rst) == "RA" and rst.seq == 0 and rst.ack == 101
    (rst,) = h.tcp(sport=4000, dport=81, seq=100, ack=777, flags="A", payload=b"zz")
    assert flags_of(rst) == "R" and rst.seq == 777
    assert h.tcp(sport=4000, dport=81, seq=100, flags="R") == []


def test_syn_retries_then_etimedout():
    h = Harness(isn=1000)
    conn = h.t.tcp.connect(REMOTE, 80)
    h.take_tcp()
    times = []
    for step in range(200):
        h.advance(500)
        for s in h.take_tcp():
            assert flags_of(s) == "S" and s.seq == 1000
            times.append(step * 500 + 500)
        if conn.state == tcp.CLOSED:
            break
    # RFC 6298: 1 s initial RTO, doubling; TCP_MAX_RETRIES = 5 retransmissions
    assert times == [1000, 3000, 7000, 15000, 31000]
    assert conn.state == tcp.CLOSED and step * 500 + 500 == 63000
    assert conn.take_error() == ETIMEDOUT


def test_syn_ack_retransmitted_and_dup_syn_answered():
    h = Harness(isn=7000)
    h.t.tcp.listen(0, 80)
    h.tcp(sport=4000, dport=80, seq=PEER_ISN, flags="S")
    h.advance(1000)
    (again,) = h.take_tcp()
    assert flags_of(again) == "SA" and again.seq == 7000
    (dup,) = h.tcp(sport=4000, dport=80, seq=PEER_ISN, flags="S")
    assert flags_of(dup) == "SA" and dup.seq == 7000


def test_half_open_child_dropped_after_retries():
    h = Harness(isn=7000)
    lst = h.t.tcp.listen(0, 80)
    h.tcp(sport=4000, dport=80, seq=PEER_ISN, flags="S")
    h.advance(100_000)
    assert not lst.syn_queue and not h.t.tcp.conns


def test_backlog_overflow_drops_syns():
    h = Harness(isn=7000)
    lst = h.t.tcp.listen(0, 80, backlog=2)
    answered = 0
    for port in range(4000, 4004):
        answered += len(h.tcp(sport=port, dport=80, seq=PEER_ISN, flags="S"))
    assert answered == 2 and len(lst.syn_queue) == 2
    assert h.stats.get("tcp", "listen_drops") == 2
    # complete both: the accept queue is full, so a further SYN is dropped too
    h.tcp(sport=4000, dport=80, seq=PEER_ISN + 1, ack=7001, flags="A")
    h.tcp(sport=4001, dport=80, seq=PEER_ISN + 1, ack=7001, flags="A")
    assert len(lst.accept_queue) == 2
    assert h.tcp(sport=4005, dport=80, seq=PEER_ISN, flags="S") == []
    lst.accept()
    assert len(h.tcp(sport=4005, dport=80, seq=PEER_ISN, flags="S")) == 1


def test_ack_to_listener_gets_reset():
    h = Harness()
    h.t.tcp.listen(0, 80)
    (rst,) = h.tcp(sport=4000, dport=80, seq=1, ack=4242, flags="A")
    assert flags_of(rst) == "R" and rst.seq == 4242


def test_window_scale_negotiated_both_ways():
    h = Harness(isn=1000)
    conn = h.t.tcp.connect(REMOTE, 80, rcvbuf=4 * 65535)
    (syn,) = h.take_tcp()
    assert opts(syn)["WScale"] == 2
    h.tcp(sport=80, dport=conn.local_port, seq=PEER_ISN, ack=1001, flags="SA", window=1000,
          options=[("MSS", 1460), ("WScale", 3)])
    assert conn.snd_wscale == 3 and conn.snd_wnd == 1000      # the SYN's window is not scaled
    h.tcp(sport=80, dport=conn.local_port, seq=PEER_ISN + 1, ack=1001, flags="A", window=1000)
    assert conn.snd_wnd == 8000
    conn.send(b"x" * 100)
    (seg,) = h.take_tcp()
    assert seg.window == 4 * 65535 >> 2                     # our window, scaled by our shift
    assert len(seg.payload) == 100


def test_mss_follows_the_interface_mtu_and_limits_segments():
    h = Harness(isn=1000, mtu=576)
    conn, peer = establish_active(h, peer_opts=[("MSS", 1460)])
    assert conn.mss == 536
    conn.set_nodelay(True)
    conn.send(b"a" * 3000)
    assert [len(s.payload) for s in h.take_tcp()] == [536, 536, 536, 536]   # initial window 4 MSS


def test_mss_on_a_65536_byte_mtu_keeps_datagrams_within_ipv4s_limit():
    # lo's MTU is 65536 (as Linux's): a full segment must still fit a 65535-byte IPv4 datagram
    h = Harness(isn=1000, mtu=65536)
    conn = h.t.tcp.connect(REMOTE, 80)
    (syn,) = h.take_tcp()
    assert opts(syn)["MSS"] == 65495
    lst = h.t.tcp.listen(0, 8080)
    h.iface.mtu = 65536
    (synack,) = h.tcp(sport=4000, dport=8080, seq=PEER_ISN, flags="S", options=[("MSS", 65535)])
    assert opts(synack)["MSS"] == 65495
    assert lst.syn_queue[0].mss == 65495


def test_net_transport_open_both_ways():
    h = Harness(isn=1000)
    lst = net_transport_open(IPPROTO_TCP, 0, 8080, backlog=3, transport=h.t)
    assert lst.state == tcp.LISTEN and lst.backlog == 3
    conn = net_transport_open(IPPROTO_TCP, 0, 0, REMOTE, 80, transport=h.t)
    assert conn.state == tcp.SYN_SENT


def test_listen_port_in_use():
    h = Harness()
    h.t.tcp.listen(0, 80)
    with pytest.raises(TransportError):
        h.t.tcp.listen(LOCAL, 80)


def test_data_in_syn_is_not_acknowledged():
    h = Harness(isn=7000)
    h.t.tcp.listen(0, 80)
    (synack,) = h.tcp(sport=4000, dport=80, seq=PEER_ISN, flags="S", payload=b"early")
    assert synack.ack == PEER_ISN + 1


def test_close_in_syn_sent_frees_everything():
    h = Harness(isn=1000)
    conn = h.t.tcp.connect(REMOTE, 80)
    h.take_tcp()
    conn.close()
    h.advance(10_000)
    assert h.take_tcp() == [] and not h.t.tcp.conns and not h.t.tcp_ports.bound


def test_kernel_entry_points_route_to_the_initialised_stack():
    from kit import FakeTimers, Hdr, Iface
    from net import transport
    from net.pkbuf import PacketBuffer
    sent = []
    transport.net_transport_init(lambda pkb, src, dst, proto: sent.append(pkb.tobytes()), FakeTimers(),
                                 route=lambda dst: (LOCAL, 1500))
    lst = tcp.listen(0, 80)
    conn = tcp.connect(REMOTE, 443)
    assert conn.state == tcp.SYN_SENT and len(sent) == 1
    syn = bytearray(sent[0])
    syn[0:2] = (443).to_bytes(2, "big")       # the same SYN, now from REMOTE:443 to our listener
    syn[2:4] = (80).to_bytes(2, "big")
    syn[16:18] = b"\0\0"
    import inet
    from net.transport import pseudo_header_sum
    csum = inet.checksum(bytes(syn), pseudo_header_sum(REMOTE, LOCAL, 6, len(syn)))
    syn[16:18] = csum.to_bytes(2, "big")
    transport.tcp_input(Iface(), PacketBuffer.from_bytes(bytes(syn)), Hdr(REMOTE, LOCAL, 6))
    assert len(lst.syn_queue) == 1 and len(sent) == 2
    assert "LISTEN" in tcp.format_connections()
