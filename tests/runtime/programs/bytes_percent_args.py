# bytes %: %s/%b need bytes-like (or __bytes__), %c an int in range(256) or one byte, %r/%a are ascii().
class B:
    def __bytes__(self):
        return b"<B>"
tests = [
    (b"%s", "str"), (b"%s", 5), (b"%b", b"x"), (b"%s", bytearray(b"ba")), (b"%s", memoryview(b"mv")), (b"%5s|%-4b|", (b"ab", b"cd")),
    (b"%c", "a"), (b"%c", 300), (b"%c", b"ab"), (b"%c%c", (65, b"z")), (b"%r %a", ("\xe9\u20ac", b"q")), (b"%a", 3),
    (b"%(k)s=%(n)d", {b"k": b"key", b"n": 7}), (b"%(k)s", {"k": b"v"}), (b"%s", B()), (b"%.2s", b"abcdef"),
    (b"%d %x %05.1f", (3, 255, 2.25)), (b"%s", {}), (b"%s %s", (b"a",)), (b"%s", (b"a", b"b")), (b"\xff%s", b"\xfe"),
    (b"%b", "x"), ("%b", b"x"), ("%s", b"x"),
]
for fmt, args in tests:
    try:
        print(repr(fmt % args))
    except Exception as e:
        print(type(e).__name__, e)
print(bytearray(b"%s-%d") % (b"a", 1))
