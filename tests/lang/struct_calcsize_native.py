# calcsize and repeat counts in standard sizes; building a TLV stream and reading it back.
import struct

for fmt in ("!B", "!H", "!I", "!Q", "!4B", "!2H4s", "!HHxxI", "<10s", "<3x", "!BBHHHBBH4s4s", "<?BhHiIqQ", ">"):
    print(repr(fmt), struct.calcsize(fmt))
print(struct.pack("!3H", 1, 2, 3).hex(), struct.unpack("!2I", b"\x00\x00\x00\x01\x00\x00\x00\x02"))
print(struct.pack("<2s3B", b"hi", 1, 2, 3), struct.unpack("<2s3B", b"hi\x01\x02\x03"))
TLV = "!BB"


def encode(items):
    out = bytearray()
    for t, value in items:
        out += struct.pack(TLV, t, len(value)) + value
    return bytes(out)


def decode(data):
    off = 0
    items = []
    while off + 2 <= len(data):
        t, length = struct.unpack_from(TLV, data, off)
        off += 2
        items.append((t, data[off:off + length]))
        off += length
    return items


stream = encode([(1, b"\x05\xdc"), (3, b"krait"), (255, b"")])
print(stream.hex(), len(stream))
for t, v in decode(stream):
    print(t, v, struct.unpack("!H", v)[0] if t == 1 else v.decode() if t == 3 else "end")
print(decode(b"\x01\x04ab"), decode(b"\x09"))
counts = [struct.calcsize("!" + str(n) + "H") for n in range(5)]
print(counts, struct.pack("!0H"), struct.calcsize("!0s"))
print(struct.unpack("!5s", b"hello")[0].decode().upper(), struct.pack("!5s", "héllo".encode()[:5]))
