"""Encoding shared by the numeric tests and the C driver's line protocol."""
import math
import os
import struct

# Batches per property test; raise it (NUMERIC_EXAMPLES=200) for a long soak.
EXAMPLES = int(os.environ.get("NUMERIC_EXAMPLES", "5"))


def hexint(v: int) -> str:
    return ("-" if v < 0 else "") + format(abs(v), "x")


def unhexint(s: str) -> int:
    return -int(s[1:], 16) if s.startswith("-") else int(s, 16)


def dbits(x: float) -> str:
    return format(struct.unpack("<Q", struct.pack("<d", x))[0], "016x")


def from_bits(s: str) -> float:
    return struct.unpack("<d", struct.pack("<Q", int(s, 16)))[0]


def hexbytes(b: bytes) -> str:
    return b.hex() if b else "-"


def same_float(a: float, b: float) -> bool:
    """Bit-identical, except that any two NaNs match."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return dbits(a) == dbits(b)


def ulp_distance(a: float, b: float) -> int:
    def key(x):
        u = struct.unpack("<q", struct.pack("<d", x))[0]
        return u if u >= 0 else -(u & 0x7FFFFFFFFFFFFFFF)
    return abs(key(a) - key(b))
