"""Shared parts of the net_guard host tests: a two-interface router and a
model of how net.ip calls the guard's hooks (the order the module doc of
net.guard prescribes), so the tests drive the hooks exactly as the kernel
will, with scapy building the packets and parsing what comes out.

Topology: eth0 = 192.168.1.10/24, the outside (default route via
192.168.1.1, servers 192.168.1.20 and 8.8.8.8); eth1 = 10.1.0.1/24, the
inside (hosts 10.1.0.2, 10.1.0.3, ...)."""
import pytest
from scapy.layers.inet import IP

from ipv4_helpers import FakeInterface
from net import addr, guard, ip, route
from net.pkbuf import PacketBuffer

OUT_IP = "192.168.1.10"
IN_IP = "10.1.0.1"
SERVER = "192.168.1.20"
REMOTE = "8.8.8.8"
GW = "192.168.1.1"
HOST_A = "10.1.0.2"
HOST_B = "10.1.0.3"
IN_MAC = "02:00:00:00:01:01"
HOST_A_MAC = "02:00:00:00:01:02"
HOST_B_MAC = "02:00:00:00:01:03"
SERVER_MAC = "02:00:00:00:00:02"
GW_MAC = "02:00:00:00:00:03"


class Outcome:
    """What became of one datagram: verdict, where it went ("local", "forward", "out" or None when
    dropped), its interface, its bytes after the hooks and scapy's parse of them."""

    def __init__(self, verdict, where, iface, raw):
        self.verdict = verdict
        self.where = where
        self.iface = iface
        self.raw = raw
        self.pkt = IP(raw) if raw is not None else None

    @property
    def dropped(self):
        return self.where is None


class Router:
    def __init__(self, stack):
        self.stack = stack
        self.eth0 = stack.eth0
        self.eth1 = FakeInterface("eth1", IN_MAC)
        ip.set_address(self.eth1, addr.parse_ipv4(IN_IP), 24)
        self.eth1.sent = []
        stack.learn(SERVER, SERVER_MAC)
        stack.learn(GW, GW_MAC)
        stack.learn(HOST_A, HOST_A_MAC, self.eth1)
        stack.learn(HOST_B, HOST_B_MAC, self.eth1)

    @staticmethod
    def buffer(packet):
        pkb = PacketBuffer.from_bytes(bytes(packet))
        hdr, reason = ip.parse_header(pkb.data())
        assert hdr is not None, reason
        hdr.offset = pkb.start
        return pkb, hdr

    def receive(self, iface, packet):
        """A datagram arriving on iface, as net.ip.input will process it with the hooks wired."""
        pkb, hdr = self.buffer(packet)
        verdict = guard.prerouting(iface, pkb, hdr)
        if verdict:
            return Outcome(verdict, None, None, None)
        if ip.is_local(hdr.dst):
            verdict = guard.input(iface, pkb, hdr)
            if verdict:
                return Outcome(verdict, None, None, None)
            return Outcome(verdict, "local", iface, pkb.tobytes())
        rt = route.lookup(hdr.dst, addr.AF_INET, None)
        out = ip.interface(rt.ifname)
        verdict = guard.forward(iface, out, pkb, hdr)
        if verdict:
            return Outcome(verdict, None, None, None)
        verdict = guard.postrouting(out, pkb, hdr)
        if verdict:
            return Outcome(verdict, None, None, None)
        return Outcome(verdict, "forward", out, pkb.tobytes())

    def send(self, packet):
        """A datagram built here (header included), as net.ip.output will pass it through the hooks."""
        pkb = PacketBuffer.from_bytes(bytes(packet))
        dst = addr.parse_ipv4(IP(bytes(packet)).dst)
        rt = route.lookup(dst, addr.AF_INET, None)
        out = ip.interface(rt.ifname)
        verdict = guard.output(out, pkb)
        if verdict:
            return Outcome(verdict, None, None, None)
        verdict = guard.postrouting(out, pkb)
        if verdict:
            return Outcome(verdict, None, None, None)
        return Outcome(verdict, "out", out, pkb.tobytes())

    def sent(self, iface):
        """IP datagrams the stack itself transmitted on iface (rejects, ICMP errors), parsed by scapy."""
        return [frame[IP] for frame in iface.take() if IP in frame]


def fw(*lines, table="filter"):
    """Runs fw (or nat) commands given as strings; fails the test on any error."""
    for line in lines:
        guard.run(line.split(), table)


def nat_rules(*lines):
    fw(*lines, table="nat")


@pytest.fixture
def router(net):
    guard.reset()
    r = Router(net)
    yield r
    guard.reset()
