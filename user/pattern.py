"""pattern: the tools' deterministic test data (`nc.py -s BYTES`, httpd's /big?n=BYTES).

A pseudo-random block of PERIOD bytes repeated without end: any stretch can be
cut at any offset with one slice, without generating what comes before it, and
the period (a prime) never lines up with segment, window or buffer sizes, so a
lost, repeated or reordered segment changes the stream's checksum.
"""
PERIOD = 65521
MAX_CHUNK = PERIOD

_doubled = None         # the block twice over: every stretch of up to PERIOD bytes is one slice of it


def _block():
    out = bytearray(PERIOD)
    x = 0x2545F491
    for i in range(PERIOD):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out[i] = (x >> 16) & 0xFF
    return bytes(out)


def _table():
    global _doubled
    if _doubled is None:
        block = _block()
        _doubled = block + block
    return _doubled


def prepare():
    """Builds the block now (a tool calls this before it listens or connects): the first chunk is then
    as quick as the rest, instead of carrying the block's generation (the longest step of a transfer
    start) inside the transfer."""
    _table()


def chunk(offset, n):
    """The n bytes (n <= MAX_CHUNK) of the stream starting at byte `offset`."""
    if n > MAX_CHUNK:
        raise ValueError("chunk longer than the pattern's period")
    start = offset % PERIOD
    return _table()[start:start + n]


def generate(n, offset=0):
    """n bytes of the stream from `offset`, in one bytes object."""
    parts = []
    done = 0
    while done < n:
        step = min(MAX_CHUNK, n - done)
        parts.append(chunk(offset + done, step))
        done += step
    return b"".join(parts)


def mismatch(data, offset):
    """Where data (the stream's bytes from `offset`) first differs from the pattern: an index into data, or -1."""
    done = 0
    n = len(data)
    view = memoryview(data)
    while done < n:
        step = min(MAX_CHUNK, n - done)
        if view[done:done + step] != chunk(offset + done, step):
            expected = chunk(offset + done, step)
            for i in range(step):
                if data[done + i] != expected[i]:
                    return done + i
        done += step
    return -1
