"""Test kit: a controllable clock and timer wheel, and a scapy-driven peer that
feeds crafted segments into one transport stack and parses what it emits."""
import contextlib
import machine
from scapy.layers.inet import IP, TCP, UDP, in4_chksum
from scapy.packet import Raw

from net import link
from net.pkbuf import PacketBuffer
from net.transport import Transport

LOCAL = 0x0A000001          # 10.0.0.1: the stack under test
REMOTE = 0x0A000002         # 10.0.0.2: the crafted peer
LOCAL_S = "10.0.0.1"
REMOTE_S = "10.0.0.2"


def ip_str(addr):
    return f"{addr >> 24}.{(addr >> 16) & 255}.{(addr >> 8) & 255}.{addr & 255}"


class FakeTimers:
    """schedule/cancel like net.timer, driven by advance(), which also moves machine's clock."""

    def __init__(self):
        self.pending = []
        self.seq = 0

    def schedule(self, delay_ms, fn, *args):
        self.seq += 1
        entry = [machine.ticks_ms() + delay_ms, self.seq, fn, args, True]
        self.pending.append(entry)
        return entry

    def cancel(self, handle):
        handle[4] = False
        if handle in self.pending:
            self.pending.remove(handle)

    def next_deadline(self):
        live = [e[0] for e in self.pending if e[4]]
        return min(live) if live else None

    def run_due(self):
        now = machine.ticks_ms()
        while True:
            due = [e for e in self.pending if e[4] and e[0] <= now]
            if not due:
                return
            entry = min(due, key=lambda e: (e[0], e[1]))
            self.pending.remove(entry)
            entry[4] = False
            entry[2](*entry[3])

    def advance(self, ms):
        """Moves the clock ms forward, firing timers at their deadlines in order."""
        target = machine.ticks_ms() + ms
        while True:
            deadline = self.next_deadline()
            if deadline is None or deadline > target:
                break
            if deadline > machine.ticks_ms():
                machine.set_ms(deadline)
            self.run_due()
        machine.set_ms(target)


class Hdr:
    def __init__(self, src, dst, proto, ttl=64):
        self.src = src
        self.dst = dst
        self.proto = proto
        self.ttl = ttl


class Iface:
    def __init__(self, mtu=1500, ipv4=((LOCAL, 24),)):
        self.name = "eth0"
        self.mtu = mtu
        self.ipv4 = list(ipv4)


class Stats:
    """net.stats' interface: per-layer counter dicts."""

    def __init__(self):
        self.layers = {}

    def table(self, layer, keys=()):
        counts = self.layers.setdefault(layer, {})
        for key in keys:
            counts.setdefault(key, 0)
        return counts

    def inc(self, layer, key, n=1):
        counts = self.layers.setdefault(layer, {})
        counts[key] = counts.get(key, 0) + n

    def drop(self, layer, reason):
        self.inc(layer, reason)

    def get(self, layer, key):
        return self.layers.get(layer, {}).get(key, 0)


class Harness:
    """One stack at LOCAL; the test plays the peer at REMOTE with scapy."""

    def __init__(self, isn=1000, mtu=1500):
        machine.set_ms(1_000_000)
        self.timers = FakeTimers()
        self.sent = []              # scapy IP packets the stack emitted
        self.unreachable = []
        self.stats = Stats()
        self.iface = Iface(mtu)
        self.batch_end = []         # what the stack left for the end of the receive batch
        self.t = Transport(self._ip_output, self.timers, route=lambda dst: (LOCAL, mtu),
                           icmp_port_unreachable=self._icmp_hook, stats=self.stats, batch_end=self.batch_end.append)
        self.t.tcp.isn = lambda *tuple4: isn
        self.released = 0
        self.batching = False

    def _ip_output(self, pkb, src, dst, proto):
        raw = pkb.tobytes()
        pkt = IP(bytes(IP(src=ip_str(src), dst=ip_str(dst), proto=proto, ttl=64) / Raw(raw)))
        assert in4_chksum(proto, pkt, raw) == 0, "bad transport checksum"
        self.sent.append(pkt)

    def _icmp_hook(self, iface, pkb, hdr):
        self.unreachable.append((hdr.src, hdr.dst, pkb.tobytes()))

    def take(self):
        out = self.sent
        self.sent = []
        return out

    def take_tcp(self):
        return [p[TCP] for p in self.take()]

    def _deliver(self, layer, payload, proto, src, dst):
        pkt = IP(src=ip_str(src), dst=ip_str(dst)) / layer
        if payload:
            pkt = pkt / Raw(payload)
        ip = IP(bytes(pkt))
        raw = bytes(ip.payload)
        pkb = PacketBuffer.from_bytes(raw)
        pkb.release_fn = self._count_release
        hdr = Hdr(src, dst, proto)
        if proto == 6:
            self.t.tcp.input(self.iface, pkb, hdr)
        else:
            self.t.udp.input(self.iface, pkb, hdr)
        if not self.batching:
            link.receive_done(self.batch_end)   # each segment its own receive batch, as from a quiet NIC

    def _count_release(self):
        self.released += 1

    def tcp(self, sport=4000, dport=80, seq=0, ack=0, flags="A", window=65535, options=None,
            payload=b"", src=REMOTE, dst=LOCAL):
        layer = TCP(sport=sport, dport=dport, seq=seq, ack=ack, flags=flags, window=window,
                    options=options or [])
        self._deliver(layer, payload, 6, src, dst)
        return self.take_tcp()

    def udp(self, sport=5000, dport=53, payload=b"", src=REMOTE, dst=LOCAL, chksum=None):
        layer = UDP(sport=sport, dport=dport)
        if chksum is not None:
            layer.chksum = chksum
        self._deliver(layer, payload, 17, src, dst)
        return self.take()

    @contextlib.contextmanager
    def batch(self):
        """Segments delivered inside are one receive batch (one poll of a NIC's ring): the ACKs TCP holds
        back for the batch go out when it ends."""
        self.batching = True
        try:
            yield
        finally:
            self.batching = False
            link.receive_done(self.batch_end)

    def advance(self, ms):
        self.timers.advance(ms)


def flags_of(seg):
    return str(seg.flags)


def opts(seg):
    return dict((k, v) for k, v in seg.options)


PEER_ISN = 5000


def establish_active(h, peer_opts=None, window=65535, dport=80, **connect_kw):
    """connect() and complete the handshake as the peer; returns (conn, the peer's next seq)."""
    conn = h.t.tcp.connect(REMOTE, dport, **connect_kw)
    syn = h.take_tcp()[0]
    if peer_opts is None:
        peer_opts = [("MSS", 1460), ("WScale", 0)]
    out = h.tcp(sport=dport, dport=conn.local_port, seq=PEER_ISN, ack=syn.seq + 1, flags="SA",
                window=window, options=peer_opts)
    assert len(out) == 1 and flags_of(out[0]) == "A"
    return conn, PEER_ISN + 1


def establish_passive(h, port=80, sport=4000, peer_opts=None, backlog=4):
    """listen() and connect to it as the peer; returns (listener, child, our next seq)."""
    lst = h.t.tcp.listen(0, port, backlog)
    if peer_opts is None:
        peer_opts = [("MSS", 1460), ("WScale", 0)]
    synack = h.tcp(sport=sport, dport=port, seq=PEER_ISN, flags="S", options=peer_opts)[0]
    h.tcp(sport=sport, dport=port, seq=PEER_ISN + 1, ack=synack.seq + 1, flags="A")
    child = lst.accept()
    assert child is not None
    return lst, child, PEER_ISN + 1
