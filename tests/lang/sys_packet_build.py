# Build packets with headroom: each layer pushes its header in front (sk_buff style).
import struct


class PacketBuffer:
    def __init__(self, payload, headroom=64):
        self.buf = bytearray(headroom + len(payload))
        self.head = headroom
        self.buf[headroom:] = payload

    def push(self, header):
        if len(header) > self.head:
            raise ValueError(f"no headroom for {len(header)} bytes")
        self.head -= len(header)
        self.buf[self.head:self.head + len(header)] = header
        return memoryview(self.buf)[self.head:self.head + len(header)]

    def data(self):
        return memoryview(self.buf)[self.head:]

    def __len__(self):
        return len(self.buf) - self.head


pkt = PacketBuffer(b"hello, network", headroom=42)
print(len(pkt), pkt.head)
udp = pkt.push(struct.pack("!HHHH", 5353, 5353, 8 + 14, 0))
ip = pkt.push(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(pkt), 1, 0, 64, 17, 0,
                          bytes([192, 168, 1, 2]), bytes([224, 0, 0, 251])))
eth = pkt.push(bytes.fromhex("01005e0000fb") + bytes.fromhex("020000000001") + b"\x08\x00")
print(len(pkt), pkt.head)
print(bytes(pkt.data()[:14]).hex())
print(bytes(pkt.data()[14:34]).hex())
print(bytes(pkt.data()[34:]))
struct.pack_into("!H", ip, 2, 999)
print(struct.unpack_from("!H", pkt.buf, 16), struct.unpack_from("!H", pkt.data(), 16))
try:
    pkt.push(b"\x00" * 4)
except ValueError as e:
    print(type(e).__name__, e)
small = PacketBuffer(b"x", headroom=8)
small.push(b"1234")
small.push(b"5678")
print(bytes(small.data()), small.head)
frames = []
for i in range(3):
    p = PacketBuffer(bytes([65 + i]) * (i + 1), headroom=4)
    p.push(struct.pack("!HH", i, len(p)))
    frames.append(bytes(p.data()))
print(frames)
print([struct.unpack_from("!HH", f) for f in frames])
