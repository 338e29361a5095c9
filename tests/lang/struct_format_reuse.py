"""struct formats used again and again (the parsed-format cache), also while an __index__ packs with others."""
import struct
class Evil:
    def __index__(self):
        # packs with many other formats meanwhile, so any cache slot would be taken over
        for f in ("!I", "<H", ">Q", "!BBHHHBBHII", "=i", "<q", "!HH", "!4s"):
            n = len(struct.unpack(f, bytes(struct.calcsize(f))))
            struct.pack(f, b"ab") if "s" in f else struct.pack(f, *([1] * n))
        return 7
for i in range(3):
    print(struct.pack("!HHI", 1, Evil(), 3).hex(), struct.unpack_from("!HH", b"\x00\x05\x00\x06", 0))
print(struct.calcsize("!BBHHHBBHII"), struct.pack("!BBHHHBBHII", 0x45, 0, 20, 1, 0, 64, 6, 0, 1, 2).hex())
buf = bytearray(8)
struct.pack_into("<HH", buf, 2, 1, 2); print(buf.hex())
try:
    struct.pack("!Z", 1)
except struct.error as e:
    print("error", e)
try:
    struct.pack("!Z", 1)
except struct.error as e:
    print("error", e)
print(struct.unpack("!H", b"\x01\x02"), struct.unpack(b"!H", b"\x01\x02"))
# boundaries of the unsigned fast paths, both byte orders, and what still takes the general path
for fmt, vals in (("!BHIQ", (255, 65535, 2**32 - 1, 2**64 - 1)), ("<BHIQ", (0, 1, 2, 3)),
                  ("=HI", (True, False)), ("@L", (2**63,)), ("!bhiq", (-1, -2, -3, -4))):
    packed = struct.pack(fmt, *vals)
    print(fmt, packed.hex(), struct.unpack(fmt, packed))
for fmt, v in (("!B", 256), ("!I", 2**32), ("<Q", -5), ("!H", 1.5)):
    try:
        struct.pack(fmt, v)
    except struct.error as e:
        print("error", fmt, e)
