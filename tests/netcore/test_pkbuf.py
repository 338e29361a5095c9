"""Packet buffers: headroom push, in-place pull, trim, single release."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from net.pkbuf import HEADROOM, PacketBuffer  # noqa: E402


def test_transmit_builds_headers_in_front_without_copying_payload():
    pkb = PacketBuffer.from_bytes(b"payload")
    assert pkb.headroom() == HEADROOM and pkb.tobytes() == b"payload"
    pkb.push(4)[:] = b"UDP!"
    pkb.push(2)[:] = b"IP"
    assert pkb.tobytes() == b"IPUDP!payload"
    assert len(pkb) == 13


def test_receive_pulls_headers_in_place():
    frame = bytearray(b"ETHERNETIPV4HDRdata" + b"\0" * 10)
    pkb = PacketBuffer(memoryview(frame))
    assert bytes(pkb.pull(8)) == b"ETHERNET"
    assert bytes(pkb.pull(7)) == b"IPV4HDR"
    pkb.trim(4)
    assert pkb.tobytes() == b"data"
    pkb.data()[0] = ord("D")                    # a view, not a copy
    assert frame[15] == ord("D")


def test_bounds_are_checked():
    pkb = PacketBuffer.alloc(4, headroom=2)
    with pytest.raises(ValueError):
        pkb.push(3)
    pkb.append(b"abcd")
    with pytest.raises(ValueError):
        pkb.append(b"e")
    with pytest.raises(ValueError):
        pkb.pull(5)


def test_release_runs_once():
    calls = []
    pkb = PacketBuffer(memoryview(bytearray(4)), release=lambda: calls.append(1))
    pkb.release()
    pkb.release()
    assert calls == [1]


class FakeDmaMachine:
    def dma_alloc(self, size, align):
        return 0x200000, memoryview(bytearray(size))


def test_transmit_buffers_come_from_the_dma_pool_and_go_back(monkeypatch):
    import net.pkbuf as pkbuf
    pool = pkbuf.DmaPool(FakeDmaMachine(), 2)
    monkeypatch.setattr(pkbuf, "tx_pool", pool)
    a = PacketBuffer.from_bytes(b"first")
    b = PacketBuffer.alloc(100)
    assert a.phys == 0x200000 and b.phys == 0x200000 + pkbuf.TX_BUFFER
    c = PacketBuffer.alloc(100)                     # pool empty: the heap
    assert c.phys is None
    big = PacketBuffer.alloc(pkbuf.TX_BUFFER)       # too large for a pool buffer
    assert big.phys is None
    a.push(2)[:] = b"hd"
    assert bytes(pool.mem[HEADROOM - 2:HEADROOM + 5]) == b"hdfirst"   # built in place, in DMA memory
    a.release()
    assert PacketBuffer.alloc(10).phys == 0x200000                      # reused after release
