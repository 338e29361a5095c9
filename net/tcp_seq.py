"""TCP sequence-number arithmetic (RFC 9293 section 3.4).

Sequence numbers are 32-bit and wrap, so they are only ever compared through
their signed 32-bit distance: a is "before" b when (a - b) mod 2**32 has its
top bit set. Valid while the two values are less than 2**31 apart, which the
window sizes guarantee.
"""
SEQ_MASK = 0xFFFFFFFF
_SIGN = 0x80000000
_WRAP = 0x100000000


def seq_add(a, n):
    return (a + n) & SEQ_MASK


def seq_diff(a, b):
    """Signed distance a - b."""
    d = (a - b) & SEQ_MASK
    if d & _SIGN:
        return d - _WRAP
    return d


# The comparisons read the distance's sign bit themselves (a call less than going through seq_diff: TCP makes
# several for every segment).
def seq_lt(a, b):
    return (a - b) & _SIGN != 0


def seq_le(a, b):
    d = (a - b) & SEQ_MASK
    return d == 0 or d >= _SIGN


def seq_gt(a, b):
    d = (a - b) & SEQ_MASK
    return d != 0 and d < _SIGN


def seq_ge(a, b):
    return (a - b) & _SIGN == 0


def seq_in_window(x, start, size):
    """start <= x < start + size."""
    return ((x - start) & SEQ_MASK) < size


def seq_max(a, b):
    if (a - b) & _SIGN == 0:
        return a
    return b
