"""e1000 receive bookkeeping on a model of the descriptor ring (drivers/e1000.py under CPython): which slots
go back to the hardware (RDT) when the stack releases frames during receive(), after it, or never.

The model completes descriptors as the 8254x does (length, status DD|EOP, errors) in a ring of the driver's
own making; RDT writes are recorded."""
import struct
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "shims"))     # (micropython.const under CPython)
from drivers import e1000  # noqa: E402
from net import link, pkbuf  # noqa: E402

SLOTS = 256                     # (net.config.NET_RX_RING_SIZE: the batching depends on it)


class Machine:
    def dma_alloc(self, size, align):
        return 0x100000, memoryview(bytearray(size))


@pytest.fixture
def nic(monkeypatch):
    drv = e1000.E1000.__new__(e1000.E1000)          # the receive side only: no MMIO behind it
    drv.m = Machine()
    drv.rx_size = SLOTS
    drv.counters = {"rx_bad": 0}
    drv.iface = link.Interface("eth0", b"\x02\0\0\0\0\x01", 1500, drv)
    drv.wr = lambda reg, value: None
    drv.rdt_writes = []
    drv.mem32 = lambda addr, value: drv.rdt_writes.append(value)
    drv.rdt_addr = "RDT"
    drv._setup_rx()
    drv.written = 0                                 # the next descriptor the model completes
    got = []
    monkeypatch.setattr(link, "receive", lambda iface, pkb: got.append(pkb) or drv.on_frame(pkb))
    drv.on_frame = lambda pkb: pkb.release()
    return drv, got


def complete(drv, size=100, errors=0):
    """The hardware fills the next descriptor's buffer and writes its status back."""
    i = drv.written
    base = i * e1000.BUFFER_SIZE
    drv.rx_bufs[base:base + size] = bytes([i]) * size
    struct.pack_into("<HHBB", drv.rx_ring, i * e1000.DESC_SIZE + 8, size, 0,
                     e1000.RXD_STAT_DD | e1000.RXD_STAT_EOP, errors)
    drv.written = (i + 1) % SLOTS


def slots(drv, pkbs):
    """The ring slots these buffers are (each slot has its one buffer)."""
    return [next(i for i, p in enumerate(drv.rx_pkbs) if p is pkb) for pkb in pkbs]


def test_frames_released_while_handed_up_go_back_in_batches(nic):
    drv, got = nic
    for _ in range(40):
        complete(drv)
        drv.poll_rx()
    assert len(got) == 40 and all(p.state == e1000.FREE for p in got)
    assert drv.rx_tail == (drv.rx_next - 1) % SLOTS          # all handed back but the one kept in hand
    assert drv.rdt_writes                                     # RDT moved, in batches
    assert len(drv.rdt_writes) <= 40 // e1000.RDT_BATCH + 2
    for i in range(SLOTS):
        if (drv.rx_next - i) % SLOTS > 1:
            assert drv.rx_ring[i * e1000.DESC_SIZE + 12] == 0  # status cleared for the hardware


def test_a_held_frame_keeps_its_slot_and_the_later_ones(nic):
    drv, got = nic
    kept = []
    drv.on_frame = lambda pkb: kept.append(pkb) if pkb.tobytes()[0] == 2 else pkb.release()
    for _ in range(10):
        complete(drv)
    drv.poll_rx()
    assert slots(drv, kept) == [2] and kept[0].state == e1000.HELD and drv.rx_holding == 1
    assert drv.rx_tail == 2                                  # slots 0 and 1 back, 2 is held
    assert kept[0].tobytes() == bytes([2]) * 100             # still its frame
    kept[0].release()
    assert kept[0].state == e1000.FREE and drv.rx_holding == 0 and drv.rx_tail == 9
    kept[0].release()                                        # a second release changes nothing
    assert drv.rx_tail == 9


def test_frames_released_out_of_order(nic):
    drv, got = nic
    kept = []
    drv.on_frame = kept.append
    for _ in range(6):
        complete(drv)
    drv.poll_rx()
    assert slots(drv, kept) == [0, 1, 2, 3, 4, 5]
    for i in (3, 1):
        kept[i].release()
    assert drv.rx_tail == 0
    kept[0].release()
    assert drv.rx_tail == 2
    kept[2].release()
    assert drv.rx_tail == 4
    kept[5].release()
    kept[4].release()
    assert drv.rx_tail == 5                                  # one slot stays in software's hands


def test_a_bad_frame_is_counted_and_its_slot_given_back(nic):
    drv, got = nic
    complete(drv)
    complete(drv, errors=0x80)
    complete(drv)
    drv.poll_rx()
    assert slots(drv, got) == [0, 2] and drv.counters["rx_bad"] == 1
    assert drv.rx_tail == 2


def test_slot_states_are_the_lent_buffers():
    """The driver compiles the states in as its own constants: they must be net.pkbuf's."""
    assert (e1000.FREE, e1000.LENT, e1000.HELD) == (pkbuf.FREE, pkbuf.LENT, pkbuf.HELD)
