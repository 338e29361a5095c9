"""The kernel proper is Python: init, tasks, soft IRQs, the shell, frozen programs (QEMU, TCG)."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from harness import EXIT_PANIC

pytestmark = pytest.mark.qemu
ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = [line.split("#")[0].strip() for line in (ROOT / "tests" / "kernel" / "programs.txt").read_text().splitlines()
            if line.split("#")[0].strip()]


def ps(k):
    rows = {}
    for line in k.cmd("ps").splitlines():
        m = re.match(r"\s*(\d+) (\w+) +(\d+)  (.+)$", line)
        if m:
            rows[m.group(4)] = (int(m.group(1)), m.group(2), int(m.group(3)))
    return rows


def test_ps_lists_shell_idle_and_net(boot):
    k = boot()
    k.prompt()
    tasks = ps(k)
    assert set(tasks) == {"shell", "idle", "net"}
    assert tasks["shell"][1] == "running"
    assert tasks["net"][1] == "blocked"         # the network task sleeps until a timer is due


def test_mem_and_uptime_are_plausible(boot):
    k = boot(mem="32M")
    k.prompt()
    m = re.search(r"heap: (\d+) KiB used, (\d+) KiB free of (\d+) KiB; gc runs: (\d+)", k.cmd("mem"))
    used, free, size = int(m.group(1)), int(m.group(2)), int(m.group(3))
    assert 0 < used < size and used + free in (size - 1, size) and 4 * 1024 <= size < 32 * 1024
    up = [int(re.search(r"up 0:00:(\d+)\.(\d+)", k.cmd("uptime")).group(1)) for _ in range(2)]
    assert up[0] <= up[1]


def test_infinite_loop_task_does_not_stop_the_shell(boot):
    k = boot(append="test.task=loop")
    k.prompt()
    first = ps(k)["test-loop"]
    assert "up " in k.cmd("uptime")
    second = ps(k)["test-loop"]
    assert second[2] > first[2]             # it keeps getting CPU time ...
    assert "heap:" in k.cmd("mem")          # ... and the shell still answers


def test_exception_in_a_task_ends_that_task_only(boot):
    k = boot(append="test.task=raise")
    k.expect("KeyError: 'question'")        # the task may die before or after the prompt shows
    k.sync()
    out = k.log
    assert re.search(r'File "kernel/main.py", line \d+, in raise_error', out)
    assert "KeyError: 'question'" in out
    assert "test-raise" not in ps(k)
    assert "up " in k.cmd("uptime")


def test_unknown_test_task_is_reported(boot):
    text = boot(append="test.task=bogus").prompt()
    assert "test.task=bogus: no such test task (known: loop, raise)" in text, text


def test_exception_in_init_panics(boot):
    k = boot(append="test.init=raise")
    report = k.expect(r"\*\*\* end of panic report")
    assert re.search(r'File "kernel/main.py", line \d+, in raise_error', report)
    assert "KERNEL PANIC: init (kernel/main.py) failed" in report
    assert k.wait_exit() == EXIT_PANIC


def test_dma_buffer_views_and_physical_memory_agree(boot):
    k = boot()
    k.prompt()
    dma_before = re.search(r"dma: .*", k.cmd("mem")).group(0)     # the NIC's rings and buffers
    out = k.cmd("dmatest")
    m = re.search(r"dma phys 0x([0-9a-f]+) align (\d+) mem32 0x([0-9a-f]+) view\[5000\] 0x([0-9a-f]+) "
                  r"mem8 0x([0-9a-f]+) len (\d+)", out)
    assert m, out
    assert int(m.group(2)) == 0
    assert m.group(3) == "44332211"         # bytes written through the memoryview, read at the address
    assert m.group(4) == "ab"               # byte written at the address, read through the memoryview
    assert m.group(5) == "5a"               # a slice writes through to the same memory
    assert int(m.group(6)) == 8192
    assert "freed view: ValueError" in out    # explicitly freed: its views count as released
    assert "dma collected: kept 1 then 0" in out   # a slice keeps the buffer; collecting the last view frees it
    assert re.search(r"dma: .*", k.cmd("mem")).group(0) == dma_before   # freed again


@pytest.mark.parametrize("name", PROGRAMS)
def test_frozen_program_prints_what_cpython_prints(boot, name):
    expected = subprocess.run([sys.executable, str(ROOT / "tests" / "lang" / f"{name}.py")], capture_output=True,
                              text=True, timeout=60, cwd=ROOT / "tests" / "lang")
    assert expected.returncode == 0
    k = boot()
    k.prompt()
    assert k.cmd(f"pyrun {name}", timeout=120) == expected.stdout
