"""RTL8139 receive bookkeeping on a model of the chip's ring (drivers/rtl8139.py under CPython): what CAPR
tells the chip, when the stack releases frames during receive(), after it, or out of order.

The model writes records as the datasheet lays them out (u16 status, u16 length with CRC, frame, CRC,
next record at a dword) and refuses to write over bytes CAPR has not given back, as the chip does."""
import struct
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "shims"))     # (micropython.const under CPython)
from drivers import rtl8139  # noqa: E402
from net import link, pkbuf  # noqa: E402

RING = rtl8139.RX_RING
IO = 0xC000


class Bar:
    is_io = True
    address = IO


class Cfg:
    def read32(self, *a):
        return 0

    def write32(self, *a):
        pass


class Function:
    cfg = Cfg()
    bus = dev = fn = 0
    irq_line = 11

    def bar(self, i):
        return Bar()


class ChipModel:
    """The machine module as the driver sees it, with the receive side of an RTL8139 behind its ports."""

    def __init__(self):
        self.regs = {}
        self.ring = None
        self.write_at = 0               # where the chip writes its next record (CBR)
        self.capr_writes = []

    def dma_alloc(self, size, align):
        mem = memoryview(bytearray(size))
        if self.ring is None:
            self.ring = mem
        return 0x100000, mem

    def inb(self, port):
        return 0 if port - IO == rtl8139.CR else 0x52

    def inw(self, port):
        return self.write_at & 0xFFFF if port - IO == rtl8139.CBR else 0

    def inl(self, port):
        return 0

    def outb(self, port, value):
        pass

    def outw(self, port, value):
        if port - IO == rtl8139.CAPR:
            self.capr_writes.append(value)

    def outl(self, port, value):
        pass

    def given_back(self):
        """The ring offset up to which the driver gave the ring back (CAPR + 16)."""
        return (self.capr_writes[-1] + rtl8139.CAPR_BIAS) % RING if self.capr_writes else 0

    def free_space(self):
        return (self.given_back() - self.write_at - 1) % RING

    def write_frame(self, frame):
        """A record as the chip writes it, wrapping at the ring's end; False when it does not fit."""
        length = len(frame) + 4
        if length + 4 > self.free_space():
            return False
        record = struct.pack("<HH", rtl8139.RX_STATUS_ROK, length) + frame + b"\0\0\0\0"
        for i, b in enumerate(record):
            self.ring[(self.write_at + i) % RING] = b
        self.write_at = (self.write_at + 4 + length + 3) & rtl8139.RX_NEXT_MASK
        return True


@pytest.fixture
def nic(monkeypatch):
    chip = ChipModel()
    drv = rtl8139.RTL8139(Function(), "eth0", chip)
    drv.iface = link.Interface("eth0", drv.mac, drv.mtu, drv)
    drv.start()
    got = []
    monkeypatch.setattr(link, "receive", lambda iface, pkb: got.append(pkb) or drv.on_frame(pkb))
    drv.on_frame = lambda pkb: pkb.release()
    return drv, chip, got


def frame(i, size=200):
    return bytes([i & 0xFF]) * size


def test_frames_released_while_handed_up_give_the_ring_back_in_batches(nic):
    drv, chip, got = nic
    seen = []
    drv.on_frame = lambda pkb: (seen.append(pkb.tobytes()), pkb.release())
    for i in range(200):                                    # ~45 KB: the ring wraps
        assert chip.write_frame(frame(i))
        drv.poll_rx()
    assert seen == [frame(i) for i in range(200)]
    assert drv.rx_pending == [] and len(drv.rx_free) == rtl8139.RX_CARRIERS
    assert drv.rx_acked == chip.write_at
    # CAPR moved a batch at a time, never past what was handed up
    assert 3 <= len(chip.capr_writes) <= 200 * 208 // rtl8139.CAPR_BATCH + 1


def test_a_held_frame_keeps_the_ring_until_it_is_released(nic):
    drv, chip, got = nic
    kept = []
    drv.on_frame = lambda pkb: kept.append(pkb) if pkb.tobytes()[0] == 1 else pkb.release()
    chip.write_frame(frame(0))
    chip.write_frame(frame(1))                              # the stack keeps this one
    start_of_1 = 208
    for i in range(2, 100):                                 # ~20 KB behind it, each released at once
        chip.write_frame(frame(i))
        drv.poll_rx()
    assert len(kept) == 1 and kept[0].tobytes() == frame(1)   # still readable: nothing wrote over it
    assert chip.given_back() <= start_of_1
    # the held one, then the frames done behind it, each with its carrier: the rest waits in the ring
    assert len(drv.rx_pending) == rtl8139.RX_CARRIERS and drv.rx_more and len(got) == rtl8139.RX_CARRIERS + 1
    kept[0].release()
    assert drv.rx_pending == [] and chip.given_back() > start_of_1 + rtl8139.CAPR_BATCH
    drv.poll_rx()
    assert len(got) == 100 and drv.rx_acked == chip.write_at
    kept[0].release()                                       # a second release changes nothing
    assert drv.rx_pending == [] and len(drv.rx_free) == rtl8139.RX_CARRIERS


def test_frames_released_out_of_order(nic):
    drv, chip, got = nic
    kept = []
    drv.on_frame = kept.append
    for i in range(6):
        chip.write_frame(frame(i, 1500))
    drv.poll_rx()
    assert [p.tobytes()[0] for p in kept] == list(range(6))
    ends = [p.next_record for p in kept]
    for i in (3, 1, 4):
        kept[i].release()
    assert drv.rx_acked == 0                                # frame 0 still held
    kept[0].release()
    assert drv.rx_acked == ends[1]                          # 0 and 1; 2 is held
    kept[2].release()
    assert drv.rx_acked == ends[4]
    kept[5].release()
    assert drv.rx_acked == ends[5] == chip.write_at
    assert drv.rx_pending == [] and len(drv.rx_free) == rtl8139.RX_CARRIERS


def test_a_frame_released_during_another_ones_receive(nic):
    """receive() of one frame may release a frame kept earlier (a queue drained): the carrier lists stay
    consistent and the ring is given back past both."""
    drv, chip, got = nic
    kept = []

    def on_frame(pkb):
        if pkb.tobytes()[0] == 0:
            kept.append(pkb)
        else:
            kept.pop().release()
            pkb.release()
    drv.on_frame = on_frame
    chip.write_frame(frame(0))
    chip.write_frame(frame(1))
    drv.poll_rx()
    assert drv.rx_pending == [] and drv.rx_acked == chip.write_at
    assert len(drv.rx_free) == rtl8139.RX_CARRIERS and len(set(map(id, drv.rx_free))) == rtl8139.RX_CARRIERS


def test_no_free_carrier_leaves_frames_in_the_ring(nic):
    drv, chip, got = nic
    kept = []
    drv.on_frame = kept.append
    for i in range(rtl8139.RX_CARRIERS + 5):
        chip.write_frame(frame(i, 100))
    drv.poll_rx()
    assert len(kept) == rtl8139.RX_CARRIERS and drv.rx_more
    for p in kept:
        p.release()
    drv.poll_rx()
    assert len(kept) == rtl8139.RX_CARRIERS + 5 and not drv.rx_more


def test_a_record_across_the_ring_end_reads_as_one_frame(nic):
    drv, chip, got = nic
    seen = []
    drv.on_frame = lambda pkb: (seen.append(pkb.tobytes()), pkb.release())
    n = 0
    while chip.write_at < RING - 1000:
        chip.write_frame(frame(n, 1400))
        drv.poll_rx()
        n += 1
    chip.write_frame(frame(0xAB, 1500))                     # runs past the end
    drv.poll_rx()
    assert chip.write_at < 1000
    assert seen[-1] == frame(0xAB, 1500)


def test_frame_states_are_the_lent_buffers():
    """The driver compiles the states in as its own constants: they must be net.pkbuf's (DONE its own)."""
    assert (rtl8139.FREE, rtl8139.LENT, rtl8139.HELD) == (pkbuf.FREE, pkbuf.LENT, pkbuf.HELD)
    assert rtl8139.DONE not in (pkbuf.FREE, pkbuf.LENT, pkbuf.HELD)
