"""bench/paths (syscall_loop.py) user side: N rounds of the syscalls an echo server makes per exchange
(poll, recv, send) through the gate, with an EAGAIN every eighth recv. usage: t_syscall_loop N"""
import sys

import _syscall

SYS_POLL, SYS_SENDTO, SYS_RECVFROM = 7, 44, 45
POLLIN = 1
call = _syscall.call
watch = [(3, POLLIN), (4, POLLIN)]
echoed = 0
for _ in range(int(sys.argv[1])):
    for fd, events in call(SYS_POLL, watch, -1):
        try:
            data, peer = call(SYS_RECVFROM, fd, 65536, 0)
        except BlockingIOError:
            continue
        echoed += call(SYS_SENDTO, fd, data, 0, ())
print("echoed", echoed)
