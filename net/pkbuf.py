"""Packet buffers: one frame's bytes plus a window [start, end) into them.

Receive: the driver wraps the DMA buffer the NIC wrote (a memoryview) and each
layer pull()s its header off the front, parsing in place: no copy. Transmit:
alloc() reserves HEADROOM bytes in front of the payload, the payload is
copied in once, and each layer push()es its header in front of it (like
Linux's sk_buff). `release` is called once when the buffer is consumed, so a
driver can hand the DMA buffer back to its ring.

Every packet pays for what happens here, so nothing on the way allocates
more than it must: each pool buffer has its PacketBuffer and release
function made once and reused, and a driver may recycle one PacketBuffer per
receive slot (a buffer is never touched after its release). A buffer whose memory is a
driver's receive ring is `borrowed`: whoever keeps it waiting (ARP) copies it
with clone(), since holding it stalls the ring.
"""

from micropython import const

HEADROOM = 128          # Ethernet 14 + IPv4 60 + TCP 60, rounded up
TX_BUFFER = 2048        # one pool buffer: headroom + a full frame

# LentBuffer.state (drivers keep these numbers as their own constants: const() folds only in its module)
FREE = const(0)         # the driver's
LENT = const(1)         # being handed up: the driver is inside link.receive() with it
HELD = const(2)         # kept by the stack past receive()


class DmaPool:
    """Transmit buffers in DMA memory: a packet built in one of them leaves by
    the NIC straight from where the stack wrote it (pkb.phys). Installed by the
    kernel; without it (host tests) buffers come from the heap."""

    def __init__(self, machine, count):
        self.phys, self.mem = machine.dma_alloc(count * TX_BUFFER, 4096)
        self.free = list(range(count - 1, -1, -1))
        self.count = count
        # Made once, so that taking a buffer costs no slice, no closure and no new PacketBuffer: buffer i is
        # always carried by carriers[i] (see PacketBuffer.alloc).
        self.releasers = [self._releaser(i) for i in range(count)]
        self.carriers = [PacketBuffer(self.mem[i * TX_BUFFER:(i + 1) * TX_BUFFER], 0, 0, None,
                                      self.phys + i * TX_BUFFER) for i in range(count)]

    def _releaser(self, i):
        free = self.free
        return lambda: free.append(i)


tx_pool = None


class PacketBuffer:
    # Defaults read through the class: a new buffer stores only what differs.
    iface = None                        # interface it arrived on / leaves by
    meta = None                         # per-layer notes (e.g. the parsed IPv4 header)
    borrowed = False                    # mem is a driver's receive ring (see clone())

    def __init__(self, mem, start=0, end=None, release=None, phys=None):
        self.mem = mem                  # memoryview (or bytearray) holding the frame
        self.start = start
        self.end = len(mem) if end is None else end
        self.release_fn = release
        self.phys = phys                # physical address of mem[0] when mem is DMA memory

    @classmethod
    def alloc(cls, payload_len, headroom=HEADROOM):
        """An empty buffer with room for payload_len bytes after headroom:
        from the DMA transmit pool when it fits, else from the heap."""
        pool = tx_pool
        if pool is not None and headroom + payload_len <= TX_BUFFER and pool.free:
            i = pool.free.pop()
            pkb = pool.carriers[i]          # free again: its last holder released it and let it go
            pkb.start = headroom
            pkb.end = headroom
            pkb.release_fn = pool.releasers[i]
            pkb.iface = None
            pkb.meta = None
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

    def clone(self):
        """A copy of the window in a buffer of its own, with HEADROOM in front (the original is untouched)."""
        copy = PacketBuffer.alloc(self.end - self.start)
        copy.append(self.mem[self.start:self.end])
        copy.iface = self.iface
        return copy

    def release(self):
        fn = self.release_fn
        self.release_fn = None
        if fn is not None:
            fn()


class LentBuffer(PacketBuffer):
    """A NIC's receive buffer lent to the stack. Most frames are released before link.receive() returns
    (an echo reply leaves at once): that only marks the buffer FREE, which the driver sees when the call
    returns, so such a frame costs the driver no bookkeeping. A buffer the stack keeps past the call the
    driver marks HELD; its later release goes to driver.rx_released(self)."""
    borrowed = True
    state = FREE

    def __init__(self, driver, mem, phys):
        PacketBuffer.__init__(self, mem, 0, 0, None, phys)
        self.driver = driver

    def release(self):
        state = self.state
        if state == LENT:
            self.state = FREE
        elif state == HELD:
            self.driver.rx_released(self)
