# struct errors: out-of-range values, wrong counts, short buffers, bad formats.
import struct

cases = [
    ("B", (256,)), ("B", (-1,)), ("b", (128,)), ("H", (65536,)), ("h", (-32769,)), ("I", (2 ** 32,)),
    ("Q", (-1,)), ("q", (2 ** 63,)), ("HH", (1,)), ("H", (1, 2)), ("4s", ("str",)), ("H", ("x",)),
    ("H", (1.0,)), ("?", (None,)),
]
for fmt, args in cases:
    try:
        print(fmt, struct.pack(">" + fmt, *args))
    except struct.error:
        print(fmt, "struct.error")
    except TypeError:
        print(fmt, "TypeError")
for fmt, data in ((">H", b"\x01"), (">I", b"\x00" * 5), ("<HH", b"\x00" * 3), (">0s", b"")):
    try:
        print(fmt, struct.unpack(fmt, data))
    except struct.error as e:
        print(fmt, "struct.error", e)
for fmt in ("Z", ">>H", "3"):
    try:
        struct.calcsize(fmt)
        print(fmt, "accepted")
    except struct.error:
        print(fmt, "struct.error")
print(issubclass(struct.error, Exception), struct.error.__name__)


def parse(frame):
    try:
        version, length = struct.unpack_from("!BH", frame)
    except struct.error:
        return "truncated"
    if len(frame) < length:
        return "short payload"
    return f"v{version} len {length}"


for frame in (b"", b"\x01", b"\x01\x00\x05abcde", b"\x02\x00\x09abc"):
    print(parse(frame))
