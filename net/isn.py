"""Initial sequence numbers per RFC 6528: ISN = M + F(4-tuple, secret).

M is a clock ticking every 4 microseconds (machine.ticks_us() >> 2) and F is
SipHash-2-4 keyed with a boot-time secret, so ISNs are unpredictable to an
off-path attacker yet still increase for a reused 4-tuple. The kernel should
call set_secret() with 16 bytes of entropy at boot (RDRAND, timer jitter);
until then the key is derived from the microsecond clock at first use.
"""
import struct
import machine
import inet

_MASK64 = 0xFFFFFFFFFFFFFFFF
_secret = None

# SipHash-2-4 of data (bytes-like) under a 16-byte key, as a 64-bit int: native, since every
# connection needs one (tests/shims/inet.py holds the Python rendering the host tests use).
siphash24 = inet.siphash24


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
