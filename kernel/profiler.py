"""`prof`: the sampling profiler's shell command (the sampling itself is C, kernel/profile.c)."""
import machine

from kernel import shell


@shell.register("prof", "sampling profiler: prof start | prof stop [N] (the N busiest functions)")
def cmd_prof(args):
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
    print(f"{total} samples (1 ms each)")
    rows = sorted(rows[1:], key=lambda row: -row[0])
    for samples, where in rows[:limit]:
        if samples:
            print(f"{samples:7} {samples * 100 / max(total, 1):5.1f}%  {where}")
