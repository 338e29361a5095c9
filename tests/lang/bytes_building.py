# Building bytes from parts: join, bytes(list), bytearray accumulation, and hex round trips.
parts = [b"\x02", (513).to_bytes(2, "big"), bytes([65, 66]), b"tail"]
joined = b"".join(parts)
print(joined, len(joined), joined.hex())
print(bytes([x ^ 0xFF for x in joined]), bytes(reversed(joined)))
acc = bytearray()
for i in range(8):
    acc += bytes([i * 16 + i])
print(acc.hex(), bytes(acc) == bytes.fromhex(acc.hex()))
print(bytes(x for x in range(250, 256)), bytes(map(ord, "map")), bytes(range(0x30, 0x3A)))
xored = bytes(a ^ b for a, b in zip(b"secret", b"keykey"))
print(xored, bytes(a ^ b for a, b in zip(xored, b"keykey")))
print(b"-".join(str(n).encode() for n in range(5)), b"%d:%s" % (42, b"x"))
print(b"ab" + bytearray(b"cd"), bytearray(b"cd") + b"ab", b"x" * 3 + b"y")


def encode_varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def decode_varint(data):
    result = shift = 0
    for i, byte in enumerate(data):
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, i + 1
    raise ValueError("truncated varint")


for n in (0, 1, 127, 128, 300, 16383, 16384, 2 ** 32, 2 ** 63 - 1, 2 ** 70):
    enc = encode_varint(n)
    print(n, enc.hex(), decode_varint(enc + b"\xff"))
try:
    decode_varint(b"\x80\x80")
except ValueError as e:
    print(type(e).__name__, e)
print(bytes(3) + bytes([1]), bytes(bytearray(2)), bytes(memoryview(b"mv")[::-1]))
