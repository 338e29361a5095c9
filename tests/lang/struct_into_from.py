# struct.pack_into and unpack_from with offsets into bytearrays and memoryviews.
import struct

buf = bytearray(32)
struct.pack_into("!HH", buf, 0, 0xAAAA, 0xBBBB)
struct.pack_into("<I", buf, 4, 0x01020304)
struct.pack_into(">Q", buf, 8, 2 ** 63 + 1)
struct.pack_into("4s", buf, 16, b"tail")
print(buf.hex())
print(struct.unpack_from("!HH", buf), struct.unpack_from("<I", buf, 4), struct.unpack_from(">Q", buf, offset=8))
print(struct.unpack_from("4s", buf, 16), struct.unpack_from("B", buf, 31))
mv = memoryview(buf)
struct.pack_into("!H", mv, 20, 8080)
print(struct.unpack_from("!H", mv, 20), buf[20:22])
sub = mv[24:]
struct.pack_into("<HH", sub, 2, 1, 2)
print(buf[24:32].hex(), struct.unpack_from("<HH", sub, 2))
print(struct.unpack_from("!I", b"\x00\x00\x01\x00\xff", 0), struct.unpack_from("!I", b"\xff\x00\x00\x01\x00", 1))
for bad in ((lambda: struct.pack_into("!I", buf, 30, 1)), (lambda: struct.unpack_from("!Q", buf, 28)),
            (lambda: struct.unpack_from("!I", b"\x00\x00", 0)), (lambda: struct.pack_into("!I", b"immutable", 0, 1))):
    try:
        bad()
    except (struct.error, TypeError) as e:
        print(type(e).__name__)
records = bytearray(6 * 4)
for i in range(4):
    struct.pack_into("!HI", records, i * 6, i + 1, (i + 1) * 1000)
print(records.hex())
print([struct.unpack_from("!HI", records, off) for off in range(0, len(records), 6)])
print(sum(struct.unpack_from("!I", records, off + 2)[0] for off in range(0, 24, 6)))
neg = bytearray(8)
struct.pack_into("<i", neg, 0, -2)
struct.pack_into("<i", neg, -4, -3)
print(neg.hex(), struct.unpack_from("<ii", neg))
