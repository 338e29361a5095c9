"""UDP: demux, checksums, closed ports, queue limit."""
import pytest
from scapy.layers.inet import UDP

from kit import Harness, LOCAL, REMOTE
from net.transport import TransportError, EADDRINUSE, ECONNREFUSED, IPPROTO_UDP, net_transport_open
from net import udp as udp_mod


def test_send_builds_a_valid_datagram():
    h = Harness()
    sock = h.t.udp.bind(0, 5353)
    assert sock.sendto(b"hello", REMOTE, 53) == 5
    (pkt,) = h.take()
    u = pkt[UDP]
    assert (u.sport, u.dport, u.len, bytes(u.payload)) == (5353, 53, 13, b"hello")
    assert pkt.src == "10.0.0.1" and pkt.dst == "10.0.0.2"
    assert u.chksum != 0        # checksum verified by the harness against scapy


def test_receive_and_demux_prefers_connected_then_exact_then_wildcard():
    h = Harness()
    wild = h.t.udp.bind(0, 7000)
    with pytest.raises(TransportError) as exc:
        h.t.udp.bind(LOCAL, 7000)
    assert exc.value.errno == EADDRINUSE
    h.udp(sport=1111, dport=7000, payload=b"one")
    assert wild.recvfrom() == (b"one", REMOTE, 1111)
    assert wild.recvfrom() is None
    other = h.t.udp.bind(LOCAL, 7001)
    h.udp(sport=1111, dport=7001, payload=b"two")
    assert other.recvfrom() == (b"two", REMOTE, 1111)
    # datagrams for another local address do not reach a socket bound to LOCAL
    h.udp(sport=1111, dport=7001, payload=b"x", dst=LOCAL + 5)
    assert other.recvfrom() is None


def test_connected_socket_only_sees_its_peer():
    h = Harness()
    sock = h.t.udp.bind(0, 7000)
    sock.connect(REMOTE, 9)
    h.udp(sport=9, dport=7000, payload=b"peer")
    h.udp(sport=10, dport=7000, payload=b"stranger")
    assert sock.recvfrom() == (b"peer", REMOTE, 9)
    assert sock.recvfrom() is None


def test_bad_checksum_dropped_and_zero_checksum_accepted():
    h = Harness()
    sock = h.t.udp.bind(0, 7000)
    h.udp(sport=1, dport=7000, payload=b"bad", chksum=0x1234)
    assert sock.recvfrom() is None
    assert h.stats.get("udp", "in_csum_errors") == 1
    h.udp(sport=1, dport=7000, payload=b"none", chksum=0)
    assert sock.recvfrom() == (b"none", REMOTE, 1)
    assert h.released == 2


def test_short_and_bad_length_dropped():
    h = Harness()
    h.t.udp.bind(0, 7000)
    from net.pkbuf import PacketBuffer
    from kit import Hdr
    h.t.udp.input(h.iface, PacketBuffer.from_bytes(b"\x00\x01\x1b"), Hdr(REMOTE, LOCAL, 17))
    h.t.udp.input(h.iface, PacketBuffer.from_bytes(b"\x00\x01\x1b\x58\x00\x30\x00\x00"), Hdr(REMOTE, LOCAL, 17))
    assert h.stats.get("udp", "in_errors_short") == 1
    assert h.stats.get("udp", "in_errors_length") == 1


def test_closed_port_goes_to_icmp_hook_but_not_for_broadcast():
    h = Harness()
    h.udp(sport=1, dport=9999, payload=b"x")
    assert len(h.unreachable) == 1 and h.unreachable[0][0] == REMOTE
    h.udp(sport=1, dport=9999, payload=b"x", dst=0xFFFFFFFF)
    h.udp(sport=1, dport=9999, payload=b"x", dst=0x0A0000FF)     # directed broadcast of 10.0.0.0/24
    assert len(h.unreachable) == 1


def test_queue_limit_counts_drops():
    h = Harness()
    sock = h.t.udp.bind(0, 7000)
    sock.rx_limit = 3
    for i in range(5):
        h.udp(sport=1, dport=7000, payload=bytes([i]))
    assert sock.rx_drops == 2
    assert h.stats.get("udp", "rcvbuf_errors") == 2
    assert [sock.recvfrom()[0] for _ in range(3)] == [b"\x00", b"\x01", b"\x02"]


def test_ephemeral_ports_and_close_frees_the_port():
    h = Harness()
    a = h.t.udp.bind()
    b = h.t.udp.bind()
    assert 49152 <= a.local_port <= 65535 and a.local_port != b.local_port
    s = net_transport_open(IPPROTO_UDP, 0, 6000, transport=h.t)
    s.close()
    h.t.udp.bind(0, 6000)


def test_icmp_port_unreachable_reported_on_connected_socket():
    h = Harness()
    sock = h.t.udp.bind(0, 7000)
    sock.connect(REMOTE, 53)
    sock.send(b"q")
    orig = bytes(h.take()[0][UDP])[:8]
    h.t.udp.icmp_error(3, 3, LOCAL, REMOTE, orig)
    with pytest.raises(TransportError) as exc:
        sock.recvfrom()
    assert exc.value.errno == ECONNREFUSED


def test_wake_callback_on_arrival():
    h = Harness()
    sock = h.t.udp.bind(0, 7000)
    woken = []
    sock.waker = woken.append
    h.udp(sport=1, dport=7000, payload=b"x")
    assert woken == [sock] and sock.poll() & udp_mod.POLLIN
