"""Descriptor-ring index arithmetic shared by the NIC drivers.

A ring of N slots with a producer and a consumer index, both taken modulo N.
Hardware rings keep one slot empty so that head == tail means "empty" and
never "full": at most N - 1 slots are in flight.
"""


def ring_next(i, size):
    i += 1
    return 0 if i == size else i


def ring_count(head, tail, size):
    """Slots from head up to (not including) tail."""
    return (tail - head) % size


def rtl_rx_next(offset, frame_len, ring_size):
    """RTL8139 receive ring: the next record starts after the 4-byte header and
    the frame (which includes its CRC), rounded up to a dword, modulo the ring."""
    return ((offset + frame_len + 4 + 3) & ~3) % ring_size
