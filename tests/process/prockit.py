"""Helpers for the process tests: ps rows, background starts, console set-up."""
import re
import termios


def no_tty_signals(k):
    """QEMU's stdio keeps the terminal's ISIG: a 0x03 byte would kill QEMU instead of reaching Krait."""
    attrs = termios.tcgetattr(k.child.child_fd)
    attrs[3] &= ~termios.ISIG
    termios.tcsetattr(k.child.child_fd, termios.TCSANOW, attrs)


def ps(k):
    """{pid: (state, cpu_ms, name)} from the shell's ps."""
    rows = {}
    for line in k.cmd("ps").splitlines():
        m = re.match(r"\s*(\d+) (\w+) +(\d+)  (.+)$", line)
        if m:
            rows[int(m.group(1))] = (m.group(2), int(m.group(3)), m.group(4))
    return rows


def pids_named(k, name):
    return sorted(pid for pid, row in ps(k).items() if row[2] == name)


def start_background(k, line):
    """Runs `line &`; returns the new process's pid from the shell's `[PID] ...` line."""
    out = k.cmd(line + " &")
    m = re.search(r"\[(\d+)\] ", out)
    assert m, out
    return int(m.group(1))
