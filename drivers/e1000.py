"""Intel 82540EM (e1000) driver: legacy descriptor rings in DMA memory.

Facts (Intel 8254x manual; QEMU hw/net/e1000.c): 32-bit MMIO registers at
BAR0; reset with CTRL.RST; MAC from EEPROM words 0-2 through EERD; receive
and transmit rings of 16-byte legacy descriptors, lengths a multiple of 128
bytes. Hardware owns receive descriptors [RDH, RDT): one slot always stays
empty so RDH == RDT means "no buffer". QEMU transmits synchronously inside
the TDT write and writes DD back only for descriptors with RS. Reading ICR
clears it; a shared IRQ line is ours only when ICR is non-zero. QEMU takes
no frame in for 1 s of virtual time after each RCTL write (they wait in its
queue): RCTL is written once, at start.

Receive is zero-copy: each frame goes up in its slot's LentBuffer (one per
slot, made once, with the slot's physical address so an answer written over
the request leaves from there), and the slot returns to the ring when the
stack releases it (slots are handed back in ring order, so a held buffer
holds later ones). Most frames are released before receive() returns (an
echo reply leaves from the slot inside the TDT write): such a slot costs no
call, poll_rx hands the run's slots back at its end; only a slot the stack
keeps is marked HELD, and its release sweeps the ring then. Register writes
are what a frame costs most under QEMU (an RDT write also wakes its I/O
thread), so RDT moves RDT_BATCH slots at a time unless the hardware runs low,
and a frame sent from the stack's buffer is released as soon as the TDT write
returns with the descriptor done.
"""
from micropython import const
import struct

from drivers import pci
from net import link
from net.config import NET_PACKET_MTU, NET_RX_RING_SIZE, NET_TX_RING_SIZE
from net.pkbuf import LentBuffer

VENDOR_INTEL = const(0x8086)
DEVICE_82540EM = const(0x100E)

# Registers
CTRL = const(0x0000)
STATUS = const(0x0008)
EERD = const(0x0014)
ICR = const(0x00C0)
ITR = const(0x00C4)
IMS = const(0x00D0)
IMC = const(0x00D8)
RCTL = const(0x0100)
TCTL = const(0x0400)
TIPG = const(0x0410)
RDBAL = const(0x2800)
RDBAH = const(0x2804)
RDLEN = const(0x2808)
RDH = const(0x2810)
RDT = const(0x2818)
RDTR = const(0x2820)
RADV = const(0x282C)
TDBAL = const(0x3800)
TDBAH = const(0x3804)
TDLEN = const(0x3808)
TDH = const(0x3810)
TDT = const(0x3818)
MTA = const(0x5200)
MTA_ENTRIES = const(128)
MPC = const(0x4010)                # missed packets (statistics, clear on read)
RAL0 = const(0x5400)
RAH0 = const(0x5404)

CTRL_SLU = const(0x40)
CTRL_RST = const(0x04000000)
STATUS_LU = const(0x2)
EERD_START = const(0x1)
EERD_DONE = const(0x10)
RAH_AV = const(0x80000000)
RCTL_EN = const(0x2)
RCTL_BAM = const(0x8000)
RCTL_BSIZE_2048 = const(0x0)
RCTL_SECRC = const(0x04000000)
TCTL_EN = const(0x2)
TCTL_PSP = const(0x8)
TCTL_CT = const(0x10 << 4)
TCTL_COLD = const(0x40 << 12)
TIPG_DEFAULT = const(0x0060200A)
ICR_TXDW = const(0x01)
ICR_LSC = const(0x04)
ICR_RXDMT0 = const(0x10)
ICR_RXO = const(0x40)
ICR_RXT0 = const(0x80)
ICR_RX = const(ICR_RXT0 | ICR_RXO | ICR_RXDMT0)

DESC_SIZE = const(16)
RX_DESC = "<QHHBBH"         # addr, length, checksum, status, errors, special
TX_DESC = "<QHBBBBH"        # addr, length, cso, cmd, status, css, special
RXD_STAT_DD = const(0x01)
RXD_STAT_EOP = const(0x02)
TXD_CMD_EOP = const(0x01)
TXD_CMD_IFCS = const(0x02)
TXD_CMD_RS = const(0x08)
TXD_STAT_DD = const(0x01)
BUFFER_SIZE = const(2048)
RX_BUDGET = const(64)              # frames per soft IRQ run; the rest waits one tick
RDT_BATCH = const(16)              # receive slots handed back per RDT write ...
RX_LOW_WATER = const(64)           # ... or at once when the hardware owns fewer than this
RESET_POLLS = const(1000)
EEPROM_POLLS = const(1000)


# A slot's LentBuffer.state (net.pkbuf's numbers)
FREE = const(0)                    # the ring's (or consumed, waiting to be handed back in order)
LENT = const(1)                    # being handed up: poll_rx is inside receive() with it
HELD = const(2)                    # kept by the stack past receive()


class E1000:
    NAME = "e1000"

    def __init__(self, fn, name, machine):
        self.m = machine
        self.fn = fn
        self.name = name
        self.iface = None
        bar = fn.bar(0)
        if bar is None or bar.is_io:
            raise OSError(19, "e1000 without a memory BAR0")
        self.base = bar.address
        self.mem32 = machine.mem32
        self.icr_addr = self.base + ICR             # the registers every frame touches
        self.rdt_addr = self.base + RDT
        self.tdt_addr = self.base + TDT
        self.mtu = NET_PACKET_MTU
        self.rx_size = NET_RX_RING_SIZE
        self.tx_size = NET_TX_RING_SIZE
        self.counters = {"rx_bad": 0, "rx_overruns": 0, "tx_busy": 0, "irqs": 0, "link_changes": 0}
        self.mac = b""

    # -- registers ----------------------------------------------------------------
    def rd(self, reg):
        return self.m.mem32(self.base + reg)

    def wr(self, reg, value):
        self.m.mem32(self.base + reg, value)

    def eeprom_word(self, index):
        self.wr(EERD, (index << 8) | EERD_START)
        for _ in range(EEPROM_POLLS):
            v = self.rd(EERD)
            if v & EERD_DONE:
                return v >> 16
        raise OSError(5, "e1000: EEPROM read timed out")

    # -- bring-up -----------------------------------------------------------------
    def start(self):
        m = self.m
        pci.enable(self.fn.cfg, self.fn, memory=True, bus_master=True)
        self.wr(IMC, 0xFFFFFFFF)
        self.wr(CTRL, self.rd(CTRL) | CTRL_RST)
        for _ in range(RESET_POLLS):
            if not self.rd(CTRL) & CTRL_RST:
                break
        self.wr(IMC, 0xFFFFFFFF)
        self.rd(ICR)
        words = [self.eeprom_word(i) for i in range(3)]
        self.mac = bytes([words[0] & 0xFF, words[0] >> 8, words[1] & 0xFF, words[1] >> 8,
                          words[2] & 0xFF, words[2] >> 8])
        if self.iface is not None:
            self.iface.mac = self.mac
        mac = self.mac
        self.wr(RAL0, mac[0] | mac[1] << 8 | mac[2] << 16 | mac[3] << 24)
        self.wr(RAH0, mac[4] | mac[5] << 8 | RAH_AV)
        for i in range(MTA_ENTRIES):
            self.wr(MTA + 4 * i, 0)
        self._setup_rx()
        self._setup_tx()
        self.wr(ITR, 0)                         # no interrupt throttling: latency first
        self.wr(CTRL, self.rd(CTRL) | CTRL_SLU)
        self.wr(IMS, ICR_RX | ICR_LSC)
        self.irq = self.fn.irq_line
        return self

    def _setup_rx(self):
        n = self.rx_size
        self.rx_ring_phys, self.rx_ring = self.m.dma_alloc(n * DESC_SIZE, 128)
        self.rx_buf_phys, self.rx_bufs = self.m.dma_alloc(n * BUFFER_SIZE, 4096)
        self.rx_pkbs = []                       # slot -> its LentBuffer, reused for every frame
        for i in range(n):
            phys = self.rx_buf_phys + i * BUFFER_SIZE
            struct.pack_into(RX_DESC, self.rx_ring, i * DESC_SIZE, phys, 0, 0, 0, 0, 0)
            self.rx_pkbs.append(LentBuffer(self, self.rx_bufs[i * BUFFER_SIZE:(i + 1) * BUFFER_SIZE], phys))
        self.rx_holding = 0                     # how many slots the stack keeps past receive() (HELD)
        self.rx_more = False
        self.rx_next = 0                        # next descriptor the hardware completes
        self.rx_tail = n - 1                    # first slot software owns (RDT once written)
        self.rx_tail_hw = n - 1                 # RDT as last written
        self.wr(RDBAL, self.rx_ring_phys & 0xFFFFFFFF)
        self.wr(RDBAH, self.rx_ring_phys >> 32)
        self.wr(RDLEN, n * DESC_SIZE)
        self.wr(RDH, 0)
        self.wr(RDT, self.rx_tail)
        self.wr(RDTR, 0)
        self.wr(RADV, 0)
        self.wr(RCTL, RCTL_EN | RCTL_BAM | RCTL_BSIZE_2048 | RCTL_SECRC)

    def _setup_tx(self):
        n = self.tx_size
        self.tx_ring_phys, self.tx_ring = self.m.dma_alloc(n * DESC_SIZE, 128)
        self.tx_buf_phys, self.tx_bufs = self.m.dma_alloc(n * BUFFER_SIZE, 4096)
        self.tx_next = 0
        self.tx_held = [None] * n               # stack buffers the NIC may still be reading
        self.tx_outstanding = 0                 # how many tx_held are not None
        self.wr(TDBAL, self.tx_ring_phys & 0xFFFFFFFF)
        self.wr(TDBAH, self.tx_ring_phys >> 32)
        self.wr(TDLEN, n * DESC_SIZE)
        self.wr(TDH, 0)
        self.wr(TDT, 0)
        self.wr(TIPG, TIPG_DEFAULT)
        self.wr(TCTL, TCTL_EN | TCTL_PSP | TCTL_CT | TCTL_COLD)

    def link_up(self):
        return bool(self.rd(STATUS) & STATUS_LU)

    # -- interrupts ---------------------------------------------------------------
    def interrupt(self, irq):
        """Soft IRQ handler; the line may be shared, so a zero cause is not ours.
        Returns True while received frames remain beyond this run's budget."""
        cause = self.mem32(self.icr_addr)
        if self.tx_outstanding:
            self._tx_reclaim()
        if not cause:
            if self.rx_more:
                self.poll_rx()
            return self.rx_more
        self.counters["irqs"] += 1
        if cause & ICR_RXO:
            self.counters["rx_overruns"] += 1
            self.iface.counters["rx_dropped"] += self.rd(MPC)
        if cause & ICR_LSC:
            self.counters["link_changes"] += 1
        if cause & ICR_RX or self.rx_more:
            self.poll_rx()
            return self.rx_more
        return False

    # -- receive ------------------------------------------------------------------
    def poll_rx(self):
        """Hands completed descriptors up, at most RX_BUDGET; returns how many."""
        ring = self.rx_ring
        n = self.rx_size
        i = self.rx_next
        count = 0
        iface = self.iface
        pkbs = self.rx_pkbs
        receive = link.receive
        self.rx_more = False
        while count < RX_BUDGET:
            off = i * DESC_SIZE
            status = ring[off + 12]
            if not status & RXD_STAT_DD:
                break
            length = ring[off + 8] | ring[off + 9] << 8
            ring[off + 12] = 0                  # read: the status is cleared for the slot's next use
            slot = i
            i += 1
            if i == n:
                i = 0
            self.rx_next = i
            count += 1
            if ring[off + 13] or not status & RXD_STAT_EOP or length > BUFFER_SIZE:
                self.counters["rx_bad"] += 1
                iface.counters["rx_errors"] += 1
                continue                        # (consumed: handed back below)
            pkb = pkbs[slot]                    # the slot's buffer, made ready for this frame
            pkb.start = 0
            pkb.end = length
            pkb.meta = None                     # (ether.dispatch sets pkb.iface)
            pkb.state = LENT
            receive(iface, pkb)
            if pkb.state == LENT:               # kept past receive(): its release sweeps the ring
                pkb.state = HELD
                self.rx_holding += 1
        if link.batch_end:
            link.receive_done()
        self.rx_more = count == RX_BUDGET
        if count:
            self._give_back()
        return count

    def rx_released(self, pkb):
        """The stack is done with a slot it kept past receive()."""
        pkb.state = FREE
        self.rx_holding -= 1
        self._give_back()

    def _give_back(self):
        """Gives back, in ring order, every consumed slot no longer held; RDT moves RDT_BATCH at a time
        unless the hardware runs low. One slot stays in software's hands: RDT == RDH would mean "no
        buffers"."""
        n = self.rx_size
        nxt = self.rx_next
        if not self.rx_holding:
            tail = nxt - 1 if nxt else n - 1    # nothing held: every consumed slot but that one
        else:
            pkbs = self.rx_pkbs
            tail = self.rx_tail
            while (nxt - tail) % n > 1 and pkbs[tail].state != HELD:
                tail += 1
                if tail == n:
                    tail = 0
        self.rx_tail = tail
        written = self.rx_tail_hw
        if tail != written and ((tail - written) % n >= RDT_BATCH or (written - nxt) % n < RX_LOW_WATER):
            self.rx_tail_hw = tail
            self.mem32(self.rdt_addr, tail)

    # -- transmit -----------------------------------------------------------------
    def transmit(self, pkb):
        start = pkb.start
        n = pkb.end - start
        i = self.tx_next
        off = i * DESC_SIZE
        ring = self.tx_ring
        if n > BUFFER_SIZE:
            pkb.release()
            return False
        # A slot is free when it was never used or the hardware marked it done.
        if not ring[off + 12] & TXD_STAT_DD and ring[off + 8] | ring[off + 9] << 8:
            self.counters["tx_busy"] += 1
            pkb.release()
            return False
        held = self.tx_held[i]
        if held is not None:                    # the frame sent from this slot last time is done
            self.tx_held[i] = None
            self.tx_outstanding -= 1
            held.release()
        phys = pkb.phys
        if phys is not None:
            # In DMA memory (a pool buffer, a receive slot): the NIC reads it where it is.
            address = phys + start
        else:
            base = i * BUFFER_SIZE
            self.tx_bufs[base:base + n] = pkb.mem[start:pkb.end]
            pkb.release()
            address = self.tx_buf_phys + base
        struct.pack_into(TX_DESC, ring, off, address, n, 0, TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS, 0, 0, 0)
        nxt = i + 1
        if nxt == self.tx_size:
            nxt = 0
        self.tx_next = nxt
        self.mem32(self.tdt_addr, nxt)
        if phys is not None:
            # QEMU sends inside the TDT write: then the buffer goes back at once (a receive slot
            # must not wait for this slot's next use); otherwise on a later interrupt or reuse.
            if ring[off + 12] & TXD_STAT_DD:
                pkb.release()
            else:
                self.tx_held[i] = pkb
                self.tx_outstanding += 1
        return True

    def _tx_reclaim(self):
        """Releases the buffers of transmissions the hardware has finished since."""
        ring = self.tx_ring
        held = self.tx_held
        for i in range(self.tx_size):
            pkb = held[i]
            if pkb is not None and ring[i * DESC_SIZE + 12] & TXD_STAT_DD:
                held[i] = None
                self.tx_outstanding -= 1
                pkb.release()


def register():
    link.register_driver(VENDOR_INTEL, DEVICE_82540EM, E1000)
