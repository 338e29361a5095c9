"""The syscall layer: numbered calls from processes into the kernel.

A process reaches the kernel only through `_syscall.call(nr, *args)` (a native
module that exists only inside processes, see kernel/runtime/userland.c). The
gate leaves user mode and calls `dispatch(nr, args)` here, which:

  * looks the number up (ENOSYS when unknown),
  * checks the argument count and each argument's type against what the
    handler declared with `@register(nr, name, types)` (EINVAL; EBADF for an
    `FD` argument that is no int); whether an `FD` names an open descriptor is
    the handler's first question (proc.fd_get or socket_of: EBADF), asked once
    (tests/sockets checks every handler that takes one),
  * calls `handler(proc, *args)`,
  * turns `Error(errno)` (or another registered error type carrying an errno,
    see add_error_type) into the user's `OSError(errno, strerror)` with Linux's
    numbers and messages.

Before that, the native gate has made sure that every argument is plain data
all the way down (exact int, bool, float, str, bytes, None, tuples and lists of
those, EINVAL otherwise) and turned bool arguments into ints: no handler ever
sees an object whose methods a process wrote, so no user code runs inside the
kernel.

Handlers return only plain data (int, float, str, bytes, None, and tuples or
lists of those): the gate checks that again and copies lists, so a process
never holds a kernel object. A handler that blocks calls `block_on(waitq)`,
which raises the process's pending KeyboardInterrupt or SystemExit when it is
interrupted or killed, so every blocking syscall can be interrupted.
"""
import kthread
import userland

from kernel import sched

# Linux x86-64 syscall numbers.
SYS_READ = 0
SYS_WRITE = 1
SYS_CLOSE = 3
SYS_POLL = 7
SYS_DUP = 32
SYS_SELECT = 23
SYS_NANOSLEEP = 35
SYS_GETPID = 39
SYS_SOCKET = 41
SYS_CONNECT = 42
SYS_ACCEPT = 43
SYS_SENDTO = 44
SYS_RECVFROM = 45
SYS_RECVMSG = 47
SYS_SHUTDOWN = 48
SYS_BIND = 49
SYS_LISTEN = 50
SYS_GETSOCKNAME = 51
SYS_GETPEERNAME = 52
SYS_SETSOCKOPT = 54
SYS_GETSOCKOPT = 55
SYS_EXIT = 60
SYS_KILL = 62
SYS_FCNTL = 72
SYS_GETCWD = 79
SYS_CLOCK_GETTIME = 228
SYS_NETADMIN = 1000           # Krait's own: fw/nat commands for processes allowed to administer the network
SYS_NETSTATS = 1001           # Krait's own: the network stack's counters

# Linux errno values and their strerror() texts (glibc's wording).
ERRORS = {
    1: ("EPERM", "Operation not permitted"),
    2: ("ENOENT", "No such file or directory"),
    3: ("ESRCH", "No such process"),
    4: ("EINTR", "Interrupted system call"),
    5: ("EIO", "Input/output error"),
    9: ("EBADF", "Bad file descriptor"),
    11: ("EAGAIN", "Resource temporarily unavailable"),
    12: ("ENOMEM", "Cannot allocate memory"),
    13: ("EACCES", "Permission denied"),
    14: ("EFAULT", "Bad address"),
    16: ("EBUSY", "Device or resource busy"),
    17: ("EEXIST", "File exists"),
    22: ("EINVAL", "Invalid argument"),
    23: ("ENFILE", "Too many open files in system"),
    24: ("EMFILE", "Too many open files"),
    28: ("ENOSPC", "No space left on device"),
    32: ("EPIPE", "Broken pipe"),
    34: ("ERANGE", "Numerical result out of range"),
    38: ("ENOSYS", "Function not implemented"),
    88: ("ENOTSOCK", "Socket operation on non-socket"),
    89: ("EDESTADDRREQ", "Destination address required"),
    90: ("EMSGSIZE", "Message too long"),
    91: ("EPROTOTYPE", "Protocol wrong type for socket"),
    92: ("ENOPROTOOPT", "Protocol not available"),
    93: ("EPROTONOSUPPORT", "Protocol not supported"),
    94: ("ESOCKTNOSUPPORT", "Socket type not supported"),
    95: ("EOPNOTSUPP", "Operation not supported"),
    96: ("EPFNOSUPPORT", "Protocol family not supported"),
    97: ("EAFNOSUPPORT", "Address family not supported by protocol"),
    98: ("EADDRINUSE", "Address already in use"),
    99: ("EADDRNOTAVAIL", "Cannot assign requested address"),
    100: ("ENETDOWN", "Network is down"),
    101: ("ENETUNREACH", "Network is unreachable"),
    102: ("ENETRESET", "Network dropped connection on reset"),
    103: ("ECONNABORTED", "Software caused connection abort"),
    104: ("ECONNRESET", "Connection reset by peer"),
    105: ("ENOBUFS", "No buffer space available"),
    106: ("EISCONN", "Transport endpoint is already connected"),
    107: ("ENOTCONN", "Transport endpoint is not connected"),
    108: ("ESHUTDOWN", "Cannot send after transport endpoint shutdown"),
    110: ("ETIMEDOUT", "Connection timed out"),
    111: ("ECONNREFUSED", "Connection refused"),
    112: ("EHOSTDOWN", "Host is down"),
    113: ("EHOSTUNREACH", "No route to host"),
    114: ("EALREADY", "Operation already in progress"),
    115: ("EINPROGRESS", "Operation now in progress"),
}

EPERM = 1
ENOENT = 2
ESRCH = 3
EINTR = 4
EIO = 5
EBADF = 9
EAGAIN = 11
EWOULDBLOCK = 11
ENOMEM = 12
EACCES = 13
EFAULT = 14
EBUSY = 16
EEXIST = 17
EINVAL = 22
ENFILE = 23
EMFILE = 24
ENOSPC = 28
EPIPE = 32
ERANGE = 34
ENOSYS = 38
ENOTSOCK = 88
EDESTADDRREQ = 89
EMSGSIZE = 90
EPROTOTYPE = 91
ENOPROTOOPT = 92
EPROTONOSUPPORT = 93
ESOCKTNOSUPPORT = 94
EOPNOTSUPP = 95
EPFNOSUPPORT = 96
EAFNOSUPPORT = 97
EADDRINUSE = 98
EADDRNOTAVAIL = 99
ENETDOWN = 100
ENETUNREACH = 101
ENETRESET = 102
ECONNABORTED = 103
ECONNRESET = 104
ENOBUFS = 105
EISCONN = 106
ENOTCONN = 107
ESHUTDOWN = 108
ETIMEDOUT = 110
ECONNREFUSED = 111
EHOSTDOWN = 112
EHOSTUNREACH = 113
EALREADY = 114
EINPROGRESS = 115

# poll(2) event bits, for file objects' poll_mask().
POLLIN = 1
POLLPRI = 2
POLLOUT = 4
POLLERR = 8
POLLHUP = 16
POLLNVAL = 32

# fcntl(2)
F_GETFL = 3
F_SETFL = 4
O_NONBLOCK = 0o4000


class Error(Exception):
    """Raised by handlers: the process sees OSError(errno, strerror(errno))."""

    def __init__(self, errno):
        super().__init__(errno)
        self.errno = errno


class FD:
    """Argument type: an int naming an open descriptor of the caller (EBADF otherwise)."""


def strerror(errno):
    entry = ERRORS.get(errno)
    return entry[1] if entry else f"Unknown error {errno}"


table = {}          # nr -> (handler, name, types)
error_types = (Error,)


def add_error_type(cls):
    """Lets handlers raise cls (an exception with an int .errno) as they raise Error."""
    global error_types
    if cls not in error_types:
        error_types = error_types + (cls,)


def register(nr, name, types):
    """Decorator: handler(proc, *args) serves syscall nr; types gives each
    argument's type: a type, FD, or a tuple of alternatives."""
    for t in types:
        for alt in (t if type(t) is tuple else (t,)):
            if type(alt) is not type:
                raise TypeError(f"syscall {name}: {alt!r} is not a type")

    def add(fn):
        if nr in table:
            raise ValueError(f"syscall {nr} registered twice ({table[nr][1]}, {name})")
        table[nr] = (fn, name, tuple(types), _usual_types(types))
        return fn
    return add


def _usual_types(types):
    """The exact argument types of the usual call (an FD is an int, alternatives their first): arguments of
    exactly these types pass with one native check (userland.types_are; check_args' loop of bytecode for every
    argument cost more than the rest of the dispatch)."""
    return tuple(int if t is FD else t[0] if type(t) is tuple else t for t in types)


def _type_ok(value, t):
    if t is FD:
        return 0 if type(value) is int else EBADF
    if t is float and type(value) is int:
        return 0
    return 0 if type(value) is t else EINVAL


def check_args(args, types):
    """0 when args match types, else the errno to fail with (an FD that is no int: EBADF; whether it is open
    is the handler's lookup). The native gate has already made sure every argument is plain data and turned
    bools into ints."""
    if len(args) != len(types):
        return EINVAL
    i = 0
    for value in args:
        t = types[i]
        i += 1
        if type(value) is t:
            continue                    # the common case: exactly the type declared
        if t is FD:
            if type(value) is not int:
                return EBADF
        elif type(t) is tuple:
            if type(value) in t:
                continue                # exactly one of the alternatives (poll's list)
            errs = [_type_ok(value, alt) for alt in t]
            if 0 not in errs:
                return EBADF if EBADF in errs and type(value) is int else EINVAL
        elif not (t is float and type(value) is int):
            return EINVAL
    return 0


def check_tuple(value, types):
    """For handlers: value must be a tuple whose items have exactly these types
    (int also accepts bool); raises Error(EINVAL) otherwise."""
    if type(value) is not tuple or len(value) != len(types):
        raise Error(EINVAL)
    for item, t in zip(value, types):
        if not (type(item) is t or (t is int and type(item) is bool)):
            raise Error(EINVAL)
    return value


def _current_process():
    return sched.current.process


def dispatch(nr, args):
    """The gate's entry (kernel mode, on the calling process's task)."""
    entry = table.get(nr) if type(nr) is int else None
    proc = sched.current.process
    err = 0
    if entry is None or proc is None:
        err = ENOSYS if proc is not None else EPERM
    else:
        fn, name, types, usual = entry
        if not userland.types_are(args, usual):
            err = check_args(args, types)
        if not err:
            try:
                return fn(proc, *args)
            except error_types as e:
                err = e.errno if type(e.errno) is int else EINVAL
            except MemoryError:
                err = ENOMEM
            except (KeyboardInterrupt, SystemExit):
                raise               # the process's pending signal, from block_on
            except BaseException as e:
                print(f"[{proc.pid}] syscall {name} failed in the kernel:")
                kthread.print_exception(e)
                err = EIO
    # Raised outside the handlers above: the error carries no kernel context.
    raise OSError(err, strerror(err))


def block_on(waitq, timeout_ms=None):
    """Waits on waitq (call inside `with sched.critical():`, right after testing
    the condition). Returns False on timeout, True when woken; raises the
    process's pending KeyboardInterrupt/SystemExit instead when it was
    interrupted or killed, before or while waiting."""
    proc = _current_process()
    sig = proc.take_signal() if proc is not None else None
    if sig is not None:
        raise sig
    if proc is None:
        return waitq.wait(timeout_ms)
    proc.in_block_on = True             # a signal may wake it (Process._post)
    try:
        woken = waitq.wait(timeout_ms)
    finally:
        proc.in_block_on = False
    sig = proc.take_signal()
    if sig is not None:
        raise sig
    return woken


def sleep_ms(ms):
    """Interruptible sleep for syscalls (nanosleep)."""
    with sched.critical():
        block_on(_sleep_queue, ms)


_sleep_queue = sched.WaitQueue()    # nobody wakes it: sleepers leave by timeout or signal
