# struct.pack/unpack for every common format code in both byte orders.
import struct

for fmt in ("<B", ">H", "<H", "!I", "<I", ">Q", "<Q", "b", "<h", ">i", "<q"):
    value = 0x7F if fmt[-1] in "bB" else 0x1234 if fmt[-1] in "hH" else 0x12345678
    packed = struct.pack(fmt, value)
    print(fmt, packed.hex(), struct.unpack(fmt, packed), struct.calcsize(fmt))
print(struct.pack(">bhiq", -1, -2, -3, -4).hex())
print(struct.unpack(">bhiq", struct.pack(">bhiq", -128, -32768, -(2 ** 31), -(2 ** 63))))
print(struct.unpack("<BHIQ", struct.pack("<BHIQ", 255, 65535, 2 ** 32 - 1, 2 ** 64 - 1)))
print(struct.pack("4s", b"ab"), struct.pack("2s", b"abcd"), struct.pack("3s", b"xyz"), struct.pack("0s", b"a"))
print(struct.unpack("3s2x1s", b"abc\x00\x00d"))
print(struct.pack("?", True), struct.pack("??", 0, 5), struct.unpack("??", b"\x00\x02"))
print(struct.pack("<3B", 1, 2, 3), struct.pack(">2H", 1, 2), struct.unpack("<4B", b"\x01\x02\x03\x04"))
print(struct.pack("!BBH", 0x45, 0, 20), struct.unpack("!BBH", b"\x45\x00\x00\x14"))
print(struct.pack("<d", 1.5).hex(), struct.unpack("<d", struct.pack("<d", -2.25)), struct.unpack(">f", struct.pack(">f", 0.5)))
print(struct.pack("x"), struct.pack("3x"), struct.pack(">xHx", 7))
print(struct.pack(">I", 1) == (1).to_bytes(4, "big"), struct.pack("<I", 1) == (1).to_bytes(4, "little"))
values = struct.unpack(">HHI", bytes(range(8)))
print(values, [hex(v) for v in values])
t = struct.unpack("<hH", b"\xff\xff\xff\xff")
print(t, type(t).__name__, type(t[0]).__name__)
print(struct.unpack(">6s", bytes([2, 0, 0, 0, 0, 1]))[0].hex(":"))
print(struct.pack("<q", -1) == b"\xff" * 8, struct.unpack(">q", b"\x80" + b"\x00" * 7))
for code in "xcbB?hHiIlLqQfds":
    print(code, struct.calcsize("<" + code), end="; ")
print()
