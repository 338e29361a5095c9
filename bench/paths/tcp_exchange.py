"""One TCP echo exchange on an established connection, N times: a 1-byte segment in (acknowledging our
last byte), the application reads it and sends it back (TCP_NODELAY), the segment out goes to a fake NIC.
usage: tcp_exchange.py N [harness]   ("harness": only build the N segments: the cost to subtract)"""
import struct
import sys

import inet
from net import arp, icmp, ip, link, stats, timer, transport
from net.pkbuf import PacketBuffer

MAC = b"\x02\x00\x00\x00\x00\x01"
PEER_MAC = b"\x02\x00\x00\x00\x00\x09"
ME, PEER = 0x0A000002, 0x0A000001
PORT, PEER_PORT = 7, 40000
SYN, PSH, ACK = 0x02, 0x08, 0x10
MSS_OPTION = b"\x02\x04\x05\xb4"
SEQ_OFFSET = 14 + 20 + 4        # of the sequence number in a sent frame
sent = []                       # frames the fake NIC sent


class FakeNic:
    def transmit(self, pkb):
        sent.append(bytes(pkb.data()))
        pkb.release()
        return True


def segment(seq, ack, flags, payload=b"", options=b""):
    """A frame from the peer, checksums and all."""
    hlen = 20 + len(options)
    tcp = bytearray(struct.pack("!HHIIBBHHH", PEER_PORT, PORT, seq, ack, (hlen >> 2) << 4, flags, 65535, 0, 0))
    tcp += options + payload
    pseudo = (PEER >> 16) + (PEER & 0xFFFF) + (ME >> 16) + (ME & 0xFFFF) + ip.PROTO_TCP + len(tcp)
    struct.pack_into("!H", tcp, 16, inet.checksum(tcp, pseudo))
    header = bytearray(struct.pack("!BBHHHBBHII", 0x45, 0, 20 + len(tcp), 1, 0, 64, ip.PROTO_TCP, 0, PEER, ME))
    struct.pack_into("!H", header, 10, inet.checksum(header))
    return MAC + PEER_MAC + b"\x08\x00" + bytes(header) + bytes(tcp)


arp.init()
ip.init()
icmp.init()
eth = link.add_interface(link.Interface("eth0", MAC, 1500, FakeNic()))
eth.up = True
ip.add_interface(eth)
ip.set_address(eth, ME, 24)
transport.net_transport_init(ip.output, timer, route=ip.source_for, stats=stats, batch_end=link.batch_end.append)
ip.register_protocol(ip.PROTO_TCP, transport.stack().tcp.input)
arp._learn(eth, PEER, PEER_MAC, True)
sent.clear()                    # (setting the address sent a gratuitous ARP)
slot = memoryview(bytearray(2048))
pkb = PacketBuffer(slot, 0, 0, None)


def deliver(frame):
    """As a NIC's receive slot: the frame copied in, the slot's buffer handed up."""
    size = len(frame)
    slot[0:size] = frame
    pkb.start = 0
    pkb.end = size
    pkb.release_fn = None
    pkb.meta = None
    link.receive(eth, pkb)
    if link.batch_end:
        link.receive_done()


# The handshake: SYN in, SYN-ACK out, ACK in.
listener = transport.net_transport_open(transport.IPPROTO_TCP, 0, PORT, backlog=4)
peer_seq = 1000
deliver(segment(peer_seq, 0, SYN, options=MSS_OPTION))
peer_seq += 1
our_seq = struct.unpack_from("!I", sent.pop(), SEQ_OFFSET)[0] + 1
deliver(segment(peer_seq, our_seq, ACK))
conn = listener.accept()
conn.set_nodelay(True)

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
if sys.argv[2:] == ["harness"]:
    for _ in range(N):
        segment(peer_seq, our_seq, ACK | PSH, b"x")
    sys.exit(0)
for _ in range(N):
    deliver(segment(peer_seq, our_seq, ACK | PSH, b"x"))
    peer_seq += 1
    conn.send(conn.recv(65536))
    our_seq += 1
    sent.pop()
if sent:
    raise SystemExit(f"{len(sent)} segments left over: more than one sent per exchange")
