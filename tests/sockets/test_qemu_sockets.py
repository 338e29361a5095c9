"""Sockets inside Krait (QEMU, TCG): the user scripts' output against CPython's on Linux,
and Linux clients talking to a Krait server through QEMU's restricted user networking
(hostfwd on 127.0.0.1 only), on both NICs."""
import hashlib
import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
GUEST = "10.0.2.15"
APPEND = f"ip={GUEST}/24 gw=10.0.2.2"
SCRIPTS = ["t_sock_misc", "t_sock_tcp", "t_sock_udp"]

pytestmark = pytest.mark.qemu


def cpython_output(script):
    done = subprocess.run([sys.executable, "-P", str(ROOT / "user" / f"{script}.py")], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def lines(text):
    out = text.splitlines()
    while out and not out[-1].strip():
        out.pop()
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_scripts_print_what_cpython_prints(boot):
    k = boot(nics=[("e1000", "user")], append=APPEND)
    k.prompt()
    for script in SCRIPTS:
        out = k.cmd(f"run {script}", timeout=300)
        assert lines(out) == cpython_output(script), f"{script} differs; console:\n{out}"


def exchange(port, payload):
    """Sends payload while reading the echo; returns what came back once the server closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as c:
        def send_all():
            c.sendall(payload)
            c.shutdown(socket.SHUT_WR)
        sender = threading.Thread(target=send_all)
        sender.start()
        got = bytearray()
        while True:
            part = c.recv(65536)
            if not part:
                break
            got += part
        sender.join()
        return bytes(got)


@pytest.mark.parametrize("nic", ["e1000", "rtl8139"])
def test_linux_clients_and_krait_echo_server(boot, nic):
    # TCP only: restricted user networking drops every UDP datagram the guest sends, replies
    # to hostfwd included (UDP with a Linux peer: test_netns_sockets.py)
    tcp_port = free_port()
    k = boot(nics=[(nic, "user")], append=APPEND, hostfwd=[f"tcp:127.0.0.1:{tcp_port}-{GUEST}:7000"])
    k.prompt()
    k.send("run t_sock_echo 7000 2 &\r")
    k.expect(r"echo: tcp ready on 7000")
    k.sync()
    listing = k.cmd("netstat")
    assert re.search(r"tcp\s+0\s+0\s+0\.0\.0\.0:7000\s+0\.0\.0\.0:\*\s+LISTEN", listing), listing

    payload = os.urandom(1 << 20)
    back = exchange(tcp_port, payload)
    assert len(back) == len(payload) and hashlib.sha256(back).digest() == hashlib.sha256(payload).digest()
    k.expect(rf"echo: connection 1 echoed {len(payload)} bytes")
    assert exchange(tcp_port, b"short and sweet") == b"short and sweet"
    k.expect(r"echo: connection 2 echoed 15 bytes")
    k.expect(r"\[\d+\] exited with status 0")


def start_echo(k, port):
    k.send(f"run t_sock_echo {port} 1 &\r")
    before = k.expect(rf"echo: tcp ready on {port}")
    k.sync()
    return re.search(r"\[(\d+)\] t_sock_echo", before).group(1)


def test_blocked_accept_is_interruptible_and_the_port_is_released(boot):
    k = boot(nics=[("e1000", "user")], append=APPEND)
    k.prompt()
    pid = start_echo(k, 7000)
    k.cmd(f"kill -INT {pid}")                   # SIGINT while blocked in accept()
    k.expect(r"KeyboardInterrupt")
    k.expect(rf"\[{pid}\] exited with status 1")
    k.sync()
    assert ":7000" not in k.cmd("netstat")
    pid = start_echo(k, 7000)                   # the port is free again
    k.cmd(f"kill {pid}")
    k.expect(rf"\[{pid}\] killed")
    k.sync()
    assert ":7000" not in k.cmd("netstat")
