# str <-> bytes: UTF-8 encode/decode, lengths, ord/chr across planes, errors.
texts = ["ascii", "café", "日本語", "emoji 👍🏽", "mixed ä€𝄞", ""]
for t in texts:
    b = t.encode()
    print(repr(t), len(t), len(b), b, b.decode() == t, t.encode("utf-8") == b)
for ch in ("A", "é", "€", "𝄞", "\x00", "\x7f", "\u00ff", "\U0001f40d"):
    print(repr(ch), ord(ch), hex(ord(ch)), len(ch.encode()), chr(ord(ch)) == ch)
print(chr(65), chr(233), chr(8364), chr(0x1F600), repr(chr(0)), repr(chr(10)))
print("A".encode("ascii"), b"plain".decode("ascii"), "x".encode(encoding="utf-8"))
for bad in (b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"abc\x80def"):
    try:
        bad.decode()
    except UnicodeDecodeError as e:
        print(type(e).__name__, isinstance(e, ValueError))
    print(bad.decode("utf-8", "replace"), bad.decode("utf-8", "ignore"))
try:
    "é".encode("ascii")
except UnicodeEncodeError as e:
    print(type(e).__name__, isinstance(e, ValueError))
try:
    chr(0x110000)
except ValueError as e:
    print(type(e).__name__, e)
try:
    ord("ab")
except TypeError as e:
    print(type(e).__name__, e)
s = "naïve café"
print(s[2], s[-1], s[::-1], s.upper(), s.find("é"), s.encode()[2:4])
print([c for c in "ä€"], [hex(b) for b in "ä€".encode()])
print(bytes("€", "utf-8"), str(b"\xe2\x82\xac", "utf-8"), str(b"\xe2\x82\xac", encoding="utf-8"))
print(repr("€"), repr("\U0001f600"), repr("\x7f\x80\xa0"))
