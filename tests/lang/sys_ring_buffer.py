# A fixed-size ring buffer of bytes, as a NIC descriptor ring or a socket receive queue uses.
class RingBuffer:
    def __init__(self, capacity):
        self.data = bytearray(capacity)
        self.capacity = capacity
        self.read_pos = 0
        self.count = 0

    def __len__(self):
        return self.count

    def free(self):
        return self.capacity - self.count

    def write(self, chunk):
        n = min(len(chunk), self.free())
        start = (self.read_pos + self.count) % self.capacity
        first = min(n, self.capacity - start)
        self.data[start:start + first] = chunk[:first]
        self.data[0:n - first] = chunk[first:n]
        self.count += n
        return n

    def read(self, n):
        n = min(n, self.count)
        first = min(n, self.capacity - self.read_pos)
        out = bytes(self.data[self.read_pos:self.read_pos + first]) + bytes(self.data[0:n - first])
        self.read_pos = (self.read_pos + n) % self.capacity
        self.count -= n
        return out

    def peek(self, n):
        pos, cnt = self.read_pos, self.count
        out = self.read(n)
        self.read_pos, self.count = pos, cnt
        return out


ring = RingBuffer(8)
print(ring.write(b"abcde"), len(ring), ring.free())
print(ring.read(3), len(ring))
print(ring.write(b"123456789"), len(ring), ring.data)
print(ring.peek(4), ring.read(4), ring.read(100), ring.read(1), len(ring))
total_in = total_out = 0
out = bytearray()
for step in range(20):
    chunk = bytes([(step * 7 + i) % 256 for i in range(step % 5 + 1)])
    written = ring.write(chunk)
    total_in += written
    got = ring.read(step % 4 + 1)
    total_out += len(got)
    out += got
    print(step, written, len(got), len(ring), ring.read_pos)
print(total_in, total_out + len(ring), out[:10].hex())
