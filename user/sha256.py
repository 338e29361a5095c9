"""sha256: SHA-256 (FIPS 180-4) in pure Python, shaped like hashlib's object,
for the tools' checksums where the runtime has no hashlib.

    h = sha256(b"abc"); h.update(more); h.hexdigest()
"""
import struct

_K = (
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
)
_INITIAL = (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
_MASK = 0xFFFFFFFF
_BLOCK = 64


def _compress(state, block, offset):
    """One 64-byte block of `block` at `offset` folded into the 8-word state; returns the new state."""
    w = list(struct.unpack_from(">16I", block, offset))
    for i in range(16, 64):
        x = w[i - 15]
        y = w[i - 2]
        s0 = ((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3)
        s1 = ((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10)
        w.append((w[i - 16] + s0 + w[i - 7] + s1) & _MASK)
    a, b, c, d, e, f, g, h = state
    for i in range(64):
        s1 = ((e >> 6) | (e << 26)) ^ ((e >> 11) | (e << 21)) ^ ((e >> 25) | (e << 7))
        t1 = (h + (s1 & _MASK) + ((e & f) ^ (~e & g)) + _K[i] + w[i]) & _MASK
        s0 = ((a >> 2) | (a << 30)) ^ ((a >> 13) | (a << 19)) ^ ((a >> 22) | (a << 10))
        t2 = ((s0 & _MASK) + ((a & b) ^ (a & c) ^ (b & c))) & _MASK
        h = g
        g = f
        f = e
        e = (d + t1) & _MASK
        d = c
        c = b
        b = a
        a = (t1 + t2) & _MASK
    return ((state[0] + a) & _MASK, (state[1] + b) & _MASK, (state[2] + c) & _MASK, (state[3] + d) & _MASK,
            (state[4] + e) & _MASK, (state[5] + f) & _MASK, (state[6] + g) & _MASK, (state[7] + h) & _MASK)


class sha256:
    name = "sha256"
    digest_size = 32
    block_size = _BLOCK

    def __init__(self, data=b""):
        self._state = _INITIAL
        self._pending = b""
        self._length = 0
        if data:
            self.update(data)

    def update(self, data):
        data = bytes(data)
        self._length += len(data)
        if self._pending:
            data = self._pending + data
        whole = len(data) - len(data) % _BLOCK
        state = self._state
        for offset in range(0, whole, _BLOCK):
            state = _compress(state, data, offset)
        self._state = state
        self._pending = data[whole:]

    def copy(self):
        other = sha256()
        other._state = self._state
        other._pending = self._pending
        other._length = self._length
        return other

    def digest(self):
        bits = self._length * 8
        tail = self._pending + b"\x80" + bytes((55 - self._length) % _BLOCK) + struct.pack(">Q", bits)
        state = self._state
        for offset in range(0, len(tail), _BLOCK):
            state = _compress(state, tail, offset)
        return struct.pack(">8I", *state)

    def hexdigest(self):
        return self.digest().hex()
