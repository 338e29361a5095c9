"""TCP closing: every close path, TIME_WAIT, resets on close/abort, RFC 5961."""
import pytest

from kit import Harness, LOCAL, REMOTE, PEER_ISN, flags_of, establish_active, establish_passive
from net import tcp
from net.transport import TransportError, ECONNRESET, EPIPE, net_transport_close

MSL2 = 2 * tcp.TCP_MSL_MS


def test_active_close_through_time_wait():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.close()
    (fin,) = h.take_tcp()
    assert flags_of(fin) == "FA" and fin.seq == 1001
    assert conn.state == tcp.FIN_WAIT_1
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1002, flags="A")
    assert conn.state == tcp.FIN_WAIT_2
    (ack,) = h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1002, flags="FA")
    assert flags_of(ack) == "A" and ack.ack == peer + 1
    assert conn.state == tcp.TIME_WAIT
    # a retransmitted FIN is acknowledged again and restarts 2 MSL
    h.advance(MSL2 - 1000)
    (ack,) = h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1002, flags="FA")
    assert ack.ack == peer + 1
    h.advance(MSL2 - 1)
    assert conn.state == tcp.TIME_WAIT
    h.advance(1)
    assert conn.state == tcp.CLOSED and not h.t.tcp.conns and not h.t.tcp_ports.bound


def test_fin_ack_together_goes_straight_to_time_wait():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.close()
    h.take_tcp()
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1002, flags="FA")
    assert conn.state == tcp.TIME_WAIT


def test_passive_close_close_wait_last_ack():
    h = Harness(isn=7000)
    lst, child, peer = establish_passive(h)
    (ack,) = h.tcp(sport=4000, dport=80, seq=peer, ack=7001, flags="FA")
    assert ack.ack == peer + 1 and child.state == tcp.CLOSE_WAIT
    assert child.recv(100) == b"" and child.poll() & tcp.POLLRDHUP
    child.send(b"bye")
    (data,) = h.take_tcp()
    assert bytes(data.payload) == b"bye"
    child.close()
    (fin,) = h.take_tcp()
    assert flags_of(fin) == "FA" and fin.seq == 7004 and child.state == tcp.LAST_ACK
    h.tcp(sport=4000, dport=80, seq=peer + 1, ack=7005, flags="A")
    assert child.state == tcp.CLOSED and (LOCAL, 80, REMOTE, 4000) not in h.t.tcp.conns


def test_simultaneous_close_through_closing():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.close()
    h.take_tcp()
    (ack,) = h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1001, flags="FA")
    assert conn.state == tcp.CLOSING and ack.ack == peer + 1
    h.tcp(sport=80, dport=conn.local_port, seq=peer + 1, ack=1002, flags="A")
    assert conn.state == tcp.TIME_WAIT
    h.advance(MSL2)
    assert conn.state == tcp.CLOSED


def test_fin_retransmitted_until_acknowledged():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.close()
    h.take_tcp()
    h.advance(tcp.TCP_RTO_MIN_MS)        # the handshake's RTT sample was ~0: RTO at its floor
    (fin,) = h.take_tcp()
    assert flags_of(fin) == "FA" and fin.seq == 1001
    h.advance(2 * tcp.TCP_RTO_MIN_MS)    # backed off
    (fin,) = h.take_tcp()
    assert flags_of(fin) == "FA" and fin.seq == 1001


def test_close_with_unread_data_sends_reset():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1001, flags="PA", payload=b"unread")
    h.advance(100)
    h.take_tcp()
    conn.close()
    (rst,) = h.take_tcp()
    assert "R" in flags_of(rst) and rst.seq == 1001
    assert conn.state == tcp.CLOSED


def test_abort_sends_reset():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    net_transport_close(conn, abortive=True)
    (rst,) = h.take_tcp()
    assert "R" in flags_of(rst)
    assert not h.t.tcp.conns


def test_data_after_close_draws_reset():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.close()
    h.take_tcp()
    out = h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1002, flags="PA", payload=b"late")
    assert any("R" in flags_of(s) for s in out) and conn.state == tcp.CLOSED


def test_shutdown_write_keeps_receiving():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.shutdown(tcp.SHUT_WR)
    (fin,) = h.take_tcp()
    assert "F" in flags_of(fin)
    with pytest.raises(TransportError) as exc:
        conn.send(b"x")
    assert exc.value.errno == EPIPE
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1002, flags="PA", payload=b"more")
    assert conn.recv(10) == b"more" and conn.state == tcp.FIN_WAIT_2


def test_orphaned_fin_wait_2_times_out():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.close()
    h.take_tcp()
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1002, flags="A")
    assert conn.state == tcp.FIN_WAIT_2
    h.advance(MSL2)
    assert conn.state == tcp.CLOSED


def test_closing_listener_resets_pending_children():
    h = Harness(isn=7000)
    lst, child, peer = establish_passive(h)
    h.tcp(sport=4001, dport=80, seq=PEER_ISN, flags="S")     # half-open one
    lst.close()
    rsts = [s for s in h.take_tcp() if "R" in flags_of(s)]
    assert len(rsts) == 1 and rsts[0].dport == 4001
    assert child.state == tcp.ESTABLISHED                        # accepted already: not touched
    h.tcp(sport=4002, dport=80, seq=PEER_ISN, flags="S")
    assert not h.t.tcp.listeners


def test_syn_reuses_time_wait_pair():
    h = Harness(isn=7000)
    lst, child, peer = establish_passive(h)
    child.close()
    h.take_tcp()
    h.tcp(sport=4000, dport=80, seq=peer, ack=7002, flags="FA")
    assert child.state == tcp.TIME_WAIT
    (synack,) = h.tcp(sport=4000, dport=80, seq=peer + 100000, flags="S")
    assert flags_of(synack) == "SA" and synack.ack == peer + 100001


# ---- RFC 5961 ----

def test_exact_rst_resets():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    woke = []
    conn.waker = woke.append
    assert h.tcp(sport=80, dport=conn.local_port, seq=peer, flags="R") == []
    assert conn.state == tcp.CLOSED and woke
    with pytest.raises(TransportError) as exc:
        conn.recv(10)
    assert exc.value.errno == ECONNRESET
    assert conn.recv(10) == b""
    with pytest.raises(TransportError) as exc:
        conn.send(b"x")
    assert exc.value.errno == EPIPE


def test_in_window_rst_draws_challenge_ack():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    (ack,) = h.tcp(sport=80, dport=conn.local_port, seq=peer + 10, flags="R")
    assert flags_of(ack) == "A" and ack.seq == 1001 and ack.ack == peer
    assert conn.state == tcp.ESTABLISHED


def test_out_of_window_rst_ignored():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    assert h.tcp(sport=80, dport=conn.local_port, seq=peer + 100000, flags="R") == []
    assert h.tcp(sport=80, dport=conn.local_port, seq=peer - 10, flags="R") == []
    assert conn.state == tcp.ESTABLISHED


def test_syn_in_established_draws_challenge_ack():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    (ack,) = h.tcp(sport=80, dport=conn.local_port, seq=peer + 5, flags="S")
    assert flags_of(ack) == "A" and ack.ack == peer
    assert conn.state == tcp.ESTABLISHED


def test_ack_checks():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    # acknowledges data never sent: ACK back, segment dropped
    (ack,) = h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=5000, flags="PA", payload=b"x")
    assert ack.ack == peer and conn.rcvbuf == b""
    # too old (before SND.UNA - MAX.SND.WND): challenge ACK, dropped
    (ack,) = h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=(1001 - 70000) % 2**32,
                   flags="PA", payload=b"y")
    assert ack.ack == peer and conn.rcvbuf == b""
    # old but within MAX.SND.WND: the data is taken
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1000, flags="PA", payload=b"z")
    assert conn.rcvbuf == b"z"


def test_challenge_acks_rate_limited():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    sent = 0
    for i in range(tcp.CHALLENGE_ACKS_PER_SECOND + 20):
        sent += len(h.tcp(sport=80, dport=conn.local_port, seq=peer + 5, flags="S"))
    assert sent == tcp.CHALLENGE_ACKS_PER_SECOND


def test_icmp_port_unreachable_aborts_connect_but_is_soft_when_established():
    from scapy.layers.inet import TCP as T
    from net.transport import ECONNREFUSED, EHOSTUNREACH, ETIMEDOUT
    h = Harness(isn=1000)
    conn = h.t.tcp.connect(REMOTE, 80)
    orig = bytes(h.take_tcp()[0])[:8]
    h.t.tcp.icmp_error(3, 1, LOCAL, REMOTE, orig)            # host unreachable: soft
    assert conn.state == tcp.SYN_SENT
    h.t.tcp.icmp_error(3, 3, LOCAL, REMOTE, orig[:4] + b"\x00\x00\x00\x01")   # wrong seq: ignored
    assert conn.state == tcp.SYN_SENT
    h.t.tcp.icmp_error(3, 3, LOCAL, REMOTE, orig)
    assert conn.state == tcp.CLOSED and conn.take_error() == ECONNREFUSED
    # soft error reported when the connect times out
    conn = h.t.tcp.connect(REMOTE, 80)
    orig = bytes(h.take_tcp()[0])[:8]
    h.t.tcp.icmp_error(3, 1, LOCAL, REMOTE, orig)
    h.advance(70000)
    assert conn.take_error() == EHOSTUNREACH
    # established: even port unreachable is soft
    h2 = Harness(isn=1000)
    conn, peer = establish_active(h2)
    conn.send(b"data")
    orig = bytes(h2.take_tcp()[0])[:8]
    h2.t.tcp.icmp_error(3, 3, LOCAL, REMOTE, orig)
    assert conn.state == tcp.ESTABLISHED
