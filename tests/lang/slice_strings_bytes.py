# Slicing immutable sequences: str, bytes, tuple, range; slice objects as keys.
s = "Hello, kernel!"
print(s[7:13], s[::-1], s[::2], s[-7:-1], s[100:], repr(s[5:2]))
print(s[:5].upper() + s[5:])
u = "αβγδε"
print(u[1:4], u[::-1], u[::2], len(u[1:]))
b = b"\x00\x01\x02\x03\x04\x05\x06\x07"
print(b[2:5], b[::3], b[::-1], b[-2:], b[1], type(b[1]).__name__, type(b[1:2]).__name__)
t = (1, 2, 3, 4, 5)
print(t[1:3], t[::-2], t[:0], type(t[1:]).__name__)
r = range(0, 100, 7)
print(r[2:5], list(r[::-3]), r[-1], r[3])
print(list(range(10)[1:8:3]), range(10)[::-1])
ba = bytearray(b"abcdef")
print(ba[1:4], ba[::-1], type(ba[1:3]).__name__)
key = slice(2, 6)
print(s[key], b[key], t[key], list(r[key]))


def words(text):
    out = []
    start = 0
    for i, ch in enumerate(text + " "):
        if ch == " ":
            if i > start:
                out.append(text[start:i])
            start = i + 1
    return out


print(words("  split   by hand  "))
print(s[-100:100] == s, s[3:3] == "", s[::1] is s or True)
try:
    s[1:2] = "x"
except TypeError as e:
    print(type(e).__name__, e)
try:
    s[1.5:3]
except TypeError as e:
    print(type(e).__name__, e)
