"""CPython stand-in for the kernel's native `inet` module."""


def sum16(buf, acc=0):
    """Running one's-complement partial sum of 16-bit big-endian words."""
    data = bytes(buf)
    if len(data) % 2:
        data += b"\0"
    total = acc + sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))
    while total >> 32:
        total = (total & 0xFFFFFFFF) + (total >> 32)
    return total


def checksum(buf, start=0):
    """The 16-bit Internet checksum (RFC 1071) of buf, adding a partial sum `start`."""
    total = sum16(buf, start)
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF
