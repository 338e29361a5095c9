"""`build.py bench boot`: QEMU start to Krait's prompt, beside a trivial
multiboot kernel that prints one line (QEMU's own floor), in the same run."""
import os
import select
import statistics
import subprocess
import time
from pathlib import Path

from toolchain import kbuild, qemu

ROOT = Path(__file__).resolve().parent.parent
FLOOR_SRC = ROOT / "bench" / "boot" / "floor.S"
FLOOR_LD = ROOT / "bench" / "boot" / "floor.ld"
FLOOR_ELF = kbuild.OBJ / "floor.elf"
TIMEOUT = 60


def build_floor():
    obj = kbuild.OBJ / "floor.o"
    kbuild.OBJ.mkdir(parents=True, exist_ok=True)
    subprocess.run(["gcc", "-m32", "-c", str(FLOOR_SRC), "-o", str(obj)], check=True)
    subprocess.run(["ld", "-m", "elf_i386", "-n", "-T", str(FLOOR_LD), "-o", str(FLOOR_ELF), str(obj)], check=True)
    return FLOOR_ELF


def time_to_marker(cmd, marker):
    """Seconds from starting QEMU until `marker` appears on its serial output."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    seen = b""
    try:
        while marker not in seen:
            if time.monotonic() - start > TIMEOUT:
                raise RuntimeError(f"no {marker!r} within {TIMEOUT} s")
            ready, _, _ = select.select([proc.stdout], [], [], 0.5)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 4096)
                if not chunk and marker not in seen:
                    raise RuntimeError(f"QEMU exited before {marker!r}")
                seen += chunk
        return time.monotonic() - start
    finally:
        proc.kill()
        proc.wait()


def heap_at_prompt():
    """Heap in use once the shell is up (`mem`), in KiB, and the heap size."""
    import re
    import pexpect
    cmd = qemu.command(nics=[("e1000", "user")])
    child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", codec_errors="replace", timeout=TIMEOUT)
    try:
        child.expect("krait> ")
        child.send("mem\r")
        child.expect(r"heap: (\d+) KiB used, \d+ KiB free of (\d+) KiB")
        return int(child.match.group(1)), int(child.match.group(2))
    finally:
        child.close(force=True)


def measure(label, cmd, marker, runs):
    samples = [time_to_marker(cmd, marker) for _ in range(runs)]
    return label, statistics.median(samples), min(samples), max(samples)


def main(runs=7):
    floor = build_floor()
    e1000, rtl8139 = [("e1000", "user")], [("rtl8139", "user")]
    # Boot proper with dhcp.wait=0; then to the prompt as it comes by default, once the DHCP lease is there.
    # QEMU's e1000 holds received frames for 1 s of virtual time after each RCTL write, so its lease comes
    # about a second after the driver starts; the rtl8139's shows what the exchange itself takes. (GRUB's
    # command line is the ISO's own: that boot waits for the lease, over the rtl8139.)
    rows = [
        measure("floor kernel (-kernel)", qemu.command(image=floor, nics=[]), b"floor kernel up", runs),
        measure("krait (-kernel, e1000, no wait)", qemu.command(nics=e1000, append="dhcp.wait=0"), b"krait> ", runs),
        measure("krait (-kernel, rtl8139, lease)", qemu.command(nics=rtl8139), b"krait> ", runs),
        measure("krait (-kernel, e1000, lease)", qemu.command(nics=e1000), b"krait> ", runs),
        measure("krait (-cdrom GRUB, rtl8139, lease)", qemu.command(iso=True, nics=rtl8139), b"krait> ", runs),
    ]
    base = rows[0][1]
    print(f"\nboot time, QEMU start to marker, TCG, median of {runs} runs")
    print(f"{'':36} {'median':>9} {'min':>9} {'max':>9} {'vs floor':>9}")
    for label, med, lo, hi in rows:
        print(f"{label:36} {med:8.3f}s {lo:8.3f}s {hi:8.3f}s {med / base:8.2f}x")
    used, size = heap_at_prompt()
    print(f"\nheap at the prompt: {used} KiB used of {size} KiB (-m 128M)")
    print(f"image: {kbuild.ELF.stat().st_size} B krait.elf, {kbuild.ISO.stat().st_size} B krait.iso")
    return 0
