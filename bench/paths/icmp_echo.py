"""One ICMP echo request through the real stack (link, IPv4, ICMP) to a fake NIC, N times: the frame is
copied into a receive slot as a NIC's DMA would, and the reply leaves from that slot as the e1000's does.
usage: icmp_echo.py N   (run by bench/paths/measure.py)"""
import struct
import sys

import inet
from net import arp, icmp, ip, link
from net.pkbuf import PacketBuffer

MAC = b"\x02\x00\x00\x00\x00\x01"
PEER_MAC = b"\x02\x00\x00\x00\x00\x09"
ME, PEER = 0x0A000002, 0x0A000001
SLOT_PHYS = 0x100000            # any address: the fake NIC never reads it


class FakeNic:
    def __init__(self):
        self.sent = 0

    def transmit(self, pkb):
        self.sent += 1
        pkb.release()
        return True


def echo_request():
    message = bytearray(struct.pack("!BBHHH", 8, 0, 0, 0x1234, 1)) + bytes(range(56))
    struct.pack_into("!H", message, 2, inet.checksum(message))
    header = bytearray(struct.pack("!BBHHHBBHII", 0x45, 0, 20 + len(message), 1, 0, 64, 1, 0, PEER, ME))
    struct.pack_into("!H", header, 10, inet.checksum(header))
    return MAC + PEER_MAC + b"\x08\x00" + bytes(header) + bytes(message)


arp.init()
ip.init()
icmp.init()
nic = FakeNic()
eth = link.add_interface(link.Interface("eth0", MAC, 1500, nic))
eth.up = True
ip.add_interface(eth)
ip.set_address(eth, ME, 24)
arp._learn(eth, PEER, PEER_MAC, True)
frame = echo_request()
size = len(frame)
slot = memoryview(bytearray(2048))
pkb = PacketBuffer(slot, 0, 0, None)
pkb.phys = SLOT_PHYS
pkb.borrowed = True
released = [0]


def release():
    released[0] += 1


N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
before = nic.sent               # (setting the address sent a gratuitous ARP)
for _ in range(N):
    slot[0:size] = frame
    pkb.start = 0
    pkb.end = size
    pkb.release_fn = release
    pkb.meta = None
    link.receive(eth, pkb)
if nic.sent - before != N or released[0] != N:
    raise SystemExit(f"{nic.sent - before} replies sent and {released[0]} buffers released for {N} requests")
