"""init: the first Python the kernel runs. Prints the banner, starts the
scheduler, the console and the shell, and any tasks the command line asks for."""
import machine

from kernel import cmdline, console, netadmin, netcmds, netstack, procshell, profiler, sched, shell, sockets  # noqa: F401 (commands and syscalls register)

VERSION = "0.2.0"


def banner(args):
    m = machine.meminfo()
    print(f"Krait {VERSION} (x86-64), booted by {machine.bootloader()}")
    print(f"memory: {m['phys_installed'] // 1048576} MiB installed, {m['heap_size'] // 1024} KiB heap, "
          f"{m['phys_free'] // 1024} KiB free")
    print(f"command line: {machine.cmdline()}")


def spin_forever():
    n = 0
    while True:
        n += 1


def raise_error():
    values = {"answer": 42}
    return values["question"]


TEST_TASKS = {"loop": spin_forever, "raise": raise_error}


def main():
    args = cmdline.args()
    banner(args)
    if args.get("test.init") == "raise":
        raise_error()                   # init itself fails: the kernel panics
    sched.start()
    console.init()
    netstack.init(args)
    netadmin.configure(args)
    netstack.wait_for_leases(args)
    test = args.get("test.task")
    if test in TEST_TASKS:
        sched.spawn(TEST_TASKS[test], f"test-{test}")
    elif test:
        print(f"test.task={test}: no such test task (known: {', '.join(TEST_TASKS)})")
    sched.spawn(shell.main, "shell")


main()
sched.exit_current(0)       # init's work is done: the other tasks run on
