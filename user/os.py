"""A small os for user scripts: process identity, signals, raw fd I/O."""
import _syscall

_call = _syscall.call

SIGINT = 2
SIGKILL = 9
SIGTERM = 15


def getpid():
    return _call(_syscall.SYS_GETPID)


def kill(pid, sig):
    _call(_syscall.SYS_KILL, pid, sig)


def _exit(status):
    _call(_syscall.SYS_EXIT, status)
    while True:         # the kernel ends the process at its next safepoint
        pass


def read(fd, n):
    return _call(_syscall.SYS_READ, fd, n)


def write(fd, data):
    return _call(_syscall.SYS_WRITE, fd, bytes(data))


def dup(fd):
    return _call(_syscall.SYS_DUP, fd)


def close(fd):
    _call(_syscall.SYS_CLOSE, fd)


def strerror(code):
    return _STRERROR.get(code, f"Unknown error {code}")


_STRERROR = {
    1: "Operation not permitted", 2: "No such file or directory", 3: "No such process",
    4: "Interrupted system call", 5: "Input/output error", 9: "Bad file descriptor",
    11: "Resource temporarily unavailable", 12: "Cannot allocate memory", 22: "Invalid argument",
    24: "Too many open files", 32: "Broken pipe", 38: "Function not implemented",
    98: "Address already in use", 104: "Connection reset by peer", 110: "Connection timed out",
    111: "Connection refused",
}
