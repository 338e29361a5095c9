# Converting ints to and from text: str, repr, hex, oct, bin, int(text, base).
for v in (0, 7, -7, 255, -256, 2 ** 64, -(2 ** 64) + 1, 10 ** 25):
    print(str(v), repr(v), hex(v), oct(v), bin(v))
print(int("42"), int("-42"), int("  +17  "), int("1_000"), int("0"), int("-0"))
print(int("ff", 16), int("FF", 16), int("0xff", 16), int("0xff", 0), int("0o17", 0), int("0b101", 0))
print(int("777", 8), int("z", 36), int("ZZ", 36), int("101", 2), int("-1010", 2))
print(int("123456789012345678901234567890"), int("-" + "9" * 40))
print(int("ffffffffffffffffffffffff", 16), int("1" * 70, 2))
print(int(3.99), int(-3.99), int(True), int(1e20), int("10", base=3))
for text, base in (("12a", 10), ("", 10), ("0x", 16), ("8", 8), ("1.5", 10), ("1__0", 10), ("_1", 10),
                   ("0b2", 0), ("010", 0), ("abc", 37)):
    try:
        print(int(text, base))
    except ValueError as e:
        print(type(e).__name__, e)
try:
    int(None)
except TypeError as e:
    print(type(e).__name__, e)
try:
    int(float("inf"))
except OverflowError as e:
    print(type(e).__name__, e)
try:
    int(float("nan"))
except ValueError as e:
    print(type(e).__name__, e)
print(int("0010"), int(" 12\n"), int("\t-5 "))
print(hex(0xDEADBEEF).upper(), hex(48879)[2:].zfill(8))
