"""`build.py bench ops`: the bytecode instructions the kernel runs per unit of work, by function and opcode,
counted exactly by an opstats build of the kernel (KRAIT_VARIANT=opstats: images/krait-opstats.elf, its
interpreter counting every instruction) booted on a tap in a namespace, with the servers of `bench tcp`:

  echo    a 1-byte echo round (TCP_NODELAY) with echo.py: interrupt, TCP in, poll, recv, send, TCP out
  flood   an echo reply to a flood ping
  http    an HTTP/1.0 request with a connection of its own, to httpd.py

KRAIT_BENCH_NIC=rtl8139 counts with the other NIC; KRAIT_BENCH_TOP=N lists N functions (25).

Counting starts after a warm-up (`prof ops reset`) and the totals are divided by the units the client saw; the
shell's own work on the reset and dump commands is in them too (a few thousand instructions: at most a few per
unit with these unit counts).
The counts barely move between runs (retransmissions and timers move them a little), where timings on a shared
machine move by 20-50%; under TCG a unit's time follows its count (about 300 ns a bytecode instruction where
this was written), so a change to the stack or the kernel's Python shows here first.
"""
import collections
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

IMAGE = ROOT / "images" / "krait-opstats.elf"
WORKLOADS = ("echo", "flood", "http")
NIC = os.environ.get("KRAIT_BENCH_NIC", "e1000")
TOP_FUNCTIONS = int(os.environ.get("KRAIT_BENCH_TOP", "25"))
TOP_OPCODES = 10


def build():
    """The opstats kernel, built beside the usual one (its own objects: the usual build is untouched)."""
    env = dict(os.environ, KRAIT_VARIANT="opstats")
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build"], cwd=ROOT, env=env).returncode == 0


def parse_dump(text):
    """`prof ops dump` -> (Counter of functions, Counter of opcode names)."""
    from toolchain import opcodes
    names = {number: name for name, number in opcodes.OPS.items()}
    functions, ops = collections.Counter(), collections.Counter()
    for line in text.splitlines():
        m = re.match(r"OPS (\d+) (.+)$", line.strip())
        if m:
            functions[m.group(2)] += int(m.group(1))
            continue
        m = re.match(r"OPC (\d+) (\d+)$", line.strip())
        if m:
            ops[names.get(int(m.group(2)), m.group(2))] += int(m.group(1))
    return functions, ops


def count(workload):
    """(units, functions, opcodes) of one run of workload on a fresh boot."""
    import netns
    from toolchain import bench_net, bench_tcp
    with netns.Namespace() as ns:
        target = bench_tcp.KraitTarget(ns, NIC, image=IMAGE)
        try:
            if workload == "echo":
                bench_tcp.run_client(ns, "echo", bench_tcp.PORTS["echo"], 200)
                target.k.cmd("prof ops reset")
                units = 1000
                bench_tcp.run_client(ns, "echo", bench_tcp.PORTS["echo"], units)
            elif workload == "flood":
                bench_net.flood_rate(ns, bench_net.GUEST_ADDR, 1)
                target.k.cmd("prof ops reset")
                units = bench_net.flood(ns, bench_net.GUEST_ADDR, 3)["received"]
            else:
                bench_tcp.run_client(ns, "http", bench_tcp.PORTS["http"], 1.0)
                target.k.cmd("prof ops reset")
                units = bench_tcp.run_client(ns, "http", bench_tcp.PORTS["http"], 3.0)["requests"]
            dump = target.k.cmd("prof ops dump", timeout=300)
        finally:
            target.close()
    functions, ops = parse_dump(dump)
    return max(units, 1), functions, ops


def report(workload, units, functions, ops):
    total = sum(functions.values())
    print(f"\n{workload}: {total / units:.0f} bytecode instructions per unit ({units} units, {NIC})", flush=True)
    for name, n in functions.most_common(TOP_FUNCTIONS):
        print(f"  {n / units:9.1f}  {name}")
    print("  opcodes: " + ", ".join(f"{name} {n / units:.0f}" for name, n in ops.most_common(TOP_OPCODES)))


def main(workloads=WORKLOADS):
    import netns
    reason = netns.unavailable_reason()
    if reason:
        sys.exit(f"bench ops: {reason}")
    if not build():
        return 1
    for workload in workloads:
        report(workload, *count(workload))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or WORKLOADS))
