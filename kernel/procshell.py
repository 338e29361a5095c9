"""Shell commands for processes: `run NAME [ARGS] [&]`, plain `NAME [ARGS] [&]`
for any user/NAME.py no shell command is named after, `jobs` and `kill`.

A foreground process has the console: the shell waits for it, passes what is
typed to its fd 0, and turns Ctrl-C (byte 0x03) into KeyboardInterrupt in it
(the third Ctrl-C kills it). `&` runs it in the background; `ps` lists
processes with the tasks, `kill PID` ends one.
"""
import machine

from kernel import console, process, sched, shell

CTRL_C = 0x03
CTRL_D = 0x04
KILL_AFTER_INTERRUPTS = 3

_foreground = None
_serial_attached = False


def _on_serial(irq):
    proc = _foreground
    if proc is not None:
        proc.done.wake_all()        # the shell waits there for input and for the exit alike


def _split_background(args):
    """(args without a trailing '&', whether there was one)."""
    if args and args[-1] == "&":
        return args[:-1], True
    if args and args[-1].endswith("&"):
        return args[:-1] + [args[-1][:-1]], True
    return args, False


def start(name, args, background, net_admin=False):
    global _serial_attached
    try:
        proc = process.spawn(name, args, foreground=not background, net_admin=net_admin)
    except (ValueError, RuntimeError, MemoryError) as e:
        print(f"run: {e}")
        return None
    if background:
        print(f"[{proc.pid}] {' '.join(proc.argv)}")
        return proc
    if not _serial_attached:
        sched.irq_attach(console.SERIAL_IRQ, _on_serial)
        _serial_attached = True
    wait_foreground(proc)
    return proc


def wait_foreground(proc):
    """Gives the console to proc until it exits."""
    global _foreground
    _foreground = proc
    interrupts = 0
    try:
        while True:
            with sched.critical():
                data = machine.console_read()
                if not data:
                    if proc.state == process.EXITED:
                        return
                    proc.done.wait()
                    continue
            interrupts = _feed(proc, data, interrupts)
    finally:
        _foreground = None


def _feed(proc, data, interrupts):
    typed = bytearray()
    for byte in data:
        if byte == CTRL_C:
            interrupts += 1
            console.write("^C\n")
            if interrupts >= KILL_AFTER_INTERRUPTS:
                proc.kill()
            else:
                proc.interrupt()
        elif byte == CTRL_D:
            proc.stdin.eof = True
            proc.stdin.feed(b"")
        else:
            typed.append(10 if byte == 13 else byte)
    if typed:
        console.write(typed.decode("utf-8", "replace").replace("\n", "\r\n"))
        proc.stdin.feed(bytes(typed))
    return interrupts


@shell.register("run", "run a user script: run NAME [ARGS] [&] (NAME [ARGS] [&] works too)")
def cmd_run(args):
    args, background = _split_background(args)
    if not args:
        print("usage: run NAME [ARGS] [&]")
        return
    start(args[0], args[1:], background)


@shell.register("sudo", "run a user script allowed to administer the network (fw, nat): sudo NAME [ARGS] [&]")
def cmd_sudo(args):
    args, background = _split_background(args)
    if not args:
        print("usage: sudo NAME [ARGS] [&]")
        return
    start(args[0], args[1:], background, net_admin=True)


def run_by_name(words):
    """The shell's fallback for unknown commands: a user script of that name."""
    words, background = _split_background(words)
    name = words[0][:-3] if words[0].endswith(".py") else words[0]
    if not process.script_exists(name):
        return False
    start(name, words[1:], background)
    return True


@shell.register("jobs", "processes: pid, state, open fds, memory held of its allowance, command line")
def cmd_jobs(args):
    print(f"{'PID':>4} {'STATE':<9} {'FDS':>3} {'MEM(KiB)':>9} {'LIMIT':>7}  COMMAND")
    for pid in sorted(process.procs):
        proc = process.procs[pid]
        used, limit = proc.memory()
        print(f"{pid:>4} {proc.task.state:<9} {proc.open_fds():>3} {used // 1024:>9} {limit // 1024:>7}  "
              f"{' '.join(proc.argv)}")


SIGNALS = {"INT": process.SIGINT, "KILL": process.SIGKILL, "TERM": process.SIGTERM,
           "2": process.SIGINT, "9": process.SIGKILL, "15": process.SIGTERM}


@shell.register("kill", "end a process: kill [-INT|-KILL|-TERM] PID...")
def cmd_kill(args):
    sig = process.SIGKILL
    if args and args[0].startswith("-"):
        name = args[0][1:].upper()
        sig = SIGNALS.get(name[3:] if name.startswith("SIG") else name)
        args = args[1:]
        if sig is None:
            print("kill: unknown signal (use -INT, -KILL or -TERM)")
            return
    if not args:
        print("usage: kill [-INT|-KILL|-TERM] PID...")
        return
    for word in args:
        pid = int(word) if word.isdigit() else -1
        proc = process.procs.get(pid)
        if proc is None:
            what = "is a kernel task" if pid in sched.tasks else "no such process"
            print(f"kill: {word}: {what}")
        elif sig == process.SIGINT:
            proc.interrupt()
        else:
            proc.kill()


shell.fallback = run_by_name
