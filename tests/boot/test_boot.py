"""Boot tests: the real image under QEMU (TCG), driven over the serial console."""
import re
import time

import pytest

from harness import EXIT_EXCEPTION, EXIT_OK, EXIT_PANIC

pytestmark = pytest.mark.qemu

BOOT_MATRIX = [
    # (iso, memory, NICs, installed MiB)
    (False, "32M", ["e1000"], 32),
    (False, "1G", ["rtl8139"], 1024),
    (False, "128M", ["e1000", "rtl8139"], 128),
    (True, "32M", ["e1000"], 32),
    (True, "1G", ["e1000", "rtl8139"], 1024),
]


@pytest.mark.parametrize("iso,mem,models,mib", BOOT_MATRIX,
                         ids=[f"{'iso' if i else 'kernel'}-{m}-{'+'.join(n)}" for i, m, n, _ in BOOT_MATRIX])
def test_boot_reaches_prompt(boot, iso, mem, models, mib):
    args = "" if iso else "krait.test=1 ip=10.0.0.2/24"
    k = boot(iso=iso, mem=mem, nics=[(m, "user") for m in models], append=args)
    banner = k.prompt()
    assert f"booted by {'multiboot2' if iso else 'multiboot'}" in banner
    assert f"memory: {mib} MiB installed" in banner
    if not iso:
        assert f"command line: {args}\n" in banner
    heap_kib = int(re.search(r"(\d+) KiB heap", banner).group(1))
    assert 4096 <= heap_kib <= mib * 1024 // 2
    out = k.cmd("mem")
    assert f"physical: {mib} MiB installed" in out


def test_typing_is_interrupt_driven(boot):
    k = boot()
    k.prompt()
    before = int(re.search(r"irq4 (\d+)", k.cmd("ticks")).group(1))
    out = k.cmd("help")
    assert "halt" in out and "ticks" in out
    after = int(re.search(r"irq4 (\d+)", k.cmd("ticks")).group(1))
    # Each line typed raises serial interrupts: polling would leave the count at 0.
    assert before > 0 and after > before


def test_line_editing_and_unknown_command(boot):
    k = boot()
    k.prompt()
    k.send("mex\x7fm")                      # backspace corrects the typo
    out = k.cmd("")
    assert "physical: 128 MiB installed" in out
    k.send("garbage\x15")                    # Ctrl-U discards the line
    assert "physical: 128 MiB installed" in k.cmd("mem")
    assert "unknown command: nosuch" in k.cmd("nosuch")


def test_halt_exits_with_success(boot):
    k = boot()
    k.prompt()
    k.send("halt\r")
    k.expect("halting")
    assert k.wait_exit() == EXIT_OK


@pytest.mark.parametrize("fault,exception,function", [
    ("divide", r"CPU EXCEPTION 0 \(#DE divide error\)", "fault_divide"),
    ("pagefault", r"CPU EXCEPTION 14 \(#PF page fault\)", "fault_page"),
])
def test_cpu_exception_panic_report(boot, fault, exception, function):
    k = boot(append=f"fault={fault}")
    k.expect(exception)
    report = k.expect(r"\*\*\* end of panic report")
    assert re.search(rf"RIP=0x[0-9a-f]{{16}} {function}\+0x[0-9a-f]+", report)
    for reg in ("RSP=", "CR2=", "RAX=", "R15="):
        assert reg in report
    # The backtrace names the callers, down to the boot entry.
    assert re.search(r"#\d+ +0x[0-9a-f]{16} kmain\+0x", report)
    if fault == "pagefault":
        assert "CR2=0x0000000100000000" in report
    assert k.wait_exit() == EXIT_EXCEPTION


def test_kernel_panic_report(boot):
    k = boot(append="fault=panic")
    report = k.expect(r"\*\*\* end of panic report")
    assert "KERNEL PANIC: requested on the command line" in report
    assert re.search(r"run_fault_argument\+0x", report)
    assert k.wait_exit() == EXIT_PANIC


def test_timer_ticks_follow_wall_time(boot):
    k = boot()
    k.prompt()

    def sample():
        t = time.monotonic()
        m = re.search(r"ms (\d+) hz (\d+) us \d+ irq0 (\d+)", k.cmd("ticks"))
        return (t + time.monotonic()) / 2, int(m.group(1)), int(m.group(2)), int(m.group(3))

    t0, ms0, hz, n0 = sample()
    time.sleep(3)
    t1, ms1, _, n1 = sample()
    # Correctness bounds, loose enough for a loaded host: the clock counts milliseconds, the line its ticks.
    assert 500 < (ms1 - ms0) / (t1 - t0) < 1500, f"the ms clock runs at {(ms1 - ms0) / (t1 - t0):.0f}/s"
    assert 0.5 * hz < (n1 - n0) / (t1 - t0) < 1.5 * hz, f"{(n1 - n0) / (t1 - t0):.0f} ticks/s, {hz} Hz configured"


def test_microsecond_clock_agrees_with_ticks(boot):
    k = boot()
    k.prompt()
    previous, sub_ms = 0, set()
    for _ in range(20):
        m = re.search(r"ms (\d+) hz (\d+) us (\d+)", k.cmd("ticks"))
        ms, tick_us, us = int(m.group(1)), 1000000 // int(m.group(2)), int(m.group(3))
        # us is read just before ms: within one tick of it, and never going back.
        assert ms * 1000 - tick_us <= us <= ms * 1000 + tick_us, (ms, us)
        assert us > previous
        previous = us
        sub_ms.add(us % 1000)
    assert len(sub_ms) > 5, "no resolution below one tick"
