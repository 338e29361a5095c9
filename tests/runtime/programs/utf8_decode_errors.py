# Turning bad UTF-8 bytes into str: one U+FFFD per maximal ill-formed subpart, strict error messages, str(bytes, ...).
cases = [b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"abc\x80def", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf0\x8f\xbf\xbf",
         b"\xf4\x90\x80\x80", b"\xf0\x9f\x98", b"\xf0\x9f\x98\x80", b"a\xf0\x9fb", b"\xe2\x28\xa1", b"\xf5\x80", b"ok\xc3\xa9",
         b"\xee\x80\x80x\xe1"]
for c in cases:
    for enc in ("utf-8", "ascii"):
        for err in ("strict", "replace", "ignore"):
            try:
                print(repr(c.decode(enc, err)))
            except UnicodeDecodeError as e:
                print(type(e).__name__, e)
    print(repr(bytearray(c).decode("utf-8", "replace")), repr(str(c, "utf-8", "replace")))
try:
    b"\xff".decode("utf-8", "bogus")
except LookupError as e:
    print(type(e).__name__, e)
print(repr(b"fine".decode("utf-8", "bogus")))
print(repr(b"a\xffb".decode(errors="replace")), repr(b"a\xffb".decode(encoding="ascii", errors="ignore")), repr(str(b"\xe2\x82", errors="replace")))
try:
    str(b"\xe2\x82x", "utf-8")
except UnicodeDecodeError as e:
    print(type(e).__name__, e)
