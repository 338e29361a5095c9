"""NIC drivers and the link layer against a frame harness (QEMU -netdev dgram), TCG."""
import re
import time

import pytest
from scapy.layers.l2 import Ether

from frame_harness import BROADCAST, LINKTEST_ETHERTYPE, FramePort, linktest_frame, linktest_payload

pytestmark = pytest.mark.qemu
RING = {"e1000": 256, "rtl8139": 4}


@pytest.fixture
def ports():
    made = []

    def make():
        p = FramePort()
        made.append(p)
        return p
    yield make
    for p in made:
        p.close()


def counters(k, name):
    text = k.cmd("ifconfig")
    block = text.split(f": {name}: ", 1)[1]
    rx = re.search(r"RX: packets (\d+) bytes (\d+) errors (\d+) dropped (\d+)", block)
    tx = re.search(r"TX: packets (\d+) bytes (\d+) errors (\d+) dropped (\d+)", block)
    return {"rx_packets": int(rx.group(1)), "rx_errors": int(rx.group(3)), "rx_dropped": int(rx.group(4)),
            "tx_packets": int(tx.group(1)), "mac": re.search(r"link/ether ([0-9a-f:]{17})", block).group(1)}


def linktest_stats(k):
    m = re.search(r"good (\d+) bad (\d+)", k.cmd("linktest stats"))
    return int(m.group(1)), int(m.group(2))


def unknown_ethertype_drops(k):
    m = re.search(r"(\d+) unknown ethertype", k.cmd("netstat -s"))
    return int(m.group(1)) if m else 0


PROBE_SEQ = 0xFFFFFF


def wait_rx_ready(k, port, iface_hint=""):
    """Probes until the guest receives (e1000 holds reception for a second after it is enabled)."""
    for _ in range(100):
        port.send(linktest_frame(PROBE_SEQ, 64))
        if f"last {PROBE_SEQ}" in k.cmd("linktest stats"):
            k.cmd("linktest reset")
            return
        time.sleep(0.2)
    raise AssertionError(f"the guest never received a frame {iface_hint}")


def wait_linktest(k, good, timeout=60):
    """Polls the guest's counters until `good` frames arrived (or the time is up); returns (good, bad)."""
    deadline = time.monotonic() + timeout
    while True:
        stats = linktest_stats(k)
        if stats[0] >= good or time.monotonic() > deadline:
            return stats
        time.sleep(0.2)


def boot_with(boot, ports, models):
    harness = [ports() for _ in models]
    nics = [(m, h.netdev()) for m, h in zip(models, harness)]
    k = boot(nics=nics)
    k.prompt()
    for h in harness:
        wait_rx_ready(k, h)
    return k, harness


@pytest.mark.parametrize("model", ["e1000", "rtl8139"])
def test_frames_both_ways_intact(boot, ports, model):
    k, (h,) = boot_with(boot, ports, [model])
    mac = counters(k, "eth0")["mac"]
    # guest -> harness
    out = k.cmd("linktest send eth0 40 300")
    assert "sent 40 of 40" in out
    frames = h.receive(40, ethertype=LINKTEST_ETHERTYPE)
    assert len(frames) == 40
    for seq, raw in enumerate(frames):
        e = Ether(raw)
        assert e.dst == "ff:ff:ff:ff:ff:ff" and e.src == mac and e.type == LINKTEST_ETHERTYPE
        assert bytes(e.payload)[:300] == linktest_payload(seq, 300)
    # harness -> guest, sizes from a runt to a full frame
    sizes = [10, 46, 100, 1000, 1486]
    for seq, size in enumerate(sizes):
        h.send(linktest_frame(seq, size))
    assert wait_linktest(k, len(sizes)) == (len(sizes), 0)
    c = counters(k, "eth0")
    assert c["rx_packets"] >= len(sizes) and c["tx_packets"] >= 40


def test_both_nics_on_a_shared_irq(boot, ports):
    a, b = ports(), ports()
    # Slots 2 and 6 swizzle onto the same PIRQ link, hence the same IRQ line.
    nics = [("e1000", a.netdev(), "addr=2"), ("rtl8139", b.netdev(), "addr=6")]
    k = boot(nics=nics)
    k.prompt()
    wait_rx_ready(k, a, "on eth0")
    wait_rx_ready(k, b, "on eth1")
    irqs = re.findall(r"network \[0200\] irq (\d+)", k.cmd("lspci"))
    assert len(irqs) == 2 and irqs[0] == irqs[1]
    for port, iface in ((a, "eth0"), (b, "eth1")):
        k.cmd("linktest reset")
        port.send_paced([linktest_frame(i, 64) for i in range(50)])
        assert wait_linktest(k, 50) == (50, 0), iface
        assert "sent 10 of 10" in k.cmd(f"linktest send {iface} 10 64")
        assert len(port.receive(10, ethertype=LINKTEST_ETHERTYPE)) == 10


@pytest.mark.parametrize("model", ["e1000", "rtl8139"])
def test_ring_wraps_without_loss(boot, ports, model):
    k, (h,) = boot_with(boot, ports, [model])
    n = 10 * RING[model] if model == "e1000" else 2000
    window = 128                # sent, then waited for: the guest keeps up however loaded the host is
    for first in range(0, n, window):
        h.send_paced([linktest_frame(i, 200) for i in range(first, min(first + window, n))])
        assert wait_linktest(k, min(first + window, n), timeout=60) == (min(first + window, n), 0)


@pytest.mark.parametrize("model", ["e1000", "rtl8139"])
def test_flood_then_recovery(boot, ports, model):
    k, (h,) = boot_with(boot, ports, [model])
    n = 20000
    for i in range(n):
        h.send(linktest_frame(i, 1000))
    good, bad = wait_linktest(k, n, timeout=20)
    c = counters(k, "eth0")
    assert bad == 0 and good <= n
    if model == "rtl8139":
        assert c["rx_dropped"] > 0                  # the chip counted what it could not take
    k.cmd("linktest reset")
    h.send_paced([linktest_frame(i, 100) for i in range(200)])
    assert wait_linktest(k, 200) == (200, 0)


@pytest.mark.parametrize("model", ["e1000", "rtl8139"])
def test_garbage_frames_are_counted_not_fatal(boot, ports, model):
    k, (h,) = boot_with(boot, ports, [model])
    before = unknown_ethertype_drops(k)
    # The NIC pads short frames to 60 bytes, so these three arrive with EtherTypes nobody handles.
    for frame in (b"\xff" * 13, b"\xff" * 14, BROADCAST + b"\x00" * 6 + b"\x12\x34" + b"junk"):
        h.send(frame)
    h.send(b"\x01")                            # a multicast destination the NIC filters out
    h.send(b"\xff" * 3000)                     # oversize: the e1000 drops it, the RTL8139 passes it up
    h.send(linktest_frame(7, 64))
    assert wait_linktest(k, 1) == (1, 0)
    assert unknown_ethertype_drops(k) - before == 3
    if model == "rtl8139":
        assert re.search(r"Link:\n(    .*\n)*    1 oversize", k.cmd("netstat -s"))
