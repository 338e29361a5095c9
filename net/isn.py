"""Initial sequence numbers per RFC 6528: ISN = M + F(4-tuple, secret).

M is a clock ticking every 4 microseconds (machine.ticks_us() >> 2) and F is
SipHash-2-4 keyed with a boot-time secret, so ISNs are unpredictable to an
off-path attacker yet still increase for a reused 4-tuple. The kernel should
call set_secret() with 16 bytes of entropy at boot (RDRAND, timer jitter);
until then the key is derived from the microsecond clock at first use.
"""
import struct
import machine

_MASK64 = 0xFFFFFFFFFFFFFFFF
_secret = None


def _rotl(x, bits):
    return ((x << bits) | (x >> (64 - bits))) & _MASK64


def _sip_rounds(v0, v1, v2, v3, count):
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
    return v0, v1, v2, v3


def siphash24(key, data):
    """SipHash-2-4 of data (bytes-like) under a 16-byte key, as a 64-bit int."""
    k0, k1 = struct.unpack_from("<QQ", key, 0)
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573
    n = len(data)
    full = n - (n & 7)
    for off in range(0, full, 8):
        m = struct.unpack_from("<Q", data, off)[0]
        v3 ^= m
        v0, v1, v2, v3 = _sip_rounds(v0, v1, v2, v3, 2)
        v0 ^= m
    last = (n & 0xFF) << 56
    for i in range(n - full):
        last |= data[full + i] << (8 * i)
    v3 ^= last
    v0, v1, v2, v3 = _sip_rounds(v0, v1, v2, v3, 2)
    v0 ^= last
    v2 ^= 0xFF
    v0, v1, v2, v3 = _sip_rounds(v0, v1, v2, v3, 4)
    return v0 ^ v1 ^ v2 ^ v3


def set_secret(key):
    """Installs the 16-byte ISN key (call once at boot with real entropy)."""
    global _secret
    if len(key) != 16:
        raise ValueError("ISN secret must be 16 bytes")
    _secret = bytes(key)


def _key():
    global _secret
    if _secret is None:
        seed = machine.ticks_us() & _MASK64
        _secret = struct.pack("<QQ", seed, seed ^ 0x9E3779B97F4A7C15)
    return _secret


def clock_4us():
    """RFC 6528's M: a 32-bit counter advancing every 4 microseconds."""
    return (machine.ticks_us() >> 2) & 0xFFFFFFFF


def initial_sequence(local_addr, local_port, remote_addr, remote_port):
    tuple_bytes = struct.pack("!IHIH", local_addr, local_port, remote_addr, remote_port)
    return (clock_4us() + siphash24(_key(), tuple_bytes)) & 0xFFFFFFFF
