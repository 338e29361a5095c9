"""Shared helpers of the IPv4 tests: a fake interface that records frames, a
release counter, and a Stack with eth0 = 192.168.1.10/24 and a default route."""
import machine
from scapy.layers.inet import IP
from scapy.layers.l2 import ARP, Ether

from net import addr, ether, ip, route, timer
from net.pkbuf import PacketBuffer

OUR_MAC = "02:00:00:00:00:01"
PEER_MAC = "02:00:00:00:00:02"
GW_MAC = "02:00:00:00:00:03"
OUR_IP = "192.168.1.10"
PEER_IP = "192.168.1.20"
GW_IP = "192.168.1.1"
REMOTE_IP = "8.8.8.8"


class FakeInterface:
    """Stands in for net.link.Interface: records every frame transmitted."""

    def __init__(self, name, mac, mtu=1500):
        self.name = name
        self.mac = None if mac is None else addr.parse_mac(mac)
        self.mtu = mtu
        self.up = True
        self.ipv4 = []
        self.counters = {}
        self.sent = []

    def transmit(self, pkb):
        self.sent.append(pkb.tobytes())
        pkb.release()

    def take(self):
        """The frames sent since the last take(), parsed by scapy."""
        frames = [Ether(raw) for raw in self.sent]
        self.sent = []
        return frames


class Releases:
    """Counts release() calls of the buffers the tests feed in (each must be exactly one)."""

    def __init__(self):
        self.fed = 0
        self.released = 0

    def wrap(self, raw):
        pkb = PacketBuffer.from_bytes(bytes(raw))
        self.fed += 1
        released = [False]

        def release():
            assert not released[0], "buffer released twice"
            released[0] = True
            self.released += 1
        pkb.release_fn = release
        return pkb


class Stack:
    def __init__(self):
        self.releases = Releases()
        self.eth0 = FakeInterface("eth0", OUR_MAC)
        ip.set_address(self.eth0, addr.parse_ipv4(OUR_IP), 24)
        route.add(0, 0, addr.parse_ipv4(GW_IP), "eth0", 10)
        self.eth0.sent = []             # the gratuitous ARP of set_address

    def feed(self, frame, iface=None):
        """Hands a frame (scapy packet or bytes) to the stack as if the NIC had received it."""
        ether.dispatch(iface or self.eth0, self.releases.wrap(bytes(frame)))

    def learn(self, ip_text, mac, iface=None):
        """Makes the neighbour known: it asks for our address, which puts it in the ARP cache."""
        iface = iface or self.eth0
        ours = addr.format_ipv4(iface.ipv4[0][0])
        self.feed(Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") / ARP(op=1, hwsrc=mac, psrc=ip_text, pdst=ours), iface)
        iface.sent = []

    def advance(self, ms):
        """Moves the clock and fires the timers that came due, one millisecond step at a time for long waits."""
        target = machine.ticks_ms() + ms
        while True:
            deadline = timer.next_deadline()
            if deadline is None or deadline > target:
                break
            machine.set_ms(max(deadline, machine.ticks_ms()))
            timer.run_due(machine.ticks_ms())
        machine.set_ms(target)
        timer.run_due(target)

    def all_released(self):
        return self.releases.fed == self.releases.released


def checksum_ok(pkt):
    """Scapy recomputes the IP (and ICMP/UDP) checksums; they must equal what the stack sent."""
    ip_layer = pkt[IP]
    rebuilt = IP(bytes(ip_layer))
    del rebuilt.chksum
    rebuilt = IP(bytes(rebuilt))
    if rebuilt.chksum != ip_layer.chksum:
        return False
    payload = ip_layer.payload
    if hasattr(payload, "chksum") and ip_layer.flags.MF == 0 and ip_layer.frag == 0:
        again = ip_layer.copy()
        del again.payload.chksum
        again = IP(bytes(again))
        return again.payload.chksum == payload.chksum
    return True
