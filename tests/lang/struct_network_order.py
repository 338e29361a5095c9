# Network byte order (!) for protocol headers: IPv4, TCP and ARP round trips.
import struct

IPV4 = "!BBHHHBBH4s4s"
TCP = "!HHIIBBHHH"
ARP = "!HHBBH6s4s6s4s"
print(struct.calcsize(IPV4), struct.calcsize(TCP), struct.calcsize(ARP))
ip = struct.pack(IPV4, 0x45, 0x10, 60, 0xBEEF, 0x4000, 64, 6, 0, bytes([192, 168, 0, 1]), bytes([8, 8, 4, 4]))
print(ip.hex())
fields = struct.unpack(IPV4, ip)
ver_ihl, tos, total, ident, frag, ttl, proto, csum, src, dst = fields
print(ver_ihl >> 4, (ver_ihl & 15) * 4, tos, total, hex(ident), frag >> 13, frag & 0x1FFF, ttl, proto, csum)
print(".".join(map(str, src)), ".".join(map(str, dst)))
tcp = struct.pack(TCP, 44321, 443, 0xDEADBEEF, 0, 5 << 4, 0x02, 65535, 0, 0)
print(tcp.hex(), len(tcp))
sport, dport, seq, ack, off, flags, window, csum, urg = struct.unpack(TCP, tcp)
print(sport, dport, hex(seq), ack, off >> 4, bin(flags), window)
names = ["FIN", "SYN", "RST", "PSH", "ACK", "URG"]
for f in (0x02, 0x12, 0x10, 0x11, 0x18, 0x04):
    print(hex(f), [n for i, n in enumerate(names) if f >> i & 1])
arp = struct.pack(ARP, 1, 0x0800, 6, 4, 1, b"\x02\x00\x00\x00\x00\x01", bytes([10, 0, 0, 1]),
                  b"\x00" * 6, bytes([10, 0, 0, 2]))
print(len(arp), arp[:8].hex())
htype, ptype, hlen, plen, op, sha, spa, tha, tpa = struct.unpack(ARP, arp)
print(htype, hex(ptype), hlen, plen, op, sha.hex(":"), ".".join(str(b) for b in tpa))
print(struct.pack("!H", 0x0102), struct.pack(">H", 0x0102), struct.pack("<H", 0x0102))
print(struct.pack("!I", 3232235521), struct.unpack("!I", bytes([10, 0, 0, 1]))[0])
seq = 2 ** 32 - 5
for i in range(4):
    print("seq", seq, struct.pack("!I", seq).hex())
    seq = (seq + 3) & 0xFFFFFFFF
