"""Descriptor-ring index arithmetic, on values recorded from the e1000 and RTL8139 drivers at work."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "shims"))     # (micropython.const under CPython)
from drivers.ring import ring_count, ring_next, rtl_rx_next  # noqa: E402


def test_next_wraps_at_the_ring_size():
    assert [ring_next(i, 4) for i in range(4)] == [1, 2, 3, 0]


def test_hardware_owns_at_most_size_minus_one():
    # e1000 at start: RDH 0, RDT 255 of 256: 255 slots given to the hardware, none free to add.
    assert ring_count(0, 255, 256) == 255
    # after the NIC filled 10 and the driver returned them: RDH 10, RDT 9 (wrapped)
    assert ring_count(10, 9, 256) == 255
    # software holds the slots from RDT up to its next unread descriptor; one always stays back
    assert ring_count(200, 10, 256) == 66
    assert ring_count(5, 5, 256) == 0


def test_rtl8139_record_offsets():
    ring = 32 * 1024
    # a 64-byte frame (60 + CRC) at 0: header 4 + 64, rounded up to a dword
    assert rtl_rx_next(0, 64, ring) == 68
    # odd lengths round up: 4 + 65 = 69 -> 72
    assert rtl_rx_next(0, 65, ring) == 72
    # a record that runs past the end (WRAP) continues at the wrapped offset
    assert rtl_rx_next(ring - 100, 1518, ring) == (ring - 100 + 1518 + 4 + 3) // 4 * 4 - ring
    assert rtl_rx_next(ring - 68, 64, ring) == 0


def test_rtl8139_driver_mask_is_the_record_offset():
    """The driver computes rtl_rx_next with one mask (its ring is a power of two): the same offsets for every
    dword-aligned record start and every length the chip can write."""
    from drivers import rtl8139
    ring = rtl8139.RX_RING
    for off in list(range(0, 256, 4)) + list(range(ring - 4096, ring, 4)):
        for length in list(range(4, 80)) + list(range(1500, 1530)) + [ring - 16]:
            assert (off + length + 7) & rtl8139.RX_NEXT_MASK == rtl_rx_next(off, length, ring), (off, length)
