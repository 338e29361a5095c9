"""CPython stand-in for the kernel's native `inet` module."""


def sum16(buf, acc=0):
    """Running one's-complement partial sum of 16-bit big-endian words, folded to 16 bits (end-around carry:
    0 only when everything summed was 0)."""
    data = bytes(buf)
    if len(data) % 2:
        data += b"\0"
    total = acc + sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return total


def checksum(buf, start=0, offset=0, length=None):
    """The 16-bit Internet checksum (RFC 1071) of buf[offset:offset+length], adding a partial sum `start`."""
    end = len(buf) if length is None else offset + length
    if offset < 0 or end < offset or end > len(buf):
        raise ValueError("checksum() range out of bounds")
    total = sum16(memoryview(buf)[offset:end], start)
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


_MASK64 = 0xFFFFFFFFFFFFFFFF


def _rotl(x, bits):
    return ((x << bits) | (x >> (64 - bits))) & _MASK64


def _sip_rounds(v, count):
    v0, v1, v2, v3 = v
    for _ in range(count):
        v0 = (v0 + v1) & _MASK64
        v1 = _rotl(v1, 13) ^ v0
        v0 = _rotl(v0, 32)
        v2 = (v2 + v3) & _MASK64
        v3 = _rotl(v3, 16) ^ v2
        v0 = (v0 + v3) & _MASK64
        v3 = _rotl(v3, 21) ^ v0
        v2 = (v2 + v1) & _MASK64
        v1 = _rotl(v1, 17) ^ v2
        v2 = _rotl(v2, 32)
    return [v0, v1, v2, v3]


def siphash24(key, data):
    """SipHash-2-4 of data (bytes-like) under a 16-byte key, as a 64-bit int."""
    key = bytes(key)
    data = bytes(data)
    if len(key) != 16:
        raise ValueError("siphash24 key must be 16 bytes")
    k0 = int.from_bytes(key[:8], "little")
    k1 = int.from_bytes(key[8:], "little")
    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D, k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]
    n = len(data)
    full = n - (n & 7)
    for off in range(0, full, 8):
        m = int.from_bytes(data[off:off + 8], "little")
        v[3] ^= m
        v = _sip_rounds(v, 2)
        v[0] ^= m
    last = ((n & 0xFF) << 56) | int.from_bytes(data[full:], "little")
    v[3] ^= last
    v = _sip_rounds(v, 2)
    v[0] ^= last
    v[2] ^= 0xFF
    v = _sip_rounds(v, 4)
    return v[0] ^ v[1] ^ v[2] ^ v[3]


def copy_sum(dst, dst_off, src, src_off, n):
    """Copies src[src_off:src_off+n] into dst at dst_off; returns the copied bytes' sum16."""
    if min(dst_off, src_off, n) < 0 or dst_off + n > len(dst) or src_off + n > len(src):
        raise ValueError("copy_sum() range out of bounds")
    chunk = bytes(memoryview(src)[src_off:src_off + n])
    memoryview(dst)[dst_off:dst_off + n] = chunk
    return sum16(chunk)
