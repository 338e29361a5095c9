"""The sampling profiler: `prof start`, work, `prof stop` names the functions that ran (QEMU, TCG)."""
import re

import pytest

pytestmark = pytest.mark.qemu


def test_profile_names_the_busy_functions(boot):
    k = boot(append="ip=none")
    k.prompt()
    assert k.cmd("prof start") == "profiling\n"
    k.cmd("ping -c 3 -i 0.2 127.0.0.1")
    out = k.cmd("prof stop 50")
    total = int(re.match(r"(\d+) samples \(1 ms each\)", out).group(1))
    assert total >= 400, out                                # at least the 0.4 s of pings
    python, native = out.split("C functions:\n")
    rows = re.findall(r"^\s*(\d+)\s+([\d.]+)%  (\S+) (\S+):(\d+)$", python, re.M)
    names = {row[2] for row in rows}
    assert "_idle" in names and any(name.startswith("Pinger.") for name in names), out
    assert sum(int(row[0]) for row in rows) <= total
    # C: the processor halts in the idle task between pings (task_idle, inlined into machine.idle's m_idle when
    # optimised across files) and runs the interpreter loop for them; gcc's clone suffixes are folded away
    c_rows = re.findall(r"^\s*(\d+)\s+([\d.]+)%  (\S+)$", native, re.M)
    c_names = {row[2] for row in c_rows}
    assert "eval_frame" in c_names and c_names & {"m_idle", "task_idle"}, out
    assert not any(".lto_priv" in name or ".constprop" in name for name in c_names), out
    assert sum(int(row[0]) for row in c_rows) <= total
    assert "usage: prof start" in k.cmd("prof")
