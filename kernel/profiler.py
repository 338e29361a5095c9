"""`prof`: the sampling profiler's shell command (the sampling itself is C, kernel/profile.c).

`prof stop` lists the Python functions that were running (C they called is charged to them), then the C functions
the processor was in (the interpreter loop, the allocator, copies, the idle halt): together they tell whether time
goes to a function's bytecode or to what it calls. `prof ops` reads the exact bytecode counts of a kernel built
with KRAIT_VARIANT=opstats (toolchain/bench_ops.py drives it)."""
import machine

from kernel import shell


@shell.register("prof", "sampling profiler: prof start | prof stop [N] (the N busiest Python and C functions); "
                        "prof ops reset | prof ops dump (bytecode counts, in an opstats build)")
def cmd_prof(args):
    if args[:1] == ["ops"]:
        _ops(args[1:])
        return
    if args == ["start"]:
        machine.prof_start()
        print("profiling")
        return
    if not args or args[0] != "stop" or len(args) > 2:
        print("usage: prof start | prof stop [N]")
        return
    limit = int(args[1]) if len(args) == 2 else 25
    rows = machine.prof_stop()
    total = rows[0][0]
    print(f"{total} samples at {machine.prof_hz()} Hz")
    _print_rows(rows[1:], total, limit)
    print("C functions:")
    merged = {}
    for samples, name in machine.prof_native():
        name = _source_name(name)
        merged[name] = merged.get(name, 0) + samples
    _print_rows([(samples, name) for name, samples in merged.items()], total, limit)


def _source_name(symbol):
    """The C function's own name: gcc's clones of it (link-time private copies, constant-propagated or
    reduced-argument versions) carry suffixes; the split-off cold part keeps its ".cold"."""
    parts = symbol.split(".")
    keep = [parts[0]]
    i = 1
    while i < len(parts):
        if parts[i] in ("lto_priv", "constprop", "isra") and i + 1 < len(parts) and parts[i + 1].isdigit():
            i += 2
            continue
        keep.append(parts[i])
        i += 1
    return ".".join(keep)


def _print_rows(rows, total, limit):
    rows = sorted(rows, key=lambda row: -row[0])
    for samples, where in rows[:limit]:
        if samples:
            print(f"{samples:7} {samples * 100 / max(total, 1):5.1f}%  {where}")


def _ops(args):
    """Bytecode instructions counted by function, opcode and opcode pair since `prof ops reset`, printed as
    the interpreter keeps them (toolchain/bench_ops.py reads them)."""
    if not hasattr(machine, "ops_dump"):
        print("prof ops: this kernel counts no bytecodes (build one with KRAIT_VARIANT=opstats python3 build.py build)")
    elif args == ["reset"]:
        machine.ops_reset()
    elif args == ["dump"]:
        machine.ops_dump()
    else:
        print("usage: prof ops reset | prof ops dump")
