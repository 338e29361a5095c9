"""Host tests of the socket layer (kernel/sockets.py behind kernel/syscall.py's gate, with
user/socket.py and user/select.py on top), on CPython with a simulated loopback stack.

The oracle for the user-visible behaviour is CPython's own socket module on Linux: each
self-contained user/t_sock_*.py script runs once with the real modules over 127.0.0.1 and once on the
simulated stack, and the outputs must be identical. The rest checks what Linux cannot
show on its loopback (a peer that never answers, fd exhaustion, interrupted waits, netstat).
"""
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import hostworld  # noqa: E402
import machine  # noqa: E402  (the shim hostworld put on the path)

# Self-contained scripts (both ends inside): the same output on Linux and on Krait.
PROGRAMS = ["t_sock_misc.py", "t_sock_tcp.py", "t_sock_udp.py"]


def run(args, timeout=120):
    # -P: the script's own folder (user/, with socket.py) must not shadow CPython's modules
    return subprocess.run([sys.executable, "-P", *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)


@pytest.mark.parametrize("program", PROGRAMS)
def test_same_output_as_cpython(program):
    linux = run([str(ROOT / "user" / program)])
    assert linux.returncode == 0, linux.stderr
    krait = run([str(HERE / "run_host.py"), str(ROOT / "user" / program)])
    assert krait.returncode == 0, krait.stderr
    assert krait.stdout.splitlines() == linux.stdout.splitlines()


@pytest.fixture
def world():
    w = hostworld.new_world()
    mods = hostworld.load_user_modules()
    w.socket = mods["socket"]
    w.select = mods["select"]
    yield w
    w.process.exit()


def listener(w, port=0):
    srv = w.socket.socket()
    srv.bind(("127.0.0.1", port))
    srv.listen(4)
    return srv


def pair(w):
    srv = listener(w)
    cli = w.socket.create_connection(srv.getsockname())
    conn, _ = srv.accept()
    return srv, cli, conn


def test_connect_to_silent_host_times_out_after_retries(world):
    s = world.socket.socket()
    start = machine.ticks_ms()
    with pytest.raises(TimeoutError) as err:
        s.connect(("10.0.0.99", 80))
    assert err.value.errno == 110 and str(err.value) == "[Errno 110] Connection timed out"
    # SYN and 5 retransmissions with a doubling RTO from 1 s: 1+2+4+8+16+32 s
    assert machine.ticks_ms() - start == 63000


def test_connect_timeout_then_ealready_then_result(world):
    s = world.socket.socket()
    s.settimeout(1.5)
    with pytest.raises(TimeoutError) as err:
        s.connect(("10.0.0.99", 80))
    assert err.value.errno is None and str(err.value) == "timed out"
    s.setblocking(False)
    assert s.connect_ex(("10.0.0.99", 80)) == 114          # EALREADY while the attempt goes on
    s.setblocking(True)
    with pytest.raises(TimeoutError) as err:               # blocking again: waits for the outcome
        s.connect(("10.0.0.99", 80))
    assert err.value.errno == 110


def test_no_route(world):
    s = world.socket.socket()
    with pytest.raises(OSError) as err:
        s.connect(("192.0.2.1", 80))
    assert err.value.errno == 101
    u = world.socket.socket(world.socket.AF_INET, world.socket.SOCK_DGRAM)
    with pytest.raises(OSError) as err:
        u.sendto(b"x", ("192.0.2.1", 9))
    assert err.value.errno == 101


def test_bind_foreign_address_and_family_errors(world):
    sock = world.socket
    s = sock.socket()
    with pytest.raises(OSError) as err:
        s.bind(("192.0.2.7", 0))
    assert err.value.errno == 99 and str(err.value) == "[Errno 99] Cannot assign requested address"
    for args, errno in (((10, 1, 0), 97), ((2, 3, 0), 94), ((2, 1, 17), 93), ((2, 2, 6), 93)):
        with pytest.raises(OSError) as err:
            sock.socket(*args)
        assert err.value.errno == errno


def test_fd_exhaustion_gives_emfile_and_accept_keeps_the_connection(world):
    srv = listener(world)
    cli = world.socket.create_connection(srv.getsockname())
    filler = []
    while True:
        try:
            filler.append(world.socket.socket())
        except OSError as e:
            assert e.errno == 24 and str(e) == "[Errno 24] Too many open files"
            break
    with pytest.raises(OSError) as err:
        srv.accept()
    assert err.value.errno == 24
    filler.pop().close()
    conn, addr = srv.accept()                           # still queued
    cli.sendall(b"still here")
    assert conn.recv(100) == b"still here"


def test_ebadf_and_enotsock_at_the_gate(world):
    with pytest.raises(OSError) as err:
        hostworld.WORLD.call(45, 40, 10, 0)              # recvfrom on an fd never opened
    assert err.value.errno == 9
    other = world.process.fd_install(object())           # some other kind of file
    with pytest.raises(OSError) as err:
        hostworld.WORLD.call(45, other, 10, 0)
    assert err.value.errno == 88
    world.process.fd_remove(other)
    with pytest.raises(OSError) as err:
        hostworld.WORLD.call(49, 3, "127.0.0.1")         # address of the wrong type
    assert err.value.errno in (9, 22)


def test_send_blocks_until_the_peer_reads(world):
    srv, cli, conn = pair(world)
    cli.settimeout(2)
    big = bytes(range(256)) * 2048                       # 512 KiB: more than both buffers hold
    with pytest.raises(TimeoutError):
        cli.sendall(big)
    cli.setblocking(False)
    with pytest.raises(BlockingIOError):
        cli.send(b"x")


def test_blocking_send_returns_when_all_is_queued(world):
    srv, cli, conn = pair(world)
    sent = cli.send(b"z" * 100000)                       # fits sndbuf + peer window
    assert sent == 100000
    got = b""
    while len(got) < sent:
        got += conn.recv(65536)
    assert got == b"z" * 100000


def test_recv_dontwait_and_waitall(world):
    sock = world.socket
    srv, cli, conn = pair(world)
    cli.send(b"abc")
    assert conn.recv(10, sock.MSG_DONTWAIT) == b"abc"
    with pytest.raises(BlockingIOError):
        conn.recv(10, sock.MSG_DONTWAIT)
    cli.send(b"12")
    conn.settimeout(1)
    start = machine.ticks_ms()
    assert conn.recv(4, sock.MSG_WAITALL) == b"12"      # what came before the timeout
    assert machine.ticks_ms() - start == 1000
    cli.send(b"3456")
    assert conn.recv(4, sock.MSG_WAITALL) == b"3456"


def test_interrupted_wait_raises_the_pending_signal(world):
    srv = listener(world)
    world.process.signal = KeyboardInterrupt()
    with pytest.raises(KeyboardInterrupt):
        srv.accept()
    assert srv.getsockname()[1] > 0                      # the socket survives


def test_process_exit_closes_sockets(world):
    srv, cli, conn = pair(world)
    t = world.transport
    assert len(t.tcp.conns) == 2 and t.tcp.listeners
    world.process.exit()
    hostworld.WORLD.settle()
    assert not t.tcp.listeners and not hostworld.sockets._open_sockets
    tcp = hostworld.sockets._tcp()
    assert sorted(tcp.STATE_NAMES[c.state] for c in t.tcp.conns.values()) == ["TIME_WAIT", "TIME_WAIT"]
    machine.set_ms(machine.ticks_ms() + 2 * tcp.TCP_MSL_MS)
    hostworld.WORLD.settle()
    assert not t.tcp.conns and not t.tcp_ports.bound


def test_reuseaddr_takes_a_port_held_in_time_wait(world):
    sock = world.socket
    srv, cli, conn = pair(world)
    port = cli.getsockname()[1]
    cli.close()                                          # active close: TIME_WAIT holds the port
    conn.close()
    hostworld.WORLD.settle()
    states = [hostworld.sockets._tcp().STATE_NAMES[c.state] for c in world.transport.tcp.conns.values()]
    assert "TIME_WAIT" in states
    s = sock.socket()
    with pytest.raises(OSError) as err:
        s.bind(("127.0.0.1", port))
    assert err.value.errno == 98
    s.setsockopt(sock.SOL_SOCKET, sock.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    assert s.getsockname() == ("127.0.0.1", port)


def test_poll_many_sockets_wakes_on_the_right_one(world):
    sock, select = world.socket, world.select
    srv = listener(world)
    clients = [sock.create_connection(srv.getsockname()) for _ in range(3)]
    conns = [srv.accept()[0] for _ in range(3)]
    p = select.poll()
    for c in conns:
        p.register(c, select.POLLIN)
    assert p.poll(10) == []
    clients[1].send(b"x")
    assert p.poll(1000) == [(conns[1].fileno(), select.POLLIN)]
    clients[2].close()
    ready = dict(p.poll(1000))
    assert ready[conns[2].fileno()] & select.POLLIN and conns[2].recv(10) == b""
    p.register(99, select.POLLIN)
    assert (99, select.POLLNVAL) in p.poll(0)
    with pytest.raises(OSError) as err:
        select.select([99], [], [], 0)
    assert err.value.errno == 9


def test_poll_with_nothing_sleeps_for_its_timeout(world):
    start = machine.ticks_ms()
    assert world.select.select([], [], [], 0.25) == ([], [], [])
    assert machine.ticks_ms() - start == 250


def test_fcntl_nonblocking_flag(world):
    s = world.socket.socket()
    fd = s.fileno()
    assert hostworld.WORLD.call(72, fd, 3, 0) & 0o4000 == 0
    s.setblocking(False)
    assert hostworld.WORLD.call(72, fd, 3, 0) & 0o4000
    nb = world.socket.socket(world.socket.AF_INET, world.socket.SOCK_STREAM | world.socket.SOCK_NONBLOCK)
    assert nb.gettimeout() == 0.0 and nb.type == world.socket.SOCK_STREAM
    assert hostworld.WORLD.call(72, nb.fileno(), 3, 0) & 0o4000


def test_linger_zero_close_resets(world):
    import struct
    srv, cli, conn = pair(world)
    conn.setsockopt(world.socket.SOL_SOCKET, world.socket.SO_LINGER, struct.pack("ii", 1, 0))
    assert conn.getsockopt(world.socket.SOL_SOCKET, world.socket.SO_LINGER, 8) == struct.pack("ii", 1, 0)
    conn.close()
    with pytest.raises(ConnectionResetError):
        cli.recv(10)


def test_timeouts_as_timeval_and_ms(world):
    import struct
    s = world.socket.socket()
    s.setsockopt(world.socket.SOL_SOCKET, world.socket.SO_RCVTIMEO, struct.pack("qq", 1, 500000))
    assert s.getsockopt(world.socket.SOL_SOCKET, world.socket.SO_RCVTIMEO) == 1500
    assert s.getsockopt(world.socket.SOL_SOCKET, world.socket.SO_RCVTIMEO, 16) == struct.pack("qq", 1, 500000)
    s.settimeout(0.0015)
    assert s.getsockopt(world.socket.SOL_SOCKET, world.socket.SO_SNDTIMEO) == 2


def test_netstat_lists_sockets_with_states_and_owner(world):
    srv, cli, conn = pair(world)
    u = world.socket.socket(world.socket.AF_INET, world.socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 5353))
    pending = world.socket.create_connection(srv.getsockname())     # not accepted yet
    text = hostworld.sockets.format_sockets()
    lines = text.splitlines()
    assert lines[0].split() == ["Proto", "Recv-Q", "Send-Q", "Local", "Address", "Foreign", "Address", "State",
                                "PID/Program"]
    port = srv.getsockname()[1]
    rows = [line.split() for line in lines[1:]]
    assert ["tcp", "1", "0", f"127.0.0.1:{port}", "0.0.0.0:*", "LISTEN", "7/test"] in rows   # 1 to accept
    assert ["udp", "0", "0", "127.0.0.1:5353", "0.0.0.0:*", "7/test"] in rows
    established = [r for r in rows if r[5:6] == ["ESTABLISHED"]]
    assert len(established) == 4
    owners = sorted(r[6] for r in established)
    assert owners == ["-", "7/test", "7/test", "7/test"]             # the unaccepted child has no owner
    assert [f"127.0.0.1:{pending.getsockname()[1]}", f"127.0.0.1:{port}"] in [r[3:5] for r in established]


def test_read_and_write_file_interface_reports_errnos(world):
    srv, cli, conn = pair(world)
    fileobj = world.process.fds[conn.fileno()]
    assert world.process.fds[cli.fileno()].write(b"via write") == 9
    hostworld.WORLD.settle()
    assert fileobj.read(100) == b"via write"
    cli.close()
    hostworld.WORLD.settle()
    assert fileobj.read(100) == b""
    with pytest.raises(hostworld.syscall.Error) as err:
        fileobj.write(b"x")                              # the peer is gone: RST, then EPIPE
        hostworld.WORLD.settle()
        fileobj.write(b"x")
    assert err.value.errno in (32, 104)


def test_listener_options_reach_accepted_connections(world):
    sock = world.socket
    srv = sock.socket()
    srv.setsockopt(sock.IPPROTO_TCP, sock.TCP_NODELAY, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    srv.setsockopt(sock.SOL_SOCKET, sock.SO_KEEPALIVE, 1)
    cli = sock.create_connection(srv.getsockname())
    conn, _ = srv.accept()
    entry = world.process.fds[conn.fileno()].entry
    assert entry.nodelay and entry.keepalive
    assert conn.getsockopt(sock.IPPROTO_TCP, sock.TCP_NODELAY) and conn.getsockopt(sock.SOL_SOCKET, sock.SO_KEEPALIVE)


def test_tcp_cork_holds_a_reply_until_close_sends_it_with_the_fin(world):
    sock = world.socket
    srv, cli, conn = pair(world)
    assert conn.getsockopt(sock.IPPROTO_TCP, sock.TCP_CORK) == 0
    conn.setsockopt(sock.IPPROTO_TCP, sock.TCP_CORK, 1)
    assert conn.getsockopt(sock.IPPROTO_TCP, sock.TCP_CORK) == 1
    conn.send(b"reply")
    hostworld.WORLD.settle()
    cli.setblocking(False)
    with pytest.raises(BlockingIOError):
        cli.recv(100)                                   # held by the cork
    conn.close()
    hostworld.WORLD.settle()
    assert cli.recv(100) == b"reply" and cli.recv(100) == b""
    # inherited by accepted connections, like TCP_NODELAY
    lst = sock.socket()
    lst.setsockopt(sock.IPPROTO_TCP, sock.TCP_CORK, 1)
    lst.bind(("127.0.0.1", 0))
    lst.listen()
    other = sock.create_connection(lst.getsockname())
    child, _ = lst.accept()
    assert child.getsockopt(sock.IPPROTO_TCP, sock.TCP_CORK) == 1 and world.process.fds[child.fileno()].entry.cork


def test_every_handler_with_a_descriptor_looks_it_up_first(world):
    """The dispatcher leaves the descriptor check to the handler (one lookup, not two): a closed descriptor must
    give EBADF whatever the other arguments are, in every syscall that takes one."""
    syscall = hostworld.syscall
    bad = {int: -1, float: -1.0, bytes: b"", str: "", tuple: (), list: [], type(None): None}
    checked = []
    for nr, (fn, name, types, usual) in sorted(syscall.table.items()):
        if syscall.FD not in types:
            continue
        args = tuple(999 if t is syscall.FD else bad[u] for t, u in zip(types, usual))
        with pytest.raises(OSError) as err:
            world.call(nr, *args)
        assert err.value.errno == 9, (name, err.value)
        checked.append(name)
    assert {"close", "sendto", "recvfrom", "accept", "setsockopt", "fcntl", "shutdown"} <= set(checked)
