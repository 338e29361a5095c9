"""`build.py bench link`: raw frame rates through each NIC (frames of 1000 bytes
over `-netdev dgram`), beside the floor: what QEMU forwards from one harness
socket to another through a hub with no guest work at all, in the same run."""
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "drivers"))

from frame_harness import LINKTEST_ETHERTYPE, FramePort, linktest_frame  # noqa: E402
from harness import Krait  # noqa: E402
from toolchain import qemu  # noqa: E402

FRAMES = 3000
SIZE = 1000
WINDOW = 256
# Frames in flight per NIC: the e1000's 256-slot ring, what fits the RTL8139's 32 KiB receive ring.
NIC_WINDOW = {"e1000": 256, "rtl8139": 24}


def floor_rate():
    a, b = FramePort(), FramePort()
    cmd = [qemu.qemu_binary(), "-nodefaults", "-display", "none", "-accel", "tcg", "-m", "32M", "-serial", "none",
           "-kernel", str(qemu.ELF),
           "-netdev", a.netdev().replace("dgram,", "dgram,id=ha,", 1),
           "-netdev", b.netdev().replace("dgram,", "dgram,id=hb,", 1),
           "-netdev", "hubport,id=p1,hubid=0,netdev=ha", "-netdev", "hubport,id=p2,hubid=0,netdev=hb"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.5)
        start = time.monotonic()
        got = 0
        for first in range(0, FRAMES, WINDOW):
            for i in range(first, min(first + WINDOW, FRAMES)):
                a.send(linktest_frame(i, SIZE))
            got += len(b.receive(min(WINDOW, FRAMES - first), timeout=10))
        return got / (time.monotonic() - start)
    finally:
        proc.kill()
        proc.wait()
        a.close()
        b.close()


def guest_counted(k):
    import re
    return int(re.search(r"good (\d+)", k.cmd("linktest stats")).group(1))


def nic_rates(model):
    port = FramePort()
    k = Krait(nics=[(model, port.netdev())])
    try:
        k.prompt()
        for _ in range(100):                     # reception starts a moment after the NIC is enabled
            port.send(linktest_frame(0, 64))
            if guest_counted(k):
                break
            time.sleep(0.1)
        k.cmd("linktest reset")
        start = time.monotonic()
        counted = 0
        window = NIC_WINDOW[model]
        for first in range(0, FRAMES, window):
            last = min(first + window, FRAMES)
            for i in range(first, last):
                port.send(linktest_frame(i, SIZE))
            # Wait for the window, or until the count stops moving (a NIC that drops what it cannot hold).
            stalled_since = time.monotonic()
            while counted < last and time.monotonic() - stalled_since < 0.5:
                now = guest_counted(k)
                if now != counted:
                    counted, stalled_since = now, time.monotonic()
        rx = counted / (time.monotonic() - start)
        dropped = FRAMES - counted
        start = time.monotonic()
        k.send(f"linktest send eth0 {FRAMES} {SIZE - 14}\r")
        got = len(port.receive(FRAMES, timeout=120, ethertype=LINKTEST_ETHERTYPE))
        tx = got / (time.monotonic() - start)
        return rx, tx, dropped
    finally:
        k.close()
        port.close()


def main():
    floor = floor_rate()
    print(f"\nraw frames of {SIZE} bytes, {FRAMES} each way, TCG (frames/s; ratio to the floor)")
    print(f"{'':28} {'frames/s':>10} {'vs floor':>9}")
    print(f"{'floor: QEMU hub, no guest':28} {floor:10.0f} {1.0:8.2f}x")
    for model in ("e1000", "rtl8139"):
        rx, tx, dropped = nic_rates(model)
        print(f"{model + ' receive':28} {rx:10.0f} {rx / floor:8.2f}x   ({dropped} of {FRAMES} dropped)")
        print(f"{model + ' transmit':28} {tx:10.0f} {tx / floor:8.2f}x")
    return 0
