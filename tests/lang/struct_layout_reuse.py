# struct remembers parsed formats: same text from other objects, formats made at run time, and packing that re-enters struct.
import struct


class Sneaky:
    """An __index__ that packs with other formats while the outer pack is still running."""
    def __init__(self, v):
        self.v = v

    def __index__(self):
        for f in ("<H", ">I", "!BBHHH", "<q", "@i", "3x", "<hh"):
            n = len(struct.unpack(f, bytes(struct.calcsize(f))))
            struct.pack(f, *([1] * n))
        return self.v


print(struct.pack(">HIB", Sneaky(1), Sneaky(2), Sneaky(3)).hex())
print(struct.pack("<hhh", 1, Sneaky(-2), 3).hex())
buf = bytearray(12)
struct.pack_into("!HHII", buf, 0, 1, Sneaky(2), 3, Sneaky(4))
print(buf.hex())
for i in range(40):                     # format strings made at run time, dropped, made again
    f = ("<" if i % 2 else ">") + "H" * (1 + i % 3) + "B" * (i % 4)
    vals = list(range(1, f.count("H") + f.count("B") + 1))
    data = struct.pack(f, *vals)
    assert list(struct.unpack(f, data)) == vals, f
    if i % 10 == 0:
        print(f, data.hex(), struct.calcsize(f))
print(struct.unpack(b">I", b"\x00\x00\x01\x00"), struct.unpack(">I", b"\x00\x00\x01\x00"))
print(struct.calcsize("@bq"), struct.calcsize("=bq"), struct.calcsize("<" + "I" * 20))
long_fmt = ">" + "B" * 40               # longer than the remembered formats
print(sum(struct.unpack(long_fmt, bytes(range(40)))))
for bad in ("3", "y", "<n"):
    try:
        struct.calcsize(bad)
    except struct.error as e:
        print(type(e).__name__, e)
print(struct.calcsize("3"[:0] + "H"), struct.pack("H", 7) == struct.pack("=H", 7))
