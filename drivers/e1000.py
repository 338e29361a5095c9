"""Intel 82540EM (e1000) driver: legacy descriptor rings in DMA memory.

Facts (Intel 8254x manual; QEMU hw/net/e1000.c): 32-bit MMIO registers at
BAR0; reset with CTRL.RST; MAC from EEPROM words 0-2 through EERD; receive
and transmit rings of 16-byte legacy descriptors, lengths a multiple of 128
bytes. Hardware owns receive descriptors [RDH, RDT): one slot always stays
empty so RDH == RDT means "no buffer". QEMU transmits synchronously inside
the TDT write and writes DD back only for descriptors with RS. Reading ICR
clears it; a shared IRQ line is ours only when ICR is non-zero.

Receive is zero-copy: each frame goes up as a PacketBuffer over its slot of
the DMA buffer area, and the slot returns to the ring when the stack releases
it (slots are handed back in ring order, so a held buffer holds later ones).
"""
import struct

from drivers import pci
from drivers.ring import ring_count, ring_next
from net import link
from net.config import NET_PACKET_MTU, NET_RX_RING_SIZE, NET_TX_RING_SIZE
from net.pkbuf import PacketBuffer

VENDOR_INTEL = 0x8086
DEVICE_82540EM = 0x100E

# Registers
CTRL = 0x0000
STATUS = 0x0008
EERD = 0x0014
ICR = 0x00C0
ITR = 0x00C4
IMS = 0x00D0
IMC = 0x00D8
RCTL = 0x0100
TCTL = 0x0400
TIPG = 0x0410
RDBAL = 0x2800
RDBAH = 0x2804
RDLEN = 0x2808
RDH = 0x2810
RDT = 0x2818
RDTR = 0x2820
RADV = 0x282C
TDBAL = 0x3800
TDBAH = 0x3804
TDLEN = 0x3808
TDH = 0x3810
TDT = 0x3818
MTA = 0x5200
MTA_ENTRIES = 128
MPC = 0x4010                # missed packets (statistics, clear on read)
RAL0 = 0x5400
RAH0 = 0x5404

CTRL_SLU = 0x40
CTRL_RST = 0x04000000
STATUS_LU = 0x2
EERD_START = 0x1
EERD_DONE = 0x10
RAH_AV = 0x80000000
RCTL_EN = 0x2
RCTL_BAM = 0x8000
RCTL_BSIZE_2048 = 0x0
RCTL_SECRC = 0x04000000
TCTL_EN = 0x2
TCTL_PSP = 0x8
TCTL_CT = 0x10 << 4
TCTL_COLD = 0x40 << 12
TIPG_DEFAULT = 0x0060200A
ICR_TXDW = 0x01
ICR_LSC = 0x04
ICR_RXDMT0 = 0x10
ICR_RXO = 0x40
ICR_RXT0 = 0x80
ICR_RX = ICR_RXT0 | ICR_RXO | ICR_RXDMT0

DESC_SIZE = 16
RX_DESC = "<QHHBBH"         # addr, length, checksum, status, errors, special
TX_DESC = "<QHBBBBH"        # addr, length, cso, cmd, status, css, special
RXD_STAT_DD = 0x01
RXD_STAT_EOP = 0x02
TXD_CMD_EOP = 0x01
TXD_CMD_IFCS = 0x02
TXD_CMD_RS = 0x08
TXD_STAT_DD = 0x01
BUFFER_SIZE = 2048
RX_BUDGET = 64              # frames per soft IRQ run; the rest waits one tick
RESET_POLLS = 1000
EEPROM_POLLS = 1000


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
        for i in range(n):
            struct.pack_into(RX_DESC, self.rx_ring, i * DESC_SIZE, self.rx_buf_phys + i * BUFFER_SIZE, 0, 0, 0, 0, 0)
        self.rx_held = [False] * n
        self.rx_more = False
        self.rx_next = 0                        # next descriptor the hardware completes
        self.rx_tail = n - 1                    # RDT: first slot software owns
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
        self.tx_held = [None] * n               # pool buffers the NIC may still be reading
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
        cause = self.rd(ICR)
        if not cause:
            return self.rx_more and self.poll_rx() == RX_BUDGET
        self.counters["irqs"] += 1
        if cause & ICR_RXO:
            self.counters["rx_overruns"] += 1
            self.iface.counters["rx_dropped"] += self.rd(MPC)
        if cause & ICR_LSC:
            self.counters["link_changes"] += 1
        if cause & ICR_RX or self.rx_more:
            return self.poll_rx() == RX_BUDGET
        return False

    # -- receive ------------------------------------------------------------------
    def poll_rx(self):
        """Hands completed descriptors up, at most RX_BUDGET; returns how many."""
        ring = self.rx_ring
        n = self.rx_size
        i = self.rx_next
        count = 0
        iface = self.iface
        self.rx_more = False
        while count < RX_BUDGET:
            off = i * DESC_SIZE
            status = ring[off + 12]
            if not status & RXD_STAT_DD:
                break
            length = ring[off + 8] | ring[off + 9] << 8
            errors = ring[off + 13]
            slot = i
            i = ring_next(i, n)
            self.rx_next = i
            self.rx_held[slot] = True
            count += 1
            if errors or not status & RXD_STAT_EOP or length > BUFFER_SIZE:
                self.counters["rx_bad"] += 1
                iface.counters["rx_errors"] += 1
                self._rx_release(slot)
                continue
            start = slot * BUFFER_SIZE
            pkb = PacketBuffer(self.rx_bufs[start:start + length], 0, length,
                               release=self._releaser(slot))
            link.receive(iface, pkb)
        self.rx_more = count == RX_BUDGET
        return count

    def _releaser(self, slot):
        return lambda: self._rx_release(slot)

    def _rx_release(self, slot):
        """The stack is done with a slot: give back, in ring order, every slot no longer held."""
        self.rx_held[slot] = False
        ring = self.rx_ring
        n = self.rx_size
        tail = self.rx_tail
        moved = False
        # Keep one slot in software's hands: RDT == RDH would mean "no buffers".
        while ring_count(tail, self.rx_next, n) > 1 and not self.rx_held[tail]:
            ring[tail * DESC_SIZE + 12] = 0
            tail = ring_next(tail, n)
            moved = True
        if moved:
            self.rx_tail = tail
            self.wr(RDT, tail)

    # -- transmit -----------------------------------------------------------------
    def transmit(self, pkb):
        n = len(pkb)
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
            held.release()
        if pkb.phys is not None:
            # Built in DMA memory: the NIC reads it where the stack wrote it.
            address = pkb.phys + pkb.start
            self.tx_held[i] = pkb
        else:
            start = i * BUFFER_SIZE
            self.tx_bufs[start:start + n] = pkb.data()
            pkb.release()
            address = self.tx_buf_phys + start
        struct.pack_into(TX_DESC, ring, off, address, n, 0, TXD_CMD_EOP | TXD_CMD_IFCS | TXD_CMD_RS, 0, 0, 0)
        i = ring_next(i, self.tx_size)
        self.tx_next = i
        self.wr(TDT, i)
        return True


def register():
    link.register_driver(VENDOR_INTEL, DEVICE_82540EM, E1000)
