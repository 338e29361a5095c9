# Parse and build Ethernet/IPv4/UDP headers with struct.
import struct

ETH = "!6s6sH"
IP = "!BBHHHBBH4s4s"
UDP = "!HHHH"


def build(i):
    eth = struct.pack(ETH, b"\x02" * 6, b"\x04" * 6, 0x0800)
    ip = struct.pack(IP, 0x45, 0, 28 + 8, i & 0xFFFF, 0, 64, 17, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, i & 0xFF]))
    udp = struct.pack(UDP, 1024 + (i & 255), 53, 16, 0)
    return eth + ip + udp + b"payload!"


frames = [build(i) for i in range(256)]
ports = 0
for r in range(800):
    for f in frames:
        dst, src, ethertype = struct.unpack_from(ETH, f, 0)
        fields = struct.unpack_from(IP, f, 14)
        sport, dport, length, csum = struct.unpack_from(UDP, f, 14 + 20)
        if ethertype == 0x0800 and fields[6] == 17:
            ports += sport + fields[3]
print(ports)
