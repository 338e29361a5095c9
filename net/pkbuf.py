"""Packet buffers: one frame's bytes plus a window [start, end) into them.

Receive: the driver wraps the DMA buffer the NIC wrote (a memoryview) and each
layer pull()s its header off the front, parsing in place: no copy. Transmit:
alloc() reserves HEADROOM bytes in front of the payload, the payload is
copied in once, and each layer push()es its header in front of it (like
Linux's sk_buff). `release` is called once when the buffer is consumed, so a
driver can hand the DMA buffer back to its ring.
"""

HEADROOM = 128          # Ethernet 14 + IPv4 60 + TCP 60, rounded up
TX_BUFFER = 2048        # one pool buffer: headroom + a full frame


class DmaPool:
    """Transmit buffers in DMA memory: a packet built in one of them leaves by
    the NIC straight from where the stack wrote it (pkb.phys). Installed by the
    kernel; without it (host tests) buffers come from the heap."""

    def __init__(self, machine, count):
        self.phys, self.mem = machine.dma_alloc(count * TX_BUFFER, 4096)
        self.free = list(range(count - 1, -1, -1))
        self.count = count

    def take(self):
        if not self.free:
            return None
        i = self.free.pop()
        start = i * TX_BUFFER
        return i, self.phys + start, self.mem[start:start + TX_BUFFER]

    def give_back(self, i):
        self.free.append(i)


tx_pool = None


class PacketBuffer:
    def __init__(self, mem, start=0, end=None, release=None):
        self.mem = mem                  # memoryview (or bytearray) holding the frame
        self.start = start
        self.end = len(mem) if end is None else end
        self.release_fn = release
        self.iface = None               # interface it arrived on / leaves by
        self.meta = None                # per-layer notes (e.g. the parsed IPv4 header)
        self.phys = None                # physical address of mem[0] when mem is DMA memory

    @classmethod
    def alloc(cls, payload_len, headroom=HEADROOM):
        """An empty buffer with room for payload_len bytes after headroom:
        from the DMA transmit pool when it fits, else from the heap."""
        pool = tx_pool
        if pool is not None and headroom + payload_len <= TX_BUFFER:
            got = pool.take()
            if got is not None:
                i, phys, mem = got
                pkb = cls(mem, headroom, headroom, release=lambda: pool.give_back(i))
                pkb.phys = phys
                return pkb
        mem = memoryview(bytearray(headroom + payload_len))
        return cls(mem, headroom, headroom)

    @classmethod
    def from_bytes(cls, data, headroom=HEADROOM):
        pkb = cls.alloc(len(data), headroom)
        pkb.append(data)
        return pkb

    def __len__(self):
        return self.end - self.start

    def data(self):
        """The current window as a memoryview (no copy)."""
        return self.mem[self.start:self.end]

    def tobytes(self):
        return bytes(self.mem[self.start:self.end])

    def headroom(self):
        return self.start

    def push(self, n):
        """Grows the window n bytes to the front; returns a view of them to fill in."""
        if n > self.start:
            raise ValueError("no headroom left")
        self.start -= n
        return self.mem[self.start:self.start + n]

    def pull(self, n):
        """Drops n bytes from the front; returns a view of them. The caller checked the length."""
        if n > self.end - self.start:
            raise ValueError("pull past the end")
        view = self.mem[self.start:self.start + n]
        self.start += n
        return view

    def trim(self, length):
        """Keeps only the first length bytes (drops link padding, for instance)."""
        if length < self.end - self.start:
            self.end = self.start + length

    def append(self, data):
        """Copies data after the window (transmit payloads)."""
        n = len(data)
        if self.end + n > len(self.mem):
            raise ValueError("no tailroom left")
        self.mem[self.end:self.end + n] = data
        self.end += n

    def release(self):
        fn = self.release_fn
        self.release_fn = None
        if fn is not None:
            fn()
