# hex()/fromhex() round trips, separators, and manual nibble conversion tables.
samples = [b"", b"\x00", b"\xff", b"\x01\x23\x45\x67\x89\xab\xcd\xef", bytes(range(0, 256, 51))]
for s in samples:
    h = s.hex()
    print(repr(h), bytes.fromhex(h) == s, s.hex(":") if s else "-", s.hex(" ", 2) if len(s) > 2 else "-")
print(bytes.fromhex("DEADbeef"), bytes.fromhex(" 01 02  03 "), bytearray.fromhex("ff00").hex())
for bad in ("0", "0g", "1 2 3"):
    try:
        bytes.fromhex(bad)
    except ValueError as e:
        print(type(e).__name__, e)
NIBBLES = "0123456789abcdef"


def to_hex(data):
    return "".join(NIBBLES[b >> 4] + NIBBLES[b & 15] for b in data)


def from_hex(text):
    text = text.replace(" ", "").lower()
    return bytes(NIBBLES.index(text[i]) << 4 | NIBBLES.index(text[i + 1]) for i in range(0, len(text), 2))


for s in samples:
    print(to_hex(s) == s.hex(), from_hex(to_hex(s)) == s)
print(from_hex("DE AD BE EF"), to_hex(b"Krait"), b"Krait".hex(), memoryview(b"Krait").hex())
print(int(b"\x12\x34".hex(), 16), hex(int.from_bytes(b"\x12\x34", "big")), bytes.fromhex(hex(4660)[2:]))
print(bytes.fromhex("0a0b").hex("-"), bytearray(b"\x10\x20").hex("_"))
