"""Socket test script (UDP over 127.0.0.1): prints what it sees, so its output can be
compared with CPython's on Linux."""
import select
import socket


def show(what, fn, *args):
    try:
        result = fn(*args)
        print(what, "->", result)
    except OSError as e:
        print(what, "->", type(e).__name__, e.errno, e)


a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print("fresh name", a.getsockname())
a.bind(("127.0.0.1", 0))
a_port = a.getsockname()[1]
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print("sent", b.sendto(b"ping", ("127.0.0.1", a_port)))
b_port = b.getsockname()[1]
print("autobound", b.getsockname()[0], b_port > 0)
data, src = a.recvfrom(100)
print("got", data, src == ("127.0.0.1", b_port))
a.sendto(b"pong", src)
print("reply", b.recv(100))

# datagram boundaries, truncation, peeking, empty datagrams
b.sendto(b"0123456789", ("127.0.0.1", a_port))
b.sendto(b"", ("127.0.0.1", a_port))
b.sendto(b"third", ("127.0.0.1", a_port))
print("peek", a.recv(3, socket.MSG_PEEK))
print("truncated", a.recv(4))
print("empty", a.recvfrom(10)[0])
buf = bytearray(8)
n, src = a.recvfrom_into(buf)
print("into", n, bytes(buf[:n]), src[1] == b_port)

# nothing queued
a.setblocking(False)
show("nonblocking recv", a.recv, 10)
show("dontwait recv", b.recv, 10, socket.MSG_DONTWAIT)
a.setblocking(True)
a.settimeout(0.25)
show("timeout recv", a.recvfrom, 10)
a.settimeout(None)

# select sees a readable datagram socket
r, w, _ = select.select([a], [a], [], 0)
print("select idle", r == [], w == [a])
b.sendto(b"wake", ("127.0.0.1", a_port))
r, _, _ = select.select([a], [], [], 5)
print("select ready", r == [a], a.recv(10))

# connected sockets
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.connect(("127.0.0.1", a_port))
print("peer", c.getpeername() == ("127.0.0.1", a_port))
c.send(b"via connect")
data, src = a.recvfrom(100)
print("connected send", data, src == c.getsockname())
show("send unconnected", b.send, b"x")
show("getpeername unconnected", b.getpeername)

# a port nobody listens on: ICMP port unreachable comes back as ECONNREFUSED
d = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
d.bind(("127.0.0.1", 0))
dead_port = d.getsockname()[1]
d.close()
e = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
e.settimeout(5)
e.connect(("127.0.0.1", dead_port))
e.send(b"anyone?")
show("refused", e.recv, 10)
e.close()

# errors
show("bind in use", socket.socket(socket.AF_INET, socket.SOCK_DGRAM).bind, ("127.0.0.1", a_port))
show("bind twice", a.bind, ("127.0.0.1", 0))
show("listen on udp", a.listen, 1)
show("shutdown unconnected", b.shutdown, socket.SHUT_RD)
show("getsockopt type", a.getsockopt, socket.SOL_SOCKET, socket.SO_TYPE)
show("broadcast without SO_BROADCAST", b.sendto, b"x", ("255.255.255.255", 9))
a.close()
show("recv closed", a.recv, 10)
for s in (b, c):
    s.close()
print("done")
