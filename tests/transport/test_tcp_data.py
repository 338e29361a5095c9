"""TCP data transfer: ordering, retransmission, congestion and flow control, timers."""
import pytest

from kit import Harness, LOCAL, REMOTE, PEER_ISN, flags_of, establish_active, establish_passive
from net import tcp
from net.config import TCP_KEEPALIVE_MS, TCP_MAX_RETRIES
from net.transport import TransportError, ETIMEDOUT


def data_of(segs):
    return [bytes(s.payload) for s in segs if len(s.payload)]


def test_in_order_receive_and_delayed_ack():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    assert h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1001, flags="PA", payload=b"a" * 1460) == []
    # the second full segment is acknowledged at once
    (ack,) = h.tcp(sport=80, dport=conn.local_port, seq=peer + 1460, ack=1001, flags="PA", payload=b"b" * 1460)
    assert ack.ack == peer + 2920
    # a lone segment waits for the 40 ms delayed-ACK timer
    assert h.tcp(sport=80, dport=conn.local_port, seq=peer + 2920, ack=1001, flags="PA", payload=b"c") == []
    h.advance(39)
    assert h.take_tcp() == []
    h.advance(1)
    (ack,) = h.take_tcp()
    assert ack.ack == peer + 2921
    assert conn.recv(10000) == b"a" * 1460 + b"b" * 1460 + b"c"
    assert conn.recv(10) is None


def test_a_burst_in_one_receive_batch_gets_one_ack_at_its_end():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    port = conn.local_port
    with h.batch():
        for i in range(6):
            assert h.tcp(sport=80, dport=port, seq=peer + 1460 * i, ack=1001, flags="PA",
                         payload=bytes([65 + i]) * 1460) == []
    (ack,) = h.take_tcp()                       # one ACK for the six segments, once the batch is through
    assert ack.ack == peer + 6 * 1460
    assert flags_of(ack) == "A"
    h.advance(200)
    assert h.take_tcp() == []                   # and nothing owed afterwards (the delayed-ACK timer finds it done)
    # data the application sends within the batch carries the acknowledgement: no separate ACK follows
    base = peer + 6 * 1460
    with h.batch():
        for i in range(2):
            assert h.tcp(sport=80, dport=port, seq=base + 1460 * i, ack=1001, flags="PA", payload=b"w" * 1460) == []
        assert len(conn.recv(100000)) == 6 * 1460 + 2 * 1460
        conn.send(b"reply")
    (seg,) = h.take_tcp()
    assert bytes(seg.payload) == b"reply" and seg.ack == base + 2 * 1460
    # a hole inside a batch is reported at once: the duplicate ACKs fast retransmit counts are not held back
    base += 2 * 1460
    with h.batch():
        assert h.tcp(sport=80, dport=port, seq=base, ack=1006, flags="PA", payload=b"x" * 1460) == []
        assert h.tcp(sport=80, dport=port, seq=base + 1460, ack=1006, flags="PA", payload=b"y" * 1460) == []
        (dup,) = h.tcp(sport=80, dport=port, seq=base + 3 * 1460, ack=1006, flags="PA", payload=b"z" * 1460)
        assert dup.ack == base + 2 * 1460
    assert h.take_tcp() == []                   # that duplicate ACK covered the two in order


def test_cork_holds_partial_segments_until_close_uncork_or_its_ceiling():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.set_nodelay(True)
    conn.set_cork(True)
    conn.send(b"head ")
    conn.send(b"body")
    assert h.take_tcp() == []                               # corked: nothing partial leaves, even with NODELAY
    conn.send(b"x" * 1460)
    (full,) = h.take_tcp()                                  # a full segment does
    assert len(full.payload) == 1460 and bytes(full.payload).startswith(b"head body")
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1001 + 1460, flags="A")
    assert h.take_tcp() == []                               # the 9 bytes left still wait
    conn.close()
    (last,) = h.take_tcp()                                  # ... and go with the FIN, in one segment
    assert bytes(last.payload) == b"x" * 9 and flags_of(last) == "FPA"
    assert not [e for e in h.timers.pending if e[4] and e[2] == conn._on_cork]   # no cork timer left behind


def test_uncork_and_the_cork_ceiling_send_what_waits():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.set_cork(True)
    conn.send(b"abc")
    assert h.take_tcp() == []
    conn.set_cork(False)
    (seg,) = h.take_tcp()
    assert bytes(seg.payload) == b"abc"
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1004, flags="A")
    conn.set_cork(True)
    conn.send(b"defg")
    h.advance(tcp.TCP_CORK_MS - 1)
    assert h.take_tcp() == []
    h.advance(1)
    (seg,) = h.take_tcp()                                   # 200 ms at most, as on Linux
    assert bytes(seg.payload) == b"defg" and conn.state == tcp.ESTABLISHED and conn.cork


def test_out_of_order_and_duplicate_segments():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    port = conn.local_port
    (dup,) = h.tcp(sport=80, dport=port, seq=peer + 5, ack=1001, flags="PA", payload=b"FGHIJ")
    assert dup.ack == peer                                     # immediate duplicate ACK
    (dup,) = h.tcp(sport=80, dport=port, seq=peer + 15, ack=1001, flags="FA", payload=b"PQRST")
    assert dup.ack == peer
    assert conn.recv(100) is None
    (ack,) = h.tcp(sport=80, dport=port, seq=peer, ack=1001, flags="PA", payload=b"ABCDE")
    assert ack.ack == peer + 10                                # hole at 10..15 remains
    (ack,) = h.tcp(sport=80, dport=port, seq=peer + 8, ack=1001, flags="PA", payload=b"IJKLMNO")
    assert ack.ack == peer + 21                                # all data and the FIN
    assert conn.recv(100) == b"ABCDEFGHIJKLMNOPQRST"
    assert conn.recv(100) == b"" and conn.state == tcp.CLOSE_WAIT
    (ack,) = h.tcp(sport=80, dport=port, seq=peer, ack=1001, flags="PA", payload=b"ABCDE")
    assert ack.ack == peer + 21                                # old duplicate: ACK, nothing delivered
    assert conn.recv(100) == b""


def test_retransmission_timeout_backoff_and_etimedout():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.send(b"hello")
    (seg,) = h.take_tcp()
    times = []
    for ms in range(0, 70000, 50):
        h.advance(50)
        for s in h.take_tcp():
            assert bytes(s.payload) == b"hello" and s.seq == 1001
            times.append(ms + 50)
        if conn.state == tcp.CLOSED:
            break
    assert len(times) == TCP_MAX_RETRIES
    gaps = [b - a for a, b in zip([0] + times, times)]
    assert gaps == [200, 400, 800, 1600, 3200]                 # RTO floor, doubling
    assert conn.take_error() == ETIMEDOUT


def test_rtt_estimate_sets_rto():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.set_nodelay(True)
    seq = 1001
    # oracle: RFC 6298 2.3 in real numbers, starting from the handshake's sample
    srtt, rttvar = conn.srtt, conn.rttvar
    for rtt in [300, 250, 400, 300, 300, 120, 300, 300] * 3:
        conn.send(b"x")
        h.take_tcp()
        h.advance(rtt)
        seq += 1
        h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=seq, flags="A")
        rttvar = 0.75 * rttvar + 0.25 * abs(srtt - rtt)
        srtt = 0.875 * srtt + 0.125 * rtt
    assert abs(conn.srtt - srtt) <= 8 and abs(conn.rttvar - rttvar) <= 8
    assert abs(conn.rto - max(200, srtt + 4 * rttvar)) <= 40


def test_karn_no_sample_from_retransmission():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.send(b"x")
    h.take_tcp()
    srtt = conn.srtt
    h.advance(200)
    assert len(h.take_tcp()) == 1
    h.advance(300)
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1002, flags="A")
    assert conn.srtt == srtt and conn.rto == 400               # backed-off RTO kept


def test_fast_retransmit_and_newreno_recovery():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    port = conn.local_port
    conn.cwnd = 10 * 1460
    conn.send(b"".join(bytes([65 + i]) * 1460 for i in range(10)))
    segs = h.take_tcp()
    assert len(segs) == 10
    base = 1001
    # segments 0 and 5 are lost; the peer acks segment boundaries
    for _ in range(3):
        out = h.tcp(sport=80, dport=port, seq=peer, ack=base, flags="A")
    (rexmit,) = out
    assert rexmit.seq == base and bytes(rexmit.payload) == b"A" * 1460
    assert conn.in_recovery and conn.ssthresh == 5 * 1460
    # a partial ACK (up to the second hole) retransmits the next hole at once
    out = h.tcp(sport=80, dport=port, seq=peer, ack=base + 5 * 1460, flags="A")
    assert out[0].seq == base + 5 * 1460 and bytes(out[0].payload) == b"F" * 1460
    assert conn.in_recovery
    # the full ACK ends recovery
    h.tcp(sport=80, dport=port, seq=peer, ack=base + 10 * 1460, flags="A")
    assert not conn.in_recovery and conn.cwnd <= conn.ssthresh + 1460
    assert h.stats.get("tcp", "fast_retransmits") == 1


def test_flow_control_respects_the_peer_window():
    h = Harness(isn=1000)
    conn, peer = establish_active(h, window=3000)
    conn.send(b"z" * 10000)
    # two full segments; the 80 bytes left in the window wait (sender SWS avoidance)
    assert [len(s.payload) for s in h.take_tcp()] == [1460, 1460]
    out = h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1001 + 2920, flags="A", window=1000)
    assert [len(s.payload) for s in out] == [1000]
    # window 0 after that: nothing more until it opens
    assert h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1001 + 3920, flags="A", window=0) == []


def test_zero_window_probes_then_resume():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.send(b"q" * 100)
    h.take_tcp()
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1101, flags="A", window=0)
    conn.send(b"r" * 100)
    assert h.take_tcp() == []
    probes = []
    for _ in range(3):
        h.advance(conn._persist_delay())
        probes += h.take_tcp()
        h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1101, flags="A", window=0)
    assert len(probes) == 3
    assert all(p.seq == 1100 and len(p.payload) == 0 for p in probes)   # SND.UNA - 1
    assert conn.state == tcp.ESTABLISHED                    # probing never gives up
    out = h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1101, flags="A", window=5000)
    assert data_of(out) == [b"r" * 100]


def test_receive_window_closes_and_reopens():
    h = Harness(isn=1000)
    conn, peer = establish_active(h, rcvbuf=4000)
    port = conn.local_port
    seq = peer
    for _ in range(3):
        h.tcp(sport=80, dport=port, seq=seq, ack=1001, flags="PA", payload=b"d" * 1000)
        seq += 1000
    h.advance(40)
    (ack,) = h.take_tcp()
    assert ack.ack == seq and ack.window <= 1000
    # data past the advertised window is not taken
    out = h.tcp(sport=80, dport=port, seq=seq, ack=1001, flags="PA", payload=b"e" * 3000)
    assert conn.recv_queue_len() <= 4000
    h.advance(40)
    got = conn.recv(10000)
    assert len(got) <= 4000 and got.startswith(b"d" * 3000)
    (update,) = h.take_tcp()                                 # window update after the read
    assert update.window >= 3000


def test_nagle_coalesces_small_writes_until_acked():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.send(b"a")
    conn.send(b"b")
    conn.send(b"c")
    assert data_of(h.take_tcp()) == [b"a"]
    out = h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1002, flags="A")
    assert data_of(out) == [b"bc"]


def test_nodelay_sends_each_write():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.set_nodelay(True)
    for b in (b"a", b"b", b"c"):
        conn.send(b)
    assert data_of(h.take_tcp()) == [b"a", b"b", b"c"]


def test_send_buffer_limit_and_writable():
    h = Harness(isn=1000)
    conn, peer = establish_active(h, window=1000)
    conn.sndbuf_size = 5000
    assert conn.send(b"x" * 8000) == 5000
    assert conn.send(b"y") == 0 and not conn.writable()
    woke = []
    conn.waker = woke.append
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1001 + 1000, flags="A", window=4000)
    assert woke


def test_an_ack_wakes_only_a_sender_that_found_the_buffer_full():
    """Like Linux's write-space callback: the ACK of data sent with room to spare wakes nobody (an echo server
    waiting to read its next request stays asleep); once send() took less than it was given, or poll() could
    not report POLLOUT, the ACK that frees room wakes the waiters, once."""
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    woke = []
    conn.waker = woke.append
    assert conn.send(b"reply") == 5
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1006, flags="A")
    assert woke == [] and conn.snd_una == 1006
    conn.sndbuf_size = 4000
    assert conn.send(b"x" * 6000) == 4000                   # short: a sender will wait for room
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1006 + 1460, flags="A")
    assert woke == [conn]
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1006 + 2920, flags="A")
    assert woke == [conn]                                   # nobody asked again
    # poll() finding no POLLOUT asks too (this send fitted: 1080 + 2000 of 4000 queued, under a quarter free)
    assert conn.send(b"y" * 2000) == 2000
    assert not conn.poll() & tcp.POLLOUT                    # 920 of 4000 free
    assert woke == [conn]
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1006 + 3000, flags="A")
    assert woke == [conn, conn] and conn.poll() & tcp.POLLOUT


def test_keepalive_probes_and_timeout():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.set_keepalive(True)
    h.advance(TCP_KEEPALIVE_MS - 1)
    assert h.take_tcp() == []
    h.advance(1)
    (probe,) = h.take_tcp()
    assert probe.seq == 1000 and len(probe.payload) == 0
    # the peer answers: the connection stays, the idle clock restarts
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1001, flags="A")
    h.advance(TCP_KEEPALIVE_MS - 1)
    assert h.take_tcp() == []
    h.advance(1)
    assert len(h.take_tcp()) == 1
    h.advance(tcp.TCP_KEEPALIVE_INTERVAL_MS * tcp.TCP_KEEPALIVE_PROBES)
    assert len(h.take_tcp()) == tcp.TCP_KEEPALIVE_PROBES - 1
    assert conn.state == tcp.CLOSED and conn.take_error() == ETIMEDOUT


def test_no_keepalive_by_default():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    h.advance(3 * TCP_KEEPALIVE_MS)
    assert h.take_tcp() == [] and conn.state == tcp.ESTABLISHED


@pytest.mark.parametrize("our_isn", [2**32 - 3, 2**32 - 1500])
def test_sequence_wraparound_both_directions(our_isn):
    h = Harness(isn=our_isn)
    lst = h.t.tcp.listen(0, 80)
    peer_isn = 2**32 - 2
    (synack,) = h.tcp(sport=4000, dport=80, seq=peer_isn, flags="S", options=[("MSS", 1460)])
    snd = (our_isn + 1) % 2**32
    rcv = (peer_isn + 1) % 2**32
    h.tcp(sport=4000, dport=80, seq=rcv, ack=snd, flags="A")
    child = lst.accept()
    child.set_nodelay(True)
    blob = bytes(range(256)) * 16          # within the 3-MSS initial window
    child.send(blob)
    segs = h.take_tcp()
    assert b"".join(bytes(s.payload) for s in segs) == blob
    assert segs[0].seq == snd and segs[-1].seq == (snd + len(blob) - len(segs[-1].payload)) % 2**32
    h.tcp(sport=4000, dport=80, seq=rcv, ack=(snd + len(blob)) % 2**32, flags="A")
    assert child.send_queue_len() == 0 and child.snd_una == (snd + len(blob)) % 2**32
    # receive across the wrap, out of order
    h.tcp(sport=4000, dport=80, seq=(rcv + 3) % 2**32, ack=snd, flags="PA", payload=b"defg")
    (ack,) = h.tcp(sport=4000, dport=80, seq=rcv, ack=(snd + len(blob)) % 2**32, flags="PA", payload=b"abc")
    assert ack.ack == (rcv + 7) % 2**32
    assert child.recv(100) == b"abcdefg"


def test_format_connections_lists_tcp_and_udp():
    h = Harness(isn=1000)
    h.t.tcp.listen(0, 80)
    conn, peer = establish_active(h, dport=22)
    h.t.udp.bind(0, 53)
    conn.send(b"12345")
    text = h.t.format_connections()
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["Proto", "Recv-Q", "Send-Q"]
    assert any(l.split() == ["tcp", "0", "0", "0.0.0.0:80", "0.0.0.0:*", "LISTEN"] for l in lines)
    assert any(l.split() == ["tcp", "0", "5", f"10.0.0.1:{conn.local_port}", "10.0.0.2:22", "ESTABLISHED"]
               for l in lines)
    assert any(l.split()[:4] == ["udp", "0", "0", "0.0.0.0:53"] for l in lines)


def _retransmit_times(h, until_ms, step=10):
    """Advances the clock in steps; the times (ms from now) at which data segments went out again."""
    times = []
    for ms in range(step, until_ms + step, step):
        h.advance(step)
        times += [ms for s in h.take_tcp() if len(s.payload)]
    return times


def test_an_ack_of_new_data_restarts_the_retransmission_timer():
    # RFC 6298 5.3: the timer expires RTO after the latest ACK of new data, not after the first send
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.set_nodelay(True)
    conn.send(b"A" * 100)
    conn.send(b"B" * 100)
    assert len(h.take_tcp()) == 2
    h.advance(150)
    assert h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1101, flags="A") == []
    rto = conn.rto
    times = _retransmit_times(h, rto + 50, step=1)
    assert times and times[0] == rto


def test_data_sent_after_everything_was_acked_gets_a_full_rto():
    h = Harness(isn=1000)
    conn, peer = establish_active(h)
    conn.send(b"x")
    h.take_tcp()
    h.advance(10)
    h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=1002, flags="A")
    h.advance(150)
    conn.send(b"y")
    (seg,) = h.take_tcp()
    rto = conn.rto
    times = _retransmit_times(h, rto + 50, step=1)
    assert times and times[0] == rto and seg.seq == 1002


def test_bulk_send_keeps_the_byte_stream_through_partial_acks():
    # the send buffer drops acknowledged bytes in batches: every segment must still carry the right bytes
    h = Harness(isn=1000)
    conn, peer = establish_active(h, window=65535)
    blob = bytes((i * 7 + i // 251) & 255 for i in range(300_000))
    sent = 0
    got = bytearray()
    next_ack = 1001
    while len(got) < len(blob):
        if sent < len(blob):
            sent += conn.send(blob[sent:])
        segs = [s for s in h.take_tcp() if len(s.payload)]
        for s in segs:
            off = (s.seq - 1001) % 2**32
            if off == len(got):
                got += bytes(s.payload)
            assert bytes(s.payload) == blob[off:off + len(s.payload)]
        if segs:
            next_ack = 1001 + len(got)
            h.tcp(sport=80, dport=conn.local_port, seq=peer, ack=next_ack, flags="A")
        else:
            h.advance(50)
    assert bytes(got) == blob
    assert conn.send_queue_len() == 0
