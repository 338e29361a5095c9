"""The kernel's syscall dispatcher (kernel/syscall.py) for the usual call, N times: a recvfrom(fd, 65536, 0) on
an open descriptor, looked up by number, its arguments' types checked, the handler called (a stand-in that looks
its descriptor up, as every handler does first, and returns), as the gate calls it for every syscall a process
makes.
usage: syscall_dispatch.py N   (run by bench/paths/measure.py; kthread and userland from tests/shims)"""
import sys

from kernel import sched, syscall


class Process:
    """The fd table as kernel/process.py keeps it, and its lookup (a copy: importing kernel/process.py here would
    bring in the process machinery, which the stand-in modules do not provide)."""

    def __init__(self):
        self.fds = [None, None, None, "socket"]

    def fd_get(self, fd):
        fds = self.fds
        if type(fd) is int and 0 <= fd < len(fds):
            fileobj = fds[fd]
            if fileobj is not None:
                return fileobj
        raise syscall.Error(syscall.EBADF)


class Task:
    def __init__(self, process):
        self.process = process


@syscall.register(syscall.SYS_RECVFROM, "recvfrom", (syscall.FD, int, int))
def sys_recvfrom(proc, fd, size, flags):
    proc.fd_get(fd)
    return b"x"


sched.current = Task(Process())
args = (3, 65536, 0)
got = 0
for _ in range(int(sys.argv[1])):
    got += len(syscall.dispatch(syscall.SYS_RECVFROM, args))
try:
    syscall.dispatch(syscall.SYS_RECVFROM, (4, 65536, 0))
except OSError as e:
    if e.errno != syscall.EBADF:
        raise
else:
    raise SystemExit("a closed descriptor got through")
if got != int(sys.argv[1]):
    raise SystemExit(f"{got} answers")
