# Base64 encode/decode written by hand, checked against known vectors and round trips.
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
INDEX = {c: i for i, c in enumerate(ALPHABET)}


def b64encode(data):
    out = []
    for i in range(0, len(data), 3):
        chunk = data[i:i + 3]
        n = int.from_bytes(chunk + b"\x00" * (3 - len(chunk)), "big")
        chars = [ALPHABET[(n >> shift) & 63] for shift in (18, 12, 6, 0)]
        if len(chunk) < 3:
            chars[len(chunk) + 1:] = "=" * (3 - len(chunk))
        out.append("".join(chars))
    return "".join(out)


def b64decode(text):
    if len(text) % 4:
        raise ValueError("length not a multiple of 4")
    out = bytearray()
    for i in range(0, len(text), 4):
        quad = text[i:i + 4]
        pad = quad.count("=")
        try:
            n = 0
            for c in quad.rstrip("="):
                n = n << 6 | INDEX[c]
        except KeyError as e:
            raise ValueError(f"bad character {e.args[0]!r}") from None
        n <<= 6 * pad
        out += n.to_bytes(3, "big")[:3 - pad]
    return bytes(out)


for raw in (b"", b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar", bytes(range(10)), "héllo".encode()):
    enc = b64encode(raw)
    print(raw, enc, b64decode(enc) == raw)
for bad in ("abc", "ab!=", "Zm9v$mFy"):
    try:
        b64decode(bad)
    except ValueError as e:
        print(type(e).__name__, e)
print(b64decode("S3JhaXQga2VybmVs"), len(b64encode(bytes(1000))))
