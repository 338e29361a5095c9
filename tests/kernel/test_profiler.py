"""The sampling profiler: `prof start`, work, `prof stop` names the functions that ran (QEMU, TCG)."""
import re

import pytest

pytestmark = pytest.mark.qemu


def profile_pings(boot, append, pings, limit):
    """Boots with `append`, profiles `ping PINGS 127.0.0.1`; returns (the session, `prof stop LIMIT`'s output)."""
    k = boot(append=append)
    k.prompt()
    assert k.cmd("prof start") == "profiling\n"
    k.cmd(f"ping {pings} 127.0.0.1")
    return k, k.cmd(f"prof stop {limit}")


def test_profile_names_the_busy_functions(boot):
    k, out = profile_pings(boot, "ip=none", "-c 20 -i 0.025", 200)
    m = re.match(r"(\d+) samples at (\d+) Hz", out)
    total = int(m.group(1))
    assert total * 1000 >= 450 * int(m.group(2)), out       # at least the 0.45 s of pings
    python, native = out.split("C functions:\n")
    rows = re.findall(r"^\s*(\d+)\s+([\d.]+)%  (\S+) (\S+):(\d+)$", python, re.M)
    names = {row[2] for row in rows}
    files = {row[3] for row in rows}
    # The samples come from their own clock (the RTC), so work the system tick wakes (the pinger's sleeps end on
    # a tick) is seen too: the ping tool's side and the stack's both show up beside the idle loop
    assert "_idle" in names and "user/ping.py" in files and any(f.startswith("net/") for f in files), out
    assert sum(int(row[0]) for row in rows) <= total
    # C: the processor halts in the idle task between pings (task_idle, inlined into machine.idle's m_idle when
    # optimised across files) and runs the interpreter loop for them; gcc's clone suffixes are folded away
    c_rows = re.findall(r"^\s*(\d+)\s+([\d.]+)%  (\S+)$", native, re.M)
    c_names = {row[2] for row in c_rows}
    assert "eval_frame" in c_names and c_names & {"m_idle", "task_idle"}, out
    assert not any(".lto_priv" in name or ".constprop" in name for name in c_names), out
    assert sum(int(row[0]) for row in c_rows) <= total
    assert "usage: prof start" in k.cmd("prof")


def test_profile_charges_a_busy_task(boot):
    """A kernel task that never stops computing (test.task=loop) gets most samples, not the idle loop."""
    _, out = profile_pings(boot, "ip=none test.task=loop", "-c 3 -i 0.1", 10)
    total = int(re.match(r"(\d+) samples", out).group(1))
    rows = {row[1]: int(row[0]) for row in re.findall(r"^\s*(\d+)\s+[\d.]+%  (\S+) \S+:\d+$", out, re.M)}
    assert rows.get("spin_forever", 0) > total // 2 and rows.get("_idle", 0) < total // 10, out


def test_opstats_kernel_counts_the_bytecodes_of_the_work(boot):
    """KRAIT_VARIANT=opstats builds a second kernel beside the usual one whose `prof ops` counts every bytecode
    instruction (toolchain/bench_ops.py reads them); the usual kernel says it has none to give."""
    from toolchain import bench_ops
    usual_kernel = boot(append="ip=none")
    usual_kernel.prompt()
    assert "counts no bytecodes" in usual_kernel.cmd("prof ops dump")
    usual = bench_ops.ROOT / "images" / "krait.elf"
    before = usual.stat().st_mtime_ns
    assert bench_ops.build()
    assert usual.stat().st_mtime_ns == before                  # the usual image is left alone
    k = boot(append="ip=none", image=bench_ops.IMAGE)
    k.prompt()
    k.cmd("prof ops reset")
    k.cmd("ping -c 4 -i 0.1 127.0.0.1")
    functions, ops = bench_ops.parse_dump(k.cmd("prof ops dump", timeout=120))
    ran = {name for name, n in functions.items() if n}       # (the dump lists every function seen since boot)
    assert len([name for name in ran if name.startswith("Pinger.")]) >= 2, functions.most_common(20)
    assert any(name.startswith("input net/icmp.py:") for name in ran), functions.most_common(20)
    assert sum(ops.values()) == sum(functions.values()) > 0      # every instruction has a function and an opcode
    assert "RETURN_VALUE" in ops or "LOAD_CONST__RETURN_VALUE" in ops
    k.cmd("prof ops reset")
    again, _ = bench_ops.parse_dump(k.cmd("prof ops dump", timeout=120))
    # reset forgot the pings (the shell's own work of reading and running the two commands is counted anew)
    assert not any(name.startswith("Pinger.") and n for name, n in again.items()), again.most_common(20)
