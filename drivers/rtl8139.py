"""Realtek RTL8139 driver: a receive ring buffer and four transmit slots.

Facts (RTL8139 datasheet; QEMU hw/net/rtl8139.c): registers in the I/O BAR0.
Receive: the chip writes records (u16 status, u16 length including the 4-byte
CRC, the frame, the CRC) into one ring; the next record starts at
(offset + length + 4 + 3) & ~3 modulo the ring size; software acknowledges
with CAPR = next - 16. The ring is the largest, 64 KiB (a TCP window's worth
of full frames: a 32 KiB ring overflowed under a host's bursts), where WRAP
is not allowed: the chip continues a record that reaches the end at the
ring's start, and the driver copies that tail into the spare bytes (RX_SLACK)
after the ring so the frame reads as one piece.
Transmit: four descriptors used strictly in order 0..3; QEMU transmits on the
TSD write. ISR is write-one-to-clear and must be acknowledged before EOI.
Never touch 0xE0-0xEF: a C+ mode write stops plain transmission in QEMU.

Receive is zero-copy: a frame goes up as a window on the ring (a frame's
headers are rewritten in place for an answer, never pushed past its start),
in one of RX_CARRIERS RxFrame buffers made once; CAPR moves past it (and
every frame before it) once the stack released them. Most frames are
released before receive() returns (an echo reply is copied into a transmit
slot): such a frame costs no bookkeeping, the ring is simply done up to it;
only a frame the stack keeps goes on the pending list, in ring order.
Port I/O is what a frame costs most under QEMU (a CAPR write also wakes its
I/O thread), so: CAPR moves CAPR_BATCH bytes at a time unless the ring fills
up, the transmit addresses are written once at start, and sending raises no
interrupt: transmit() knows a slot is free from the OWN bits of TSAD (all four
slots in one read), read again only when the slot it wants was busy last time.
"""
from micropython import const
from drivers import pci
from net import link
from net.config import NET_PACKET_MTU
from net.pkbuf import LentBuffer

VENDOR_REALTEK = const(0x10EC)
DEVICE_8139 = const(0x8139)

IDR0 = const(0x00)
TSD0 = const(0x10)
TSAD0 = const(0x20)
TX_SUMMARY = const(0x60)                       # TSAD, "transmit status of all descriptors": OWN of slot i is bit i
RBSTART = const(0x30)
CR = const(0x37)
CAPR = const(0x38)
CBR = const(0x3A)
IMR = const(0x3C)
ISR = const(0x3E)
TCR = const(0x40)
RCR = const(0x44)
MPC = const(0x4C)
CONFIG1 = const(0x52)
MSR = const(0x58)

CR_RST = const(0x10)
CR_RE = const(0x08)
CR_TE = const(0x04)
CR_BUFE = const(0x01)
ISR_ROK = const(0x01)
ISR_RER = const(0x02)
ISR_TOK = const(0x04)
ISR_TER = const(0x08)
ISR_RXOVW = const(0x10)
ISR_LINKCHG = const(0x20)
ISR_FOVW = const(0x40)
ISR_ALL = const(ISR_ROK | ISR_RER | ISR_TOK | ISR_TER | ISR_RXOVW | ISR_LINKCHG | ISR_FOVW)
IMR_BITS = const(ISR_ALL & ~ISR_TOK)          # a frame sent is no news: an interrupt per echo reply halves the rate
ISR_RX_EVENTS = const(ISR_ROK | ISR_RER | ISR_RXOVW | ISR_FOVW)
ISR_NEWS = const(ISR_LINKCHG | ISR_RXOVW | ISR_FOVW)  # counted (interrupt's rarer work, in _news)
RCR_AB = const(0x08)
RCR_AM = const(0x04)
RCR_APM = const(0x02)
RCR_RBLEN_64K = const(3 << 11)                 # (WRAP must stay clear with it)
TCR_IFG_NORMAL = const(0x03 << 24)
TCR_MXDMA_2048 = const(0x07 << 8)
TSD_TOK = const(0x8000)
RX_STATUS_ROK = const(0x0001)
MSR_LINKB = const(0x04)                        # 1 = link down

RX_RING = const(64 * 1024)
# The next record starts after this one's 4-byte header and frame (CRC included), rounded up to a dword, modulo
# the ring: (offset + length + 7) & RX_NEXT_MASK, one mask as the ring is a power of two
RX_NEXT_MASK = const(RX_RING - 4)
RX_SLACK = const(16 + 8192)                    # a wrapped record's tail, up to what QEMU passes (jumbo frames)
CAPR_BIAS = const(16)
TX_SLOTS = const(4)
TX_SLOT_MASK = const(TX_SLOTS - 1)         # (used strictly in order: the next is (i + 1) & this)
TX_ALL_OWNED = const((1 << TX_SLOTS) - 1)      # after reset every slot is the driver's
TX_BUFFER = const(2048)
MIN_FRAME = const(60)
CRC_LEN = const(4)
RESET_POLLS = const(1000)
RX_BUDGET = const(64)              # frames per soft IRQ run; the rest waits one tick
RX_CARRIERS = const(64)            # frames handed up and not yet released, at most; more wait in the ring
CAPR_BATCH = const(8192)           # ring bytes handed back per CAPR write ...
RX_LOW_WATER = const(RX_RING // 2) # ... or at once when the chip has used more than this


# RxFrame.state: net.pkbuf's LentBuffer states, and one of the ring's own
FREE = const(0)                    # in the free list
LENT = const(1)                    # being handed up: poll_rx is inside receive() with it
HELD = const(2)                    # kept by the stack past receive(): on the pending list
DONE = const(3)                    # released, on the pending list behind an older frame still held


class RxFrame(LentBuffer):
    """A received frame in the ring, lent to the stack (net.pkbuf.LentBuffer)."""

    def __init__(self, driver, ring, phys):
        LentBuffer.__init__(self, driver, ring, phys)
        self.next_record = 0            # ring offset after this frame's record
        self.orphan = False             # out when the ring was reset: only comes back


class RTL8139:
    NAME = "rtl8139"

    def __init__(self, fn, name, machine):
        self.m = machine
        self.fn = fn
        self.name = name
        self.iface = None
        bar = fn.bar(0)
        if bar is None or not bar.is_io:
            raise OSError(19, "rtl8139 without an I/O BAR0")
        self.io = bar.address
        self.isr_port = self.io + ISR
        self.tsd_ports = [self.io + TSD0 + 4 * k for k in range(TX_SLOTS)]
        self.mtu = NET_PACKET_MTU
        self.counters = {"rx_bad": 0, "rx_overruns": 0, "tx_busy": 0, "irqs": 0, "link_changes": 0}
        self.mac = bytes([machine.inb(self.io + IDR0 + i) for i in range(6)])

    def start(self):
        m = self.m
        io = self.io
        pci.enable(self.fn.cfg, self.fn, io=True, bus_master=True)
        m.outb(io + CONFIG1, 0)
        m.outb(io + CR, CR_RST)
        for _ in range(RESET_POLLS):
            if not m.inb(io + CR) & CR_RST:
                break
        self.rx_phys, self.rx_ring = m.dma_alloc(RX_RING + RX_SLACK, 4096)
        self.tx_phys, self.tx_bufs = m.dma_alloc(TX_SLOTS * TX_BUFFER, 4096)
        self.rx_offset = 0                      # where the next record starts
        self.rx_acked = 0                       # the stack released every frame before this offset
        self.rx_given = 0                       # the offset CAPR last told the chip (+ CAPR_BIAS)
        self.rx_pending = []                    # frames kept by the stack (HELD) and the DONE behind them
        self.rx_free = [RxFrame(self, self.rx_ring, self.rx_phys) for _ in range(RX_CARRIERS)]
        self.tx_next = 0
        self.tx_owned = TX_ALL_OWNED            # OWN bits as TX_SUMMARY last gave them, less the slots used since
        self.rx_more = False
        m.outl(io + RBSTART, self.rx_phys)
        for i in range(TX_SLOTS):
            m.outl(io + TSAD0 + 4 * i, self.tx_phys + i * TX_BUFFER)
        m.outw(io + IMR, IMR_BITS)
        m.outl(io + RCR, RCR_AB | RCR_AM | RCR_APM | RCR_RBLEN_64K)
        m.outb(io + CR, CR_RE | CR_TE)
        m.outl(io + TCR, TCR_IFG_NORMAL | TCR_MXDMA_2048)
        self.irq = self.fn.irq_line
        return self

    def link_up(self):
        return not self.m.inb(self.io + MSR) & MSR_LINKB

    def interrupt(self, irq):
        status = self.m.inw(self.isr_port)
        if status:
            self.m.outw(self.isr_port, status)  # write-one-to-clear, before the EOI
            self.counters["irqs"] += 1
            if status & ISR_NEWS:
                self._news(status)
            if not status & ISR_RX_EVENTS and not self.rx_more:
                return False
        elif not self.rx_more:                  # a shared line: not ours (unless frames are left over)
            return False
        return self.poll_rx()

    def _news(self, status):
        """The rarer causes: a link change, the ring or the chip's FIFO overflowed."""
        m = self.m
        if status & ISR_LINKCHG:
            self.counters["link_changes"] += 1
        if status & (ISR_RXOVW | ISR_FOVW):
            self.counters["rx_overruns"] += 1
            missed = m.inl(self.io + MPC) & 0xFFFFFF
            m.outl(self.io + MPC, 0)            # any write clears the missed-packet counter
            self.iface.counters["rx_dropped"] += missed if missed else 1

    def poll_rx(self):
        """Hands the frames in the ring up, at most RX_BUDGET (fewer when no carrier is free);
        returns whether frames were left in the ring.

        The chip's write offset (CBR) says where the frames end: CR.BUFE cannot, since it only
        compares that offset with CAPR, which lags behind on purpose. One read serves the whole
        run; a frame written after it raises ROK again."""
        written = self.m.inw(self.io + CBR)
        ring = self.rx_ring
        iface = self.iface
        free = self.rx_free
        pending = self.rx_pending
        receive = link.receive
        count = 0
        more = False
        off = self.rx_offset
        while off != written:
            if count == RX_BUDGET or not free:
                more = True                     # the rest waits in the ring for the next tick
                break
            length = ring[off + 2] | ring[off + 3] << 8
            if not ring[off] & RX_STATUS_ROK or length < CRC_LEN or length > RX_RING - 16:
                # The ring itself is inconsistent: start reception over.
                self.counters["rx_bad"] += 1
                iface.counters["rx_errors"] += 1
                self._reset_rx()
                off = 0
                break
            nxt = (off + length + 7) & RX_NEXT_MASK
            self.rx_offset = nxt
            count += 1
            start = off + 4
            end = start + length - CRC_LEN
            off = nxt
            pkb = free[-1]                      # a carrier (it stays in the free list unless the stack
            if end > RX_RING:                   # keeps it)
                # its tail went to the ring's start: join it up in the slack
                if end > RX_RING + RX_SLACK:    # (longer than any frame the slack is sized for)
                    self.counters["rx_bad"] += 1
                    iface.counters["rx_errors"] += 1
                    self._rx_consumed(pkb, nxt, DONE)
                    continue
                ring[RX_RING:end] = ring[0:end - RX_RING]
            pkb.start = start                   # (its mem is the ring: no view made per frame)
            pkb.end = end
            pkb.meta = None                     # (ether.dispatch sets pkb.iface)
            pkb.state = LENT
            receive(iface, pkb)
            if pkb.state == FREE and not pending:
                self.rx_acked = nxt             # released already, nothing older held: done up to here
            else:
                self._rx_consumed(pkb, nxt, HELD if pkb.state == LENT else DONE)
        if link.batch_end:
            link.receive_done()
        self.rx_more = more
        self._give_back()
        return more

    def _rx_consumed(self, pkb, nxt, state):
        """A frame handed up that the stack keeps (HELD) or that waits for an older one (DONE)."""
        self.rx_free.remove(pkb)                # (receive() may have put other frames back after it)
        pkb.state = state
        pkb.next_record = nxt
        self.rx_pending.append(pkb)
        if state == DONE:
            self._rx_release_done()

    def rx_released(self, pkb):
        """The stack is done with a frame it kept past receive()."""
        if pkb.orphan:                          # its frame was in the ring before a reset
            pkb.orphan = False
            pkb.state = FREE
            self.rx_free.append(pkb)
            return
        pkb.state = DONE
        if self.rx_pending[0] is pkb:
            self._rx_release_done()
            self._give_back()

    def _rx_release_done(self):
        """Frees the DONE frames at the head of the pending list: the ring is done up to the last."""
        pending = self.rx_pending
        free = self.rx_free
        while pending and pending[0].state == DONE:
            pkb = pending.pop(0)
            pkb.state = FREE
            free.append(pkb)
            self.rx_acked = pkb.next_record

    def _give_back(self):
        """Moves CAPR to what the stack released, CAPR_BATCH bytes at a time unless the ring fills up."""
        acked = self.rx_acked
        given = self.rx_given
        if acked != given and ((acked - given) % RX_RING >= CAPR_BATCH or
                               (self.rx_offset - given) % RX_RING >= RX_LOW_WATER):
            self.rx_given = acked
            self.m.outw(self.io + CAPR, (acked - CAPR_BIAS) & 0xFFFF)

    def _reset_rx(self):
        """A corrupt record: restart reception from the start of the ring."""
        m = self.m
        io = self.io
        m.outb(io + CR, CR_TE)
        for pkb in self.rx_pending:             # frames still out come back to the free list only
            if pkb.state == DONE:
                pkb.state = FREE
                self.rx_free.append(pkb)
            else:
                pkb.orphan = True
        self.rx_pending = []
        self.rx_offset = self.rx_acked = self.rx_given = 0
        m.outl(io + RCR, RCR_AB | RCR_AM | RCR_APM | RCR_RBLEN_64K)   # also resets the pointers
        m.outb(io + CR, CR_RE | CR_TE)

    def transmit(self, pkb):
        start = pkb.start
        end = pkb.end
        n = end - start
        i = self.tx_next
        bit = 1 << i
        owned = self.tx_owned
        if not owned & bit:
            owned = self.m.inw(self.io + TX_SUMMARY) & TX_ALL_OWNED
        if n > TX_BUFFER or not owned & bit:
            self.tx_owned = owned
            self.counters["tx_busy"] += 1
            pkb.release()
            return False
        base = i * TX_BUFFER
        bufs = self.tx_bufs
        bufs[base:base + n] = pkb.mem[start:end]
        pkb.release()
        if n < MIN_FRAME:
            bufs[base + n:base + MIN_FRAME] = bytes(MIN_FRAME - n)
            n = MIN_FRAME
        self.m.outl(self.tsd_ports[i], n)       # size (bits 0-12; n <= TX_BUFFER), OWN = 0: the chip's (TSAD0+i set at start)
        self.tx_owned = owned & ~bit
        self.tx_next = (i + 1) & TX_SLOT_MASK
        return True


def register():
    link.register_driver(VENDOR_REALTEK, DEVICE_8139, RTL8139)
