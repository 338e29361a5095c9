"""Socket test script: the socket module's helpers (no network traffic at all), so the
output can be compared with CPython's."""
import socket


def show(what, fn, *args):
    try:
        print(what, "->", repr(fn(*args)))
    except Exception as e:
        print(what, "->", type(e).__name__, e)


for text in ("127.0.0.1", "10.0.0.2", "255.255.255.255", "1.2.3", "1.2", "16909060", "0x7f.1", "010.0.0.1",
             "1.2.3.256", "1.2.3.4.5", "", "a.b.c.d", " 1.2.3.4"):
    show(f"inet_aton {text!r}", socket.inet_aton, text)
show("inet_ntoa", socket.inet_ntoa, b"\x7f\x00\x00\x01")
show("inet_ntoa short", socket.inet_ntoa, b"\x7f\x00")
show("inet_pton", socket.inet_pton, socket.AF_INET, "192.168.0.1")
show("inet_pton bad", socket.inet_pton, socket.AF_INET, "1.2.3")
show("inet_ntop", socket.inet_ntop, socket.AF_INET, b"\xc0\xa8\x00\x01")
show("inet_ntop bad", socket.inet_ntop, socket.AF_INET, b"\xc0\xa8")
for fn in (socket.htons, socket.ntohs):
    for value in (0, 1, 0x1234, 65535, 65536, -1):
        show(f"{fn.__name__}({value})", fn, value)
for fn in (socket.htonl, socket.ntohl):
    for value in (0, 0x12345678, 0xFFFFFFFF, 1 << 32):
        show(f"{fn.__name__}({value})", fn, value)
show("gethostbyname localhost", socket.gethostbyname, "localhost")
show("gethostbyname quad", socket.gethostbyname, "10.1.2.3")
show("gethostbyname empty", socket.gethostbyname, "")


def addrinfo(*args):
    # family and type are IntEnum members in CPython, plain ints here: compare their values
    return [(int(f), int(t), p, c, a) for f, t, p, c, a in socket.getaddrinfo(*args)]


show("getaddrinfo", addrinfo, "127.0.0.1", 80, socket.AF_INET)
show("getaddrinfo stream", addrinfo, "127.0.0.1", "8080", socket.AF_INET, socket.SOCK_STREAM)
show("getaddrinfo passive", addrinfo, None, 7, socket.AF_INET, socket.SOCK_DGRAM, 0, socket.AI_PASSIVE)
print("constants", socket.AF_INET, socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOL_SOCKET,
      socket.SO_REUSEADDR, socket.SO_ERROR, socket.SO_RCVTIMEO, socket.IPPROTO_TCP, socket.TCP_NODELAY,
      socket.SHUT_RDWR, socket.MSG_PEEK, socket.MSG_DONTWAIT, socket.SOMAXCONN, socket.INADDR_ANY)
print("aliases", socket.error is OSError, socket.timeout is TimeoutError, issubclass(socket.gaierror, OSError),
      socket.SocketType is socket.socket, isinstance(socket.socket(), socket.SocketType))
print("default timeout", socket.getdefaulttimeout())
show("settimeout negative", socket.socket().settimeout, -1)
show("settimeout str", socket.socket().settimeout, "1")

s = socket.socket()
print("repr", repr(s).replace(str(s.fileno()), "N"))
show("bind bad address type", s.bind, "127.0.0.1")
show("bind bad tuple", s.bind, ("127.0.0.1",))
show("bind port range", s.bind, ("127.0.0.1", 70000))
show("bind port type", s.bind, ("127.0.0.1", "80"))
show("send str", s.send, "text")
show("recv negative", s.recv, -1)
show("connect port range", s.connect, ("127.0.0.1", -1))
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, True)
print("reuseaddr", s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) != 0)
show("unknown level", s.setsockopt, 99, 1, 1)
show("unknown option", s.getsockopt, socket.SOL_SOCKET, 999)
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
    print("context", u.fileno() >= 0, u.type == socket.SOCK_DGRAM)
print("after context", u.fileno())
s.close()
s.close()
print("closed repr", repr(s))
show("bind closed", s.bind, ("127.0.0.1", 0))
print("done")
