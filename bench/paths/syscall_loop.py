"""An echo server's syscalls in user mode, N rounds: a user script (user/t_syscall_loop.py) calls poll, recv and
send through the native gate (plain-data checks, copies both ways, errors turned into OSError) into a fake
kernel dispatcher here. usage: syscall_loop.py N   (run by bench/paths/measure.py)"""
import sys

import userland

EAGAIN = 11
calls = {}


def _frozen():              # never called: makes the bundle carry the user script
    import user.t_syscall_loop


def dispatch(nr, args):
    calls[nr] = calls.get(nr, 0) + 1
    if nr == 7:
        return [(args[0][0][0], 1)]
    if nr == 45:
        if calls[nr] % 8 == 0:
            raise OSError(EAGAIN, "Resource temporarily unavailable")
        return (b"x", ("10.0.0.1", 40000))
    if nr == 44:
        return len(args[1])
    raise OSError(38, "Function not implemented")


n = int(sys.argv[1])
userland.set_gate(dispatch, {})
account = userland.account_new(8 << 20)
status = userland.run("user.t_syscall_loop", ["t_syscall_loop", str(n)], account)
userland.account_free(account)
sent = calls.get(44, 0)
if status != 0 or calls.get(7) != n or sent != n - n // 8:
    raise SystemExit(f"status {status}, calls {calls} for {n} rounds")
