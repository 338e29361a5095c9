"""Socket test script (TCP over 127.0.0.1): prints what it sees, so its output can be
compared with CPython's on Linux. Single-threaded: both ends live here."""
import select
import socket


def show(what, fn, *args):
    try:
        result = fn(*args)
        print(what, "->", result)
    except OSError as e:
        print(what, "->", type(e).__name__, e.errno, e)


def recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        part = sock.recv(n - len(data))
        if not part:
            break
        data += part
    return data


srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(8)
host, port = srv.getsockname()
print("listening", host, port > 0, srv.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN))

cli = socket.socket()
print("connect", cli.connect_ex(("127.0.0.1", port)))
conn, addr = srv.accept()
print("accepted", addr[0], addr == cli.getsockname(), conn.getpeername() == cli.getsockname())
print("names", cli.getpeername() == (host, port), conn.getsockname() == (host, port))
print("types", conn.family == socket.AF_INET, conn.type == socket.SOCK_STREAM, conn.gettimeout())

# a small exchange, both ways
cli.sendall(b"hello, krait")
print("server got", recv_exactly(conn, 12))
conn.send(b"hello, client")
print("client got", recv_exactly(cli, 13))

# options
cli.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
cli.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
print("options", cli.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0,
      cli.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) != 0,
      cli.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE), cli.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))

# peeking, then reading
conn.sendall(b"peekaboo")
print("peek", cli.recv(4, socket.MSG_PEEK), recv_exactly(cli, 8))

# bulk both ways at once through select, nonblocking, byte-exact
size = 300000
pattern = bytes((i * 7 + 3) & 255 for i in range(256))
payload = (pattern * (size // 256 + 1))[:size]
conn.setblocking(False)
cli.setblocking(False)
to_send = {conn: payload, cli: payload[::-1]}
got = {conn: bytearray(), cli: bytearray()}
rounds = 0
while len(got[conn]) < size or len(got[cli]) < size:
    rounds += 1
    writers = [s for s in to_send if to_send[s]]
    readable, writable, _ = select.select([conn, cli], writers, [], 10)
    if not readable and not writable:
        print("bulk stalled")
        break
    for s in writable:
        n = s.send(to_send[s][:32768])
        to_send[s] = to_send[s][n:]
    for s in readable:
        got[s] += s.recv(65536)
print("bulk", bytes(got[cli]) == payload, bytes(got[conn]) == payload[::-1], rounds > 1)
show("nonblocking recv", cli.recv, 10)
conn.setblocking(True)
cli.setblocking(True)

# timeouts
cli.settimeout(0.3)
print("timeout", cli.gettimeout(), cli.getblocking())
show("recv with timeout", cli.recv, 10)
srv.settimeout(0.2)
show("accept with timeout", srv.accept)
srv.settimeout(None)
cli.settimeout(None)

# half close: the client stops sending, the server still answers
cli.shutdown(socket.SHUT_WR)
print("server sees end", conn.recv(10))
show("send after SHUT_WR", cli.send, b"x")
conn.sendall(b"last words")
conn.close()
print("client reads", recv_exactly(cli, 100), cli.recv(10))
cli.close()
show("send on closed", cli.send, b"x")
show("fileno of closed", cli.fileno)

# a reset: unread data at close
a = socket.create_connection(("127.0.0.1", port))
b, _ = srv.accept()
a.sendall(b"unread")
print("server peeks", b.recv(1, socket.MSG_PEEK))
b.close()
show("recv after reset", a.recv, 10)
show("send after reset", a.send, b"more")
a.close()

# errors
s = socket.socket()
show("recv unconnected", s.recv, 10)
show("send unconnected", s.send, b"x")
show("getpeername unconnected", s.getpeername)
show("bind in use", s.bind, ("127.0.0.1", port))
s.bind(("127.0.0.1", 0))
show("bind twice", s.bind, ("127.0.0.1", 0))
closed_port = s.getsockname()[1]
t = socket.socket()
show("connect refused", t.connect, ("127.0.0.1", closed_port))
t.close()
t = socket.socket()
print("connect_ex refused", t.connect_ex(("127.0.0.1", closed_port)))
t.close()
s.close()

# nonblocking connects: one that succeeds, one that is refused
for target in (port, closed_port):
    t = socket.socket()
    t.setblocking(False)
    print("nb connect", t.connect_ex(("127.0.0.1", target)))
    _, w, _ = select.select([], [t], [], 5)
    print("writable", w == [t], "SO_ERROR", t.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR))
    if target == port:
        show("connect again", t.connect, ("127.0.0.1", port))
        c, _ = srv.accept()
        c.close()
    t.close()

# poll on the listener
p = select.poll()
p.register(srv, select.POLLIN)
print("poll idle", p.poll(50))
u = socket.create_connection(("127.0.0.1", port), timeout=5)
print("poll ready", [(fd == srv.fileno(), ev) for fd, ev in p.poll(5000)])
c, _ = srv.accept()
print("child timeout", c.gettimeout(), u.gettimeout())
c.close()
u.close()
srv.close()
print("done")
