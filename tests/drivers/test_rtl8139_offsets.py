"""RTL8139 receive-ring arithmetic: where the driver expects the chip's next record (drivers/rtl8139.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "shims"))     # (micropython.const under CPython)
from drivers import rtl8139  # noqa: E402

RING = rtl8139.RX_RING


def next_record(offset, length):
    """poll_rx's expression (inline there: it runs per frame). The driver's own use of it is what the RTL8139
    transfers of tests/userland cross the ring's end with, thousands of times per 20 MB, byte-exact."""
    return (offset + length + 7) & rtl8139.RX_NEXT_MASK


def test_record_offsets():
    # a 64-byte frame (60 + CRC) at 0: header 4 + 64, rounded up to a dword
    assert next_record(0, 64) == 68
    # odd lengths round up: 4 + 65 = 69 -> 72
    assert next_record(0, 65) == 72
    # a record that runs past the end continues at the wrapped offset
    assert next_record(RING - 100, 1518) == RING - 100 + 1520 + 4 - RING
    assert next_record(RING - 68, 64) == 0


def test_mask_is_the_datasheets_rounding_modulo_the_ring():
    """Every dword-aligned record start and every length the chip writes: header, frame, rounded up to a
    dword, modulo the ring (the RTL8139 datasheet's rule), as the one mask the driver uses."""
    for off in list(range(0, 256, 4)) + list(range(RING - 4096, RING, 4)):
        for length in list(range(4, 80)) + list(range(1500, 1530)) + [RING - 16]:
            assert next_record(off, length) == ((off + 4 + length + 3) // 4 * 4) % RING, (off, length)
