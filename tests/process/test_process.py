"""Processes from the shell (QEMU, TCG): arguments, foreground and background,
ps, kill, Ctrl-C, exit statuses, tracebacks, and the limits that keep one
misbehaving script from hurting anything else."""
import re
import time

import pytest

from prockit import pids_named, ps, start_background

pytestmark = pytest.mark.qemu


def test_script_gets_its_arguments_and_a_fresh_main(krait):
    out = krait.cmd("t_args 1 2 3")
    assert out == "argv ['t_args', '1', '2', '3']\nname __main__\nargs 3 1 2 3\nsum 6\n"
    out = krait.cmd("run t_args.py five 5")
    assert out == "argv ['t_args', 'five', '5']\nname __main__\nargs 2 five 5\nsum 5\n"


def test_exit_status_is_reported_only_for_failures(krait):
    assert krait.cmd("t_exit 0") == "exiting with 0\n"
    out = krait.cmd("t_exit 3")
    assert re.fullmatch(r"exiting with 3\n\[\d+\] exited with status 3\n", out), out
    out = krait.cmd("t_exit 4 hard")               # os._exit: the except clause cannot keep it alive
    assert re.fullmatch(r"exiting with 4\n(caught SystemExit\n)?\[\d+\] exited with status 4\n", out), out


def test_failing_script_prints_its_traceback_and_the_shell_survives(krait):
    out = krait.cmd("t_raise")
    assert re.fullmatch(
        r"before the error\n"
        r"Traceback \(most recent call last\):\n"
        r'  File "user/t_raise.py", line 7, in <module>\n'
        r'  File "user/t_raise.py", line 3, in lookup\n'
        r"KeyError: 'question'\n"
        r"\[\d+\] exited with status 1\n", out), out
    assert krait.cmd("echo still here") == "still here\n"


def test_unknown_scripts_and_commands(krait):
    assert krait.cmd("run nosuch") == "run: no script user/nosuch.py\n"
    assert krait.cmd("nosuch 1") == "unknown command: nosuch (try help)\n"
    assert "kill: 1: is a kernel task" in krait.cmd("kill 1")
    assert "kill: 999: no such process" in krait.cmd("kill 999")


def test_background_processes_are_listed_preempted_and_killed(krait):
    a = start_background(krait, "t_loop a")
    b = start_background(krait, "run t_loop b")
    first = ps(krait)
    assert first[a][2] == "t_loop a" and first[b][2] == "t_loop b"
    assert first[a][0] in ("ready", "running") and first[b][0] in ("ready", "running")
    time.sleep(1)
    second = ps(krait)
    assert second[a][1] > first[a][1] and second[b][1] > first[b][1]   # both keep getting CPU ...
    assert krait.cmd("echo responsive") == "responsive\n"               # ... and so does the shell
    jobs = krait.cmd("jobs")
    for pid, name in ((a, "t_loop a"), (b, "t_loop b")):
        m = re.search(rf"^\s*{pid} (?:ready|running) +3 +(\d+) +(\d+)  {name}$", jobs, re.M)
        assert m and int(m.group(1)) < int(m.group(2)), jobs          # 3 fds (the console), memory within
    krait.cmd(f"kill {a}")
    krait.expect(rf"\[{a}\] killed")
    krait.sync()
    rows = ps(krait)
    assert a not in rows and rows[b][2] == "t_loop b"
    krait.cmd(f"kill -INT {b}")
    krait.expect(r"KeyboardInterrupt")
    krait.expect(rf"\[{b}\] exited with status 130")
    krait.sync()
    assert pids_named(krait, "t_loop a") == pids_named(krait, "t_loop b") == []


def test_ctrl_c_interrupts_the_foreground_loop(krait):
    krait.send("t_loop fg\r")
    krait.expect("looping fg")
    time.sleep(0.5)
    krait.send("\x03")
    out = krait.expect(r"exited with status 130")
    assert "^C" in out and "KeyboardInterrupt" in out and 'File "user/t_loop.py", line 7, in <module>' in out
    krait.prompt(timeout=30)
    assert pids_named(krait, "t_loop fg") == []


def test_ctrl_c_and_kill_reach_a_process_blocked_in_a_syscall(krait):
    krait.send("t_sleep 60\r")
    time.sleep(2)
    krait.send("\x03")
    krait.expect(r"sleep interrupted after \d")
    krait.prompt(timeout=30)
    pid = start_background(krait, "t_sleep 60")
    assert ps(krait)[pid][0] == "blocked"
    krait.cmd(f"kill {pid}")
    krait.expect(rf"\[{pid}\] killed", timeout=10)
    krait.sync()
    assert pid not in ps(krait)
    assert krait.cmd("t_sleep 0.3") == "slept 0.3\n"


def test_a_stubborn_script_that_catches_everything_is_still_killed(krait):
    pid = start_background(krait, "t_stubborn")
    time.sleep(0.5)
    krait.cmd(f"kill {pid}")
    krait.expect(rf"\[{pid}\] killed")
    krait.sync()
    assert pid not in ps(krait)


def test_memory_bomb_ends_only_the_bomber_and_its_memory_comes_back(krait):
    heap_kib = int(re.search(r"of (\d+) KiB", krait.cmd("mem")).group(1))
    # Each run may hold up to a quarter of the heap: six runs only fit if each one's memory is reclaimed.
    for _ in range(6):
        out = krait.cmd("t_membomb 100000 bomb", timeout=120)
        m = re.search(r"MemoryError after (\d+) MiB", out)
        assert m and 0.15 * heap_kib <= int(m.group(1)) * 1024 <= 0.26 * heap_kib, out
        assert re.search(r"MemoryError\n\[\d+\] exited with status 1\n$", out), out
    assert krait.cmd("t_args alive") .endswith("sum 0\n")
    assert "shell" in [row[2] for row in ps(krait).values()]


def test_fd_exhaustion_gives_emfile_to_that_process_only(krait):
    # fds 0-2 are the console: 61 more fill the table of 64.
    want = "dup failed: 24 Too many open files after 61 fds; last 63\n"
    for _ in range(3):                          # every run starts with a fresh table: fds are freed
        out = krait.cmd("t_fds")
        assert out.startswith(want), out
    a = start_background(krait, "t_loop holder")
    krait.expect("looping holder")
    krait.sync()
    out = krait.cmd("t_fds")                    # another process running does not change the limit
    assert out.startswith(want), out
    krait.cmd(f"kill {a}")
    krait.expect(rf"\[{a}\] killed")
    krait.sync()


def test_foreground_script_reads_typed_lines(krait):
    krait.send("t_input\r")
    krait.expect("> ")
    krait.send("hello world\r")
    krait.expect("got 'hello world'")
    krait.expect("> ")
    krait.send("second\r")
    krait.expect("got 'second'")
    krait.send("\x04")
    krait.expect("eof after 2 lines")
    krait.prompt()
    krait.send("t_input\r")
    krait.expect("> ")
    krait.send("\x03")
    out = krait.expect(r"exited with status 130")
    assert "KeyboardInterrupt" in out
    krait.prompt()


def test_socket_fd_exhaustion_and_the_kernel_closing_them(krait):
    want = "socket failed: 24 Too many open files after 61 sockets; last fd 63\nreopened fd 63\n"
    for _ in range(3):                          # the sockets of each run are closed when it ends
        assert krait.cmd("t_sockfds") == want


def test_blocked_socket_call_is_interruptible_and_its_port_freed(krait):
    krait.send("t_recv 5555\r")
    krait.expect("waiting on 5555")
    krait.send("\x03")
    krait.expect("recvfrom interrupted")
    krait.prompt()
    pid = start_background(krait, "t_recv 5555")       # the port is free again: the first socket was closed
    krait.expect("waiting on 5555")
    krait.sync()
    assert ps(krait)[pid][0] == "blocked"
    krait.cmd(f"kill {pid}")
    krait.expect(rf"\[{pid}\] killed")
    krait.sync()
    out = krait.cmd("t_recv 5555 &")                    # and again after a kill
    krait.expect("waiting on 5555")
    pid = int(re.search(r"\[(\d+)\]", out).group(1))
    krait.sync()
    krait.cmd(f"kill {pid}")
    krait.expect(rf"\[{pid}\] killed")
    krait.sync()
