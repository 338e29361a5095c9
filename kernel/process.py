"""Processes: user scripts (user/NAME.py) running isolated from the kernel.

A process is a task (kernel/sched.py) that runs one frozen user script in the
VM's user mode (kernel/runtime/userland.c): its own globals (`__name__ ==
"__main__"`), its own module table and `sys` (argv = [NAME, args...]), an fd
table, and a memory allowance (an allocation account: over it the process gets
MemoryError, never the kernel). It reaches the kernel only through
`_syscall.call` -> kernel/syscall.py.

Lifecycle: spawn() creates the Process and its task; the task runs the script
through userland.run(), which returns only the exit status (tracebacks are
printed in user mode); then, whatever ended it, the task closes every fd,
frees the account and reports the exit. Signals: interrupt() (Ctrl-C) raises
KeyboardInterrupt once; kill() raises SystemExit(137) at every safepoint until
the process is gone. Both wake a process blocked in a syscall, where
syscall.block_on raises them.

fds 0, 1 and 2 are the console: 0 reads what is typed while the process is in
the foreground, 1 and 2 write to the console.
"""
import kthread
import machine
import userland

from kernel import sched, syscall
from kernel.syscall import Error

MAX_FDS = 64
KILLED_STATUS = 137         # 128 + SIGKILL, as a shell reports it
SIGINT = 2
SIGKILL = 9
SIGTERM = 15

RUNNING = "running"
EXITED = "exited"

procs = {}                  # pid -> Process, until it has exited


def _heap_size():
    return machine.meminfo()["heap_size"]


# Memory allowances: one process, and all of them together (room stays for the kernel).
process_limit = _heap_size() // 4
user_limit = _heap_size() // 2
userland.set_user_limit(user_limit)


class ConsoleIn:
    """fd 0: bytes typed on the console while the process is in the foreground."""
    nonblocking = False

    def __init__(self):
        self.buffer = bytearray()
        self.eof = False
        self.waitq = sched.WaitQueue()

    def feed(self, data):
        with sched.critical():
            self.buffer += data
            self.waitq.wake_all()

    def read(self, n):
        with sched.critical():
            while not self.buffer and not self.eof:
                if self.nonblocking:
                    raise Error(syscall.EAGAIN)
                syscall.block_on(self.waitq)
            data = bytes(self.buffer[:n])
            del self.buffer[:n]
            return data

    def poll_mask(self):
        return syscall.POLLIN if self.buffer or self.eof else 0

    def close(self):
        pass


class ConsoleOut:
    """fds 1 and 2: the console."""
    nonblocking = False

    def __init__(self):
        self.waitq = sched.WaitQueue()

    def write(self, data):
        machine.console_write(data.decode("utf-8", "replace"))
        return len(data)

    def poll_mask(self):
        return syscall.POLLOUT

    def close(self):
        pass


class _StillOpen:
    """What fd_remove returns while another descriptor names the object: closing it does nothing."""

    def close(self):
        pass


_STILL_OPEN = _StillOpen()


class Process:
    def __init__(self, name, argv):
        self.pid = 0
        self.name = name            # the script: user/NAME.py
        self.argv = argv            # [NAME, args...]
        self.task = None
        self.state = RUNNING
        self.exit_status = None
        self.killed = False
        self.exiting = False        # past its user code: signals are no longer raised
        self.in_block_on = False    # waiting in syscall.block_on: a signal wakes it
        self.foreground = False
        self.net_admin = False      # may run fw/nat through the netadmin syscall (started with sudo)
        self.stdin = ConsoleIn()
        out = ConsoleOut()
        self.fds = [self.stdin, out, out]
        self.account = 0
        self.done = sched.WaitQueue()   # woken once it has exited

    def __repr__(self):
        return f"<process {self.pid} {self.name}>"

    # ---- the fd table ----

    def fd_install(self, fileobj):
        """The lowest free descriptor now names fileobj; Error(EMFILE) past MAX_FDS."""
        for fd in range(len(self.fds)):
            if self.fds[fd] is None:
                self.fds[fd] = fileobj
                return fd
        if len(self.fds) >= MAX_FDS:
            raise Error(syscall.EMFILE)
        self.fds.append(fileobj)
        return len(self.fds) - 1

    def fd_get(self, fd):
        fds = self.fds
        if type(fd) is int and 0 <= fd < len(fds):
            fileobj = fds[fd]
            if fileobj is not None:
                return fileobj
        raise Error(syscall.EBADF)

    def fd_remove(self, fd):
        """Frees fd; returns what its close() must close: the file object, or
        a stand-in when another fd (dup) still names the same object."""
        fileobj = self.fd_get(fd)
        self.fds[fd] = None
        while self.fds and self.fds[-1] is None:
            self.fds.pop()
        for other in self.fds:
            if other is fileobj:
                return _STILL_OPEN
        return fileobj

    def open_fds(self):
        return sum(1 for f in self.fds if f is not None)

    # ---- signals ----

    def _post(self, exc, sticky):
        with sched.critical():
            if self.state != RUNNING or self.exiting:
                return False
            kthread.post_signal(self.task.tid, exc, sticky)
            if self.in_block_on:
                sched._make_ready(self.task)    # blocked in a syscall: block_on raises it
            return True

    def interrupt(self):
        """Ctrl-C: KeyboardInterrupt in the process (once; it may catch it)."""
        return self._post(KeyboardInterrupt(), False)

    def kill(self):
        """SystemExit at every safepoint until the process has ended."""
        if self._post(SystemExit(KILLED_STATUS), True):
            self.killed = True
            return True
        return False

    def take_signal(self):
        """The signal a blocked syscall must raise now (syscall.block_on), or None."""
        if self.exiting:
            return None
        return userland.take_pending()

    def memory(self):
        """(bytes held, limit) of its allowance."""
        usage = userland.account_usage(self.account) if self.account else None
        return usage if usage is not None else (0, process_limit)


def current():
    """The process running on this task, or None for a kernel task."""
    return sched.current.process


def script_exists(name):
    return _valid_name(name) and userland.exists("user." + name)


def _valid_name(name):
    return name != "" and all(c.isalnum() or c == "_" for c in name)


def spawn(name, args=(), foreground=False, net_admin=False):
    """Starts user/NAME.py with sys.argv = [NAME, *args]; returns the Process.
    Raises ValueError when there is no such script, RuntimeError when no task
    or allocation account is free."""
    if name.endswith(".py"):
        name = name[:-3]
    if not script_exists(name):
        raise ValueError(f"no script user/{name}.py")
    proc = Process(name, [name] + [str(a) for a in args])
    proc.foreground = foreground
    proc.net_admin = net_admin
    proc.account = userland.account_new(process_limit)
    try:
        with sched.critical():          # the task must not start before it knows its process
            task = sched.spawn(_main, name, (proc,))
            task.process = proc
            proc.task = task
            proc.pid = task.tid
            procs[proc.pid] = proc
    except BaseException:
        userland.account_free(proc.account)
        raise
    return proc


def _main(proc):
    status = 1
    try:
        status = userland.run("user." + proc.name, proc.argv, proc.account)
    finally:
        _finish(proc, status)


def _finish(proc, status):
    proc.exiting = True
    fds = proc.fds
    proc.fds = []
    for fd in range(len(fds)):
        fileobj = fds[fd]
        if fileobj is not None and not any(fds[i] is fileobj for i in range(fd)):
            try:
                fileobj.close()
            except BaseException as e:
                print(f"[{proc.pid}] closing fd {fd} failed:")
                kthread.print_exception(e)
    userland.account_free(proc.account)
    if proc.killed:
        status = KILLED_STATUS
    if proc.killed and not proc.foreground:
        print(f"[{proc.pid}] killed")
    elif status != 0 or not proc.foreground:
        print(f"[{proc.pid}] exited with status {status}")
    with sched.critical():
        proc.exit_status = status
        proc.state = EXITED
        procs.pop(proc.pid, None)
        proc.task.process = None
        proc.done.wake_all()


def wait(proc):
    """Blocks until proc has exited; returns its status."""
    with sched.critical():
        while proc.state != EXITED:
            proc.done.wait()
    return proc.exit_status


def kill_pid(pid, sig=SIGKILL):
    """Signals a process: SIGINT interrupts, SIGKILL/SIGTERM kill; 0 only checks."""
    proc = procs.get(pid)
    if proc is None or proc.state != RUNNING:
        raise Error(syscall.ESRCH if pid not in sched.tasks else syscall.EPERM)
    if sig == 0:
        return
    if sig == SIGINT:
        proc.interrupt()
    elif sig in (SIGKILL, SIGTERM):
        proc.kill()
    else:
        raise Error(syscall.EINVAL)


# ---- process-level syscalls (the socket calls, close, poll and fcntl are kernel/sockets.py's) ----

@syscall.register(syscall.SYS_READ, "read", (syscall.FD, int))
def sys_read(proc, fd, n):
    fileobj = proc.fd_get(fd)
    if n < 0:
        raise Error(syscall.EINVAL)
    if not hasattr(fileobj, "read"):
        raise Error(syscall.EINVAL)
    return bytes(fileobj.read(n))


@syscall.register(syscall.SYS_WRITE, "write", (syscall.FD, bytes))
def sys_write(proc, fd, data):
    fileobj = proc.fd_get(fd)
    if not hasattr(fileobj, "write"):
        raise Error(syscall.EINVAL)
    return fileobj.write(data)


@syscall.register(syscall.SYS_DUP, "dup", (syscall.FD,))
def sys_dup(proc, fd):
    return proc.fd_install(proc.fd_get(fd))


@syscall.register(syscall.SYS_NANOSLEEP, "nanosleep", (int,))
def sys_nanosleep(proc, ms):
    if ms < 0:
        raise Error(syscall.EINVAL)
    syscall.sleep_ms(ms)


@syscall.register(syscall.SYS_GETPID, "getpid", ())
def sys_getpid(proc):
    return proc.pid


@syscall.register(syscall.SYS_EXIT, "exit", (int,))
def sys_exit(proc, status):
    # _exit: not catchable; the task ends at its next safepoint.
    with sched.critical():
        kthread.post_signal(proc.task.tid, SystemExit(status & 0xFF), True)


@syscall.register(syscall.SYS_KILL, "kill", (int, int))
def sys_kill(proc, pid, sig):
    kill_pid(pid, sig)


@syscall.register(syscall.SYS_CLOCK_GETTIME, "clock_gettime", ())
def sys_clock_gettime(proc):
    return machine.ticks_us() / 1000000


userland.set_gate(syscall.dispatch, {name: getattr(syscall, name) for name in dir(syscall)
                                     if name.startswith("SYS_")})
