"""The socket layer on CPython: kernel/sockets.py behind the real kernel/syscall.py
gate, with a stand-in scheduler and process, on one transport stack whose
loopback and clock are simulated, and user/socket.py + user/select.py as the
`socket` and `select` modules of a program.

Time passes only while a syscall blocks: the world then delivers queued
packets and runs timers, moving the clock to the next deadline, until the
waiting task is woken or its timeout ends (a wait that nothing can ever end
raises Deadlock). After every syscall the packets it caused are delivered at
the same instant, as Linux's loopback does before the next call.

Addresses: 127.0.0.0/8 and 10.0.0.1 are local; other 10.0.0.0/24 hosts are
reachable but never answer (a black hole); anything else has no route.
"""
import importlib.util
import sys
import traceback
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
for _p in (str(ROOT / "tests" / "shims"), str(ROOT)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import machine  # noqa: E402  (the shim)

LOCAL_ADDRESS = 0x0A000001
BLACK_HOLE_NET = 0x0A000000
LOOPBACK_MTU = 65536


class Deadlock(Exception):
    """A blocking call that nothing can ever wake."""


# ---- stand-ins for the scheduler and kthread --------------------------------------------------

class Task:
    def __init__(self, process):
        self.process = process
        self.ready = False
        self.timed_out = False


class WaitQueue:
    def __init__(self):
        self.waiters = []

    def wait(self, timeout_ms=None):
        task = _sched.current
        task.ready = False
        self.waiters.append(task)
        try:
            return WORLD.block(task, timeout_ms)
        finally:
            while task in self.waiters:
                self.waiters.remove(task)

    def wake_one(self):
        while self.waiters:
            task = self.waiters.pop(0)
            if not task.ready:
                task.ready = True
                return True
        return False

    def wake_all(self):
        waiters = self.waiters
        self.waiters = []
        for task in waiters:
            task.ready = True


class _Critical:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _make_sched():
    mod = types.ModuleType("kernel.sched")
    mod.critical = _Critical
    mod.WaitQueue = WaitQueue
    mod.current = None
    return mod


def _make_kthread():
    mod = types.ModuleType("kthread")
    mod.print_exception = lambda e: traceback.print_exception(type(e), e, e.__traceback__)
    return mod


_sched = _make_sched()
sys.modules.setdefault("kthread", _make_kthread())
import kernel  # noqa: E402
sys.modules["kernel.sched"] = _sched
kernel.sched = _sched

from kernel import syscall  # noqa: E402
from net.pkbuf import PacketBuffer  # noqa: E402
from net.transport import Transport  # noqa: E402
from kernel import sockets  # noqa: E402


# ---- the process ------------------------------------------------------------------------------

class Process:
    """What the socket layer uses of kernel/process.Process, with its fd table: a list indexed by fd, None where
    free (sys_poll reads it directly); 0-2, the console's there, are left empty here."""
    FD_LIMIT = 64

    def __init__(self, pid=7, name="test"):
        self.pid = pid
        self.name = name
        self.fds = [None, None, None]
        self.signal = None

    def fd_install(self, obj):
        for fd in range(3, len(self.fds)):
            if self.fds[fd] is None:
                self.fds[fd] = obj
                return fd
        if len(self.fds) >= self.FD_LIMIT:
            raise syscall.Error(syscall.EMFILE)
        self.fds.append(obj)
        return len(self.fds) - 1

    def fd_get(self, fd):
        if type(fd) is int and 0 <= fd < len(self.fds) and self.fds[fd] is not None:
            return self.fds[fd]
        raise syscall.Error(syscall.EBADF)

    def fd_remove(self, fd):
        obj = self.fd_get(fd)
        self.fds[fd] = None
        return obj

    def take_signal(self):
        sig = self.signal
        self.signal = None
        return sig

    def exit(self):
        for fd, obj in enumerate(self.fds):
            if obj is not None:
                self.fds[fd] = None
                obj.close()


# ---- the network and the clock ----------------------------------------------------------------

class Hdr:
    def __init__(self, src, dst, proto):
        self.src = src
        self.dst = dst
        self.proto = proto
        self.ttl = 64
        self.broadcast = False


class Iface:
    name = "lo"
    mtu = LOOPBACK_MTU
    ipv4 = [(0x7F000001, 8), (LOCAL_ADDRESS, 24)]


class Timers:
    def __init__(self):
        self.pending = []
        self.seq = 0

    def schedule(self, delay_ms, fn, *args):
        self.seq += 1
        entry = [machine.ticks_ms() + max(0, delay_ms), self.seq, fn, args, True]
        self.pending.append(entry)
        return entry

    def cancel(self, handle):
        if handle is None:
            return
        handle[4] = False
        if handle in self.pending:
            self.pending.remove(handle)

    def next_deadline(self):
        return min(e[0] for e in self.pending) if self.pending else None

    def run_due(self):
        ran = 0
        while True:
            now = machine.ticks_ms()
            due = [e for e in self.pending if e[0] <= now]
            if not due:
                return ran
            entry = min(due, key=lambda e: (e[0], e[1]))
            self.pending.remove(entry)
            entry[4] = False
            entry[2](*entry[3])
            ran += 1


def is_local(address):
    return address >> 24 == 127 or address == LOCAL_ADDRESS


class World:
    def __init__(self):
        machine.set_ms(1_000_000)
        self.timers = Timers()
        self.queue = []             # ("ip", bytes, src, dst, proto) or ("icmp", ...)
        self.oversize = 0
        self.iface = Iface()
        self.transport = Transport(self._ip_output, self.timers, route=self._route,
                                   icmp_port_unreachable=self._port_unreachable)
        self.process = Process()
        _sched.current = Task(self.process)
        sockets._stack = lambda: self.transport
        sockets.is_local_address = is_local
        del sockets._open_sockets[:]

    # the stack's lower layer
    def _route(self, dst):
        if is_local(dst):
            return (dst if dst >> 24 != 127 or dst == 0x7F000001 else 0x7F000001), LOOPBACK_MTU
        if dst & 0xFFFFFF00 == BLACK_HOLE_NET:
            return LOCAL_ADDRESS, 1500
        return None

    def _ip_output(self, pkb, src, dst, proto):
        raw = pkb.tobytes()
        pkb.release()
        if len(raw) + 20 > 65535:
            self.oversize += 1          # as ip.output: no IPv4 datagram is that long
            return
        if is_local(dst):
            self.queue.append(("ip", raw, src, dst, proto))

    def _port_unreachable(self, iface, pkb, hdr):
        quote = pkb.tobytes()[:8]
        self.queue.append(("icmp", quote, hdr.src, hdr.dst, 17))

    def _deliver(self, item):
        kind, raw, src, dst, proto = item
        if kind == "icmp":
            self.transport.udp.icmp_error(3, 3, src, dst, raw)
            return
        pkb = PacketBuffer.from_bytes(raw)
        hdr = Hdr(src, dst, proto)
        if proto == 6:
            self.transport.tcp.input(self.iface, pkb, hdr)
        elif proto == 17:
            self.transport.udp.input(self.iface, pkb, hdr)

    def settle(self):
        """Delivers queued packets and runs due timers, without moving the clock."""
        for _ in range(100000):
            if self.queue:
                self._deliver(self.queue.pop(0))
            elif not self.timers.run_due():
                return
        raise Deadlock("the stack never settles")

    def block(self, task, timeout_ms):
        """A task waits: the world runs until it is woken (True) or its timeout ends (False)."""
        deadline = None if timeout_ms is None else machine.ticks_ms() + timeout_ms
        while not task.ready:
            if self.queue:
                self._deliver(self.queue.pop(0))
                continue
            if self.timers.run_due():
                continue
            nxt = self.timers.next_deadline()
            if nxt is not None and (deadline is None or nxt <= deadline):
                machine.set_ms(nxt)
                continue
            if deadline is None:
                raise Deadlock("blocked with nothing left to happen")
            machine.set_ms(deadline)
            task.timed_out = True
            return False
        return True

    def call(self, nr, *args):
        """The user-side gate (as kernel/runtime/userland.c's: plain data only, bools as
        ints): dispatch, then let the packets it caused arrive."""
        if not all(_plain(a) for a in args):
            raise OSError(22, "Invalid argument")
        args = tuple(int(a) if type(a) is bool else a for a in args)
        try:
            result = syscall.dispatch(nr, args)
        finally:
            self.settle()
        return _copy_out(result)


def _plain(value, depth=4):
    if value is None or type(value) in (int, bool, float, str, bytes):
        return True
    return type(value) in (tuple, list) and depth > 0 and all(_plain(v, depth - 1) for v in value)


def _copy_out(value):
    if isinstance(value, list):
        return [_copy_out(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_copy_out(v) for v in value)
    if value is None or isinstance(value, (int, float, str, bytes)):
        return value
    raise AssertionError(f"a syscall returned a {type(value).__name__}")


WORLD = None


def new_world():
    global WORLD
    WORLD = World()
    return WORLD


def load_user_modules():
    """user/socket.py and user/select.py as modules `socket` and `select` (over the world's gate)."""
    gate = types.ModuleType("_syscall")
    gate.call = lambda nr, *args: WORLD.call(nr, *args)
    sys.modules["_syscall"] = gate
    mods = {}
    for name in ("socket", "select"):
        spec = importlib.util.spec_from_file_location(name, ROOT / "user" / f"{name}.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        mods[name] = mod
    return mods
