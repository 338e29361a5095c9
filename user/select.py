"""select: select.select and select.poll for Krait's user scripts, as in
CPython, both on the kernel's poll syscall."""
import _syscall

_call = _syscall.call

SYS_POLL = 7

POLLIN = 0x001
POLLPRI = 0x002
POLLOUT = 0x004
POLLERR = 0x008
POLLHUP = 0x010
POLLNVAL = 0x020
POLLRDNORM = 0x040
POLLRDBAND = 0x080
POLLWRNORM = 0x100
POLLWRBAND = 0x200
POLLMSG = 0x400
POLLRDHUP = 0x2000

# Which poll bits make a descriptor readable / writable / exceptional for select (Linux's sets).
_READ_SET = POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR
_WRITE_SET = POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR
_EXCEPT_SET = POLLPRI

error = OSError


def _fileno(obj):
    if isinstance(obj, int):
        fd = obj
    else:
        get = getattr(obj, "fileno", None)
        if get is None:
            raise TypeError("argument must be an int, or have a fileno() method.")
        fd = get()
        if not isinstance(fd, int):
            raise TypeError("fileno() returned a non-integer")
    if fd < 0:
        raise ValueError(f"file descriptor cannot be a negative integer ({fd})")
    return fd


def _timeout_ms(seconds):
    """select's timeout (seconds, None = forever) as poll's milliseconds, rounded up."""
    if seconds is None:
        return -1
    if not isinstance(seconds, (int, float)):
        raise TypeError("timeout must be a float or None")
    if seconds < 0:
        raise ValueError("timeout must be non-negative")
    ms = int(seconds * 1000)
    if ms < seconds * 1000:
        ms += 1
    return ms


def select(rlist, wlist, xlist, timeout=None):
    """Waits until some of the objects (ints or objects with fileno()) are ready;
    returns the three lists of those that are."""
    rlist = list(rlist)
    wlist = list(wlist)
    xlist = list(xlist)
    rfds = [_fileno(obj) for obj in rlist]
    wfds = [_fileno(obj) for obj in wlist]
    xfds = [_fileno(obj) for obj in xlist]
    ms = _timeout_ms(timeout)
    wanted = {}
    for fds, bits in ((rfds, POLLIN), (wfds, POLLOUT), (xfds, POLLPRI)):
        for fd in fds:
            wanted[fd] = wanted.get(fd, 0) | bits
    ready = {}
    for fd, revents in _call(SYS_POLL, list(wanted.items()), ms):
        if revents & POLLNVAL:
            raise OSError(9, "Bad file descriptor")
        ready[fd] = revents
    return (_ready(rlist, rfds, ready, _READ_SET), _ready(wlist, wfds, ready, _WRITE_SET),
            _ready(xlist, xfds, ready, _EXCEPT_SET))


def _ready(objs, fds, ready, mask):
    if not objs:
        return []
    return [obj for obj, fd in zip(objs, fds) if ready.get(fd, 0) & mask]


class poll:
    """A set of descriptors to watch: register/modify/unregister, then poll(timeout_ms)."""

    def __init__(self):
        self._events = {}
        self._list = None           # what the syscall gets, made again after a change

    def register(self, fd, eventmask=POLLIN | POLLPRI | POLLOUT):
        self._events[_fileno(fd)] = eventmask & 0xFFFF
        self._list = None

    def modify(self, fd, eventmask):
        fd = _fileno(fd)
        if fd not in self._events:
            raise FileNotFoundError(2, "No such file or directory")
        self._events[fd] = eventmask & 0xFFFF
        self._list = None

    def unregister(self, fd):
        del self._events[_fileno(fd)]
        self._list = None

    def poll(self, timeout=None):
        """[(fd, revents)] for the ready descriptors; timeout in ms (None or negative: forever)."""
        if timeout is None:
            ms = -1
        else:
            if not isinstance(timeout, (int, float)):
                raise TypeError("timeout must be an integer or None")
            ms = int(timeout)
            if ms < timeout:
                ms += 1
            if ms < 0:
                ms = -1
        if self._list is None:
            self._list = list(self._events.items())
        return _call(SYS_POLL, self._list, ms)
