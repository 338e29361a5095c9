"""Isolation of processes from the kernel (QEMU, TCG): every escape path
user/t_escape.py knows (imports, the insides of functions, builtin types'
dicts, globals() run by kernel code, exceptions and tracebacks from syscalls,
MemoryError, code objects, generators) is closed; module state is private to
each process; big-integer work and kills cannot stall or survive."""
import re

import pytest

from prockit import ps

pytestmark = pytest.mark.qemu


def test_every_escape_path_is_closed(krait):
    out = krait.cmd("t_escape", timeout=120)
    assert "ESCAPE" not in out, out
    assert "Traceback" not in out, out
    m = re.search(r"results (\d+) ok 0 escaped", out)
    assert m and int(m.group(1)) >= 70, out
    for path in ("import machine", "import kernel.sched", "import net.ip", "import drivers.e1000",
                 "import gc", "import kthread", "import userland", "__import__", "insides of foreign functions",
                 "str.__dict__ is a copy", "'%s' % globals-as-__str__", "syscall error has no kernel traceback",
                 "syscall error has no kernel context", "bad argument type is EINVAL", "list subclass is EINVAL",
                 "unknown syscall is ENOSYS", "MemoryError is fresh each time", "generator gi_frame"):
        assert f"ok {path}\n" in out, path


def test_module_state_is_private_to_each_process(krait):
    assert krait.cmd("t_state") == "state 1 1\nbuiltins fresh\n"
    assert krait.cmd("t_state") == "state 1 1\nbuiltins fresh\n"


def test_big_integer_work_is_bounded(krait):
    out = krait.cmd("t_bigint", timeout=120)
    for line in ("3**2000 digits ok 955", "3**1000000 MemoryError", "x*x huge MemoryError",
                 "str of 5000 digits ValueError", "pow mod rsa ok True", "pow mod huge MemoryError"):
        assert line + "\n" in out, (line, out)


def test_the_kernel_is_intact_after_the_attempts(krait):
    krait.cmd("t_escape", timeout=120)
    rows = ps(krait)
    assert {"shell", "idle"} <= {row[2] for row in rows.values()}
    assert krait.cmd("t_args 7").endswith("sum 7\n")
    assert "heap:" in krait.cmd("mem")
