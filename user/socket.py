"""socket: the BSD socket interface for Krait's user scripts, shaped like
CPython's module so simple CPython socket programs run unchanged.

Every operation is one syscall through `_syscall.call`; the kernel answers
with Linux's errno values, which arrive as the OSError subclasses CPython
raises (ConnectionRefusedError, BlockingIOError, ...). A timeout set with
settimeout() becomes the kernel's SO_RCVTIMEO/SO_SNDTIMEO, and the EAGAIN
(EINPROGRESS for connect) the kernel reports when it runs out becomes
socket.timeout, as in CPython. Only IPv4 (AF_INET) exists.
"""
import struct

import _syscall

_call = _syscall.call

SYS_SOCKET = 41
SYS_CONNECT = 42
SYS_ACCEPT = 43
SYS_SENDTO = 44
SYS_RECVFROM = 45
SYS_RECVMSG = 47
SYS_SHUTDOWN = 48
SYS_BIND = 49
SYS_LISTEN = 50
SYS_GETSOCKNAME = 51
SYS_GETPEERNAME = 52
SYS_SETSOCKOPT = 54
SYS_GETSOCKOPT = 55
SYS_FCNTL = 72
SYS_CLOSE = 3

AF_UNSPEC = 0
AF_UNIX = 1
AF_INET = 2
AF_INET6 = 10
SOCK_STREAM = 1
SOCK_DGRAM = 2
SOCK_RAW = 3
SOCK_NONBLOCK = 0o4000
SOCK_CLOEXEC = 0o2000000
_SOCK_TYPE_MASK = 0xF

IPPROTO_IP = 0
IPPROTO_ICMP = 1
IPPROTO_TCP = 6
IPPROTO_UDP = 17
IPPROTO_RAW = 255

SOL_SOCKET = 1
SOL_IP = 0
SOL_TCP = 6
SOL_UDP = 17
SO_DEBUG = 1
SO_REUSEADDR = 2
SO_TYPE = 3
SO_ERROR = 4
SO_DONTROUTE = 5
SO_BROADCAST = 6
SO_SNDBUF = 7
SO_RCVBUF = 8
SO_KEEPALIVE = 9
SO_OOBINLINE = 10
SO_LINGER = 13
SO_REUSEPORT = 15
SO_RCVLOWAT = 18
SO_SNDLOWAT = 19
SO_RCVTIMEO = 20
SO_SNDTIMEO = 21
SO_ACCEPTCONN = 30
SO_PROTOCOL = 38
SO_DOMAIN = 39
TCP_NODELAY = 1
TCP_MAXSEG = 2
TCP_CORK = 3
TCP_KEEPIDLE = 4
TCP_KEEPINTVL = 5
TCP_KEEPCNT = 6

MSG_OOB = 0x1
MSG_PEEK = 0x2
MSG_DONTROUTE = 0x4
MSG_TRUNC = 0x20
MSG_DONTWAIT = 0x40
MSG_EOR = 0x80
MSG_WAITALL = 0x100
MSG_NOSIGNAL = 0x4000
MSG_ERRQUEUE = 0x2000

IP_TOS = 1
IP_TTL = 2
IP_RECVERR = 11
IP_RECVTTL = 12

SHUT_RD = 0
SHUT_WR = 1
SHUT_RDWR = 2

INADDR_ANY = 0
INADDR_BROADCAST = 0xFFFFFFFF
INADDR_LOOPBACK = 0x7F000001
INADDR_NONE = 0xFFFFFFFF
SOMAXCONN = 4096
has_ipv6 = False

EAI_AGAIN = -3
EAI_FAIL = -4
EAI_FAMILY = -6
EAI_NONAME = -2
EAI_SERVICE = -8
EAI_SOCKTYPE = -7
AI_PASSIVE = 1
AI_CANONNAME = 2
AI_NUMERICHOST = 4
NI_NUMERICHOST = 1
NI_NUMERICSERV = 2

_EAGAIN = 11
_EINPROGRESS = 115
_F_SETFL = 4
_O_RDWR = 2
_O_NONBLOCK = 0o4000

error = OSError
timeout = TimeoutError


class herror(OSError):
    pass


class gaierror(OSError):
    pass


class _DefaultTimeout:
    def __repr__(self):
        return "<object>"


_GLOBAL_DEFAULT_TIMEOUT = _DefaultTimeout()
_default_timeout = None

_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "krait")


# ---- addresses --------------------------------------------------------------------------------

def _parse_number(part):
    """One part of an inet_aton address: decimal, 0x hex or 0 octal; None if malformed."""
    if not part:
        return None
    base = 10
    digits = part
    if len(part) > 1 and part[0] == "0":
        if part[1] in "xX":
            base = 16
            digits = part[2:]
            if not digits:
                return 0
        else:
            base = 8
            digits = part[1:]
    allowed = "0123456789abcdefABCDEF" if base == 16 else "0123456789"[:base]
    for ch in digits:
        if ch not in allowed:
            return None
    return int(digits, base)


def _aton(text):
    """inet_aton's forms: a.b.c.d, a.b.c (c 16 bits), a.b (b 24 bits), a (32 bits); None if invalid."""
    if not isinstance(text, str) or not text or text != text.strip():
        return None
    parts = text.split(".")
    if len(parts) > 4:
        return None
    values = []
    for part in parts:
        value = _parse_number(part)
        if value is None:
            return None
        values.append(value)
    last = values[-1]
    for v in values[:-1]:
        if v > 255:
            return None
    if last >= 1 << (8 * (5 - len(values))):
        return None
    result = 0
    for v in values[:-1]:
        result = (result << 8) | v
    return (result << (8 * (5 - len(values)))) | last


def _dotted(value):
    return f"{(value >> 24) & 255}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}"


def _resolve(host):
    """A host name or address string -> dotted quad; gaierror when it names nothing."""
    if isinstance(host, (bytes, bytearray)):
        host = bytes(host).decode()
    if not isinstance(host, str):
        raise TypeError(f"str, bytes or bytearray expected, not {type(host).__name__}")
    if host == "":
        return "0.0.0.0"
    if host == "<broadcast>":
        return "255.255.255.255"
    if host.lower() in _LOCAL_NAMES:
        return "127.0.0.1"
    value = _aton(host)
    if value is None:
        raise gaierror(EAI_NONAME, "Name or service not known")
    return _dotted(value)


def _sockaddr(address, what):
    """(host, port) -> (dotted quad, port) for the kernel, with CPython's checks."""
    if not isinstance(address, tuple):
        raise TypeError(f"{what}(): AF_INET address must be tuple, not {type(address).__name__}")
    if len(address) != 2:
        raise TypeError("AF_INET address must be a pair (host, port)")
    host, port = address
    if not isinstance(port, int):
        raise TypeError(f"'{type(port).__name__}' object cannot be interpreted as an integer")
    if port < 0 or port > 65535:
        raise OverflowError(f"{what}(): port must be 0-65535.")
    return (_resolve(host), int(port))


def gethostname():
    return "krait"


def gethostbyname(hostname):
    return _resolve(hostname)


def gethostbyname_ex(hostname):
    address = _resolve(hostname)
    return (hostname, [], [address])


def gethostbyaddr(ip_address):
    address = _resolve(ip_address)
    if address.startswith("127."):
        return ("localhost", [], [address])
    raise herror(1, "Unknown host")


def getfqdn(name=""):
    if not name or name == "0.0.0.0":
        return gethostname()
    return name


def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
    """[(family, type, proto, canonname, (address, port))] for IPv4 names and numbers."""
    if family not in (AF_UNSPEC, AF_INET):
        raise gaierror(EAI_FAMILY, "ai_family not supported")
    if host is None:
        address = "0.0.0.0" if flags & AI_PASSIVE else "127.0.0.1"
    else:
        address = _resolve(host)
    if port is None:
        port = 0
    elif isinstance(port, (str, bytes)):
        text = port.decode() if isinstance(port, bytes) else port
        if not text.isdigit():
            raise gaierror(EAI_SERVICE, "Servname not supported for ai_socktype")
        port = int(text)
    elif not isinstance(port, int):
        raise OSError("Int or String expected")
    kinds = ((SOCK_STREAM, IPPROTO_TCP), (SOCK_DGRAM, IPPROTO_UDP), (SOCK_RAW, IPPROTO_IP))
    out = []
    for kind, kind_proto in kinds:
        if (type == 0 or type == kind) and (proto == 0 or proto == kind_proto or type != 0):
            out.append((AF_INET, kind, proto if proto else kind_proto, "", (address, port)))
    if not out:
        raise gaierror(EAI_SOCKTYPE, "ai_socktype not supported")
    return out


def inet_aton(ip_string):
    value = _aton(ip_string)
    if value is None:
        raise OSError("illegal IP address string passed to inet_aton")
    return struct.pack("!I", value)


def inet_ntoa(packed_ip):
    if not isinstance(packed_ip, (bytes, bytearray, memoryview)):
        raise TypeError(f"a bytes-like object is required, not '{type(packed_ip).__name__}'")
    if len(packed_ip) != 4:
        raise OSError("packed IP wrong length for inet_ntoa")
    return _dotted(struct.unpack("!I", bytes(packed_ip))[0])


def inet_pton(address_family, ip_string):
    if address_family != AF_INET:
        raise OSError(97, "Address family not supported by protocol")
    parts = ip_string.split(".") if isinstance(ip_string, str) else []
    if len(parts) != 4:
        raise OSError("illegal IP address string passed to inet_pton")
    out = bytearray()
    for part in parts:
        if not part.isdigit() or len(part) > 3 or (len(part) > 1 and part[0] == "0") or int(part) > 255:
            raise OSError("illegal IP address string passed to inet_pton")
        out.append(int(part))
    return bytes(out)


def inet_ntop(address_family, packed_ip):
    if address_family != AF_INET:
        raise ValueError("unknown address family 10" if address_family == AF_INET6
                         else f"unknown address family {address_family}")
    if len(packed_ip) != 4:
        raise ValueError("invalid length of packed IP address string")
    return _dotted(struct.unpack("!I", bytes(packed_ip))[0])


def _unsigned(name, x, bits):
    if not isinstance(x, int):
        raise TypeError(f"'{type(x).__name__}' object cannot be interpreted as an integer")
    if x < 0:
        raise OverflowError(f"{name}: can't convert negative Python int to C {bits}-bit unsigned integer")
    if x >= 1 << bits:
        if bits == 32:
            raise OverflowError("int larger than 32 bits")
        raise OverflowError(f"{name}: Python int too large to convert to C {bits}-bit unsigned integer")
    return x


def htons(x):
    x = _unsigned("htons", x, 16)
    return ((x & 0xFF) << 8) | (x >> 8)


def ntohs(x):
    x = _unsigned("ntohs", x, 16)
    return ((x & 0xFF) << 8) | (x >> 8)


def htonl(x):
    x = _unsigned("htonl", x, 32)
    return struct.unpack("<I", struct.pack("!I", x))[0]


def ntohl(x):
    x = _unsigned("ntohl", x, 32)
    return struct.unpack("<I", struct.pack("!I", x))[0]


def getdefaulttimeout():
    return _default_timeout


def setdefaulttimeout(timeout):
    global _default_timeout
    _default_timeout = _check_timeout(timeout)


def _check_timeout(value):
    if value is None:
        return None
    if not isinstance(value, (int, float)):
        raise TypeError(f"'{type(value).__name__}' object cannot be interpreted as an integer")
    value = float(value)
    if value < 0:
        raise ValueError("Timeout value out of range")
    return value


def _bytes_of(data):
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"a bytes-like object is required, not '{type(data).__name__}'")


# ---- the socket class ---------------------------------------------------------------------------

class SocketType:
    """The base class of socket objects (CPython's _socket.socket)."""


class socket(SocketType):
    """An IPv4 socket: AF_INET with SOCK_STREAM (TCP) or SOCK_DGRAM (UDP; with
    IPPROTO_ICMP, a ping socket)."""

    def __init__(self, family=-1, type=-1, proto=-1, fileno=None, _inherited_timeout_ms=0):
        if family == -1:
            family = AF_INET
        if type == -1:
            type = SOCK_STREAM
        if proto == -1:
            proto = 0
        if fileno is None:
            self._fd = _call(SYS_SOCKET, family, type, proto)
        else:
            if not isinstance(fileno, int) or fileno < 0:
                raise ValueError("negative file descriptor")
            self._fd = fileno
        self._family = family
        self._type = type & _SOCK_TYPE_MASK
        self._proto = proto
        # What the kernel holds now, so settimeout() only issues the calls that change it.
        self._k_nonblocking = bool(type & SOCK_NONBLOCK)
        self._k_timeout_ms = _inherited_timeout_ms      # accept(): the kernel copied the listener's
        self._timeout = None
        if type & SOCK_NONBLOCK:
            self._timeout = 0.0
        self._apply_timeout(_default_timeout if not type & SOCK_NONBLOCK else 0.0)

    # -- properties and plumbing --
    @property
    def family(self):
        return self._family

    @property
    def type(self):
        return self._type

    @property
    def proto(self):
        return self._proto

    def fileno(self):
        return self._fd

    def detach(self):
        fd = self._fd
        self._fd = -1
        return fd

    def __repr__(self):
        closed = self._fd == -1
        text = f"<socket.socket{' [closed]' if closed else ''} fd={self._fd}, family={self._family}, " \
               f"type={self._type}, proto={self._proto}"
        if not closed:
            try:
                text += f", laddr={self.getsockname()}"
            except OSError:
                pass
            try:
                text += f", raddr={self.getpeername()}"
            except OSError:
                pass
        return text + ">"

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()

    def _io(self, nr, *args):
        """One syscall on this socket; a timeout that runs out becomes socket.timeout."""
        try:
            return _call(nr, self._fd, *args)
        except BlockingIOError as e:
            if e.errno == _EAGAIN and self._timeout:
                raise timeout("timed out") from None
            raise

    # -- timeouts and blocking --
    def _apply_timeout(self, value):
        """Brings the kernel's O_NONBLOCK and SO_RCVTIMEO/SO_SNDTIMEO in line with value."""
        self._timeout = value
        nonblocking = value is not None and value == 0
        ms = 0
        if value is not None and value > 0:
            ms = int(value * 1000)
            if ms < value * 1000 or ms == 0:
                ms += 1
        if nonblocking != self._k_nonblocking:
            # O_NONBLOCK is the only status flag a socket has, and _k_nonblocking tracks it: no F_GETFL
            _call(SYS_FCNTL, self._fd, _F_SETFL, _O_RDWR | _O_NONBLOCK if nonblocking else _O_RDWR)
            self._k_nonblocking = nonblocking
        if ms != self._k_timeout_ms:
            _call(SYS_SETSOCKOPT, self._fd, SOL_SOCKET, SO_RCVTIMEO, ms)
            _call(SYS_SETSOCKOPT, self._fd, SOL_SOCKET, SO_SNDTIMEO, ms)
            self._k_timeout_ms = ms

    def settimeout(self, value):
        self._apply_timeout(_check_timeout(value))

    def gettimeout(self):
        return self._timeout

    def setblocking(self, flag):
        self._apply_timeout(None if flag else 0.0)

    def getblocking(self):
        return self._timeout != 0.0

    # -- connection set-up --
    def bind(self, address):
        _call(SYS_BIND, self._fd, _sockaddr(address, "bind"))

    def listen(self, backlog=None):
        if backlog is None:
            backlog = min(SOMAXCONN, 128)
        if backlog < 0:
            backlog = 0
        _call(SYS_LISTEN, self._fd, backlog)

    def accept(self):
        fd, address = self._io(SYS_ACCEPT)
        sock = socket(self._family, self._type, self._proto, fd, self._k_timeout_ms)
        return sock, address

    def _connect(self, address):
        target = _sockaddr(address, "connect")
        try:
            _call(SYS_CONNECT, self._fd, target)
        except BlockingIOError as e:
            if e.errno == _EINPROGRESS and self._timeout:
                raise timeout("timed out") from None
            raise

    def connect(self, address):
        self._connect(address)

    def connect_ex(self, address):
        try:
            self._connect(address)
        except TimeoutError as e:
            if e.errno is None:
                return _EAGAIN
            return e.errno
        except OSError as e:
            if isinstance(e, gaierror) or e.errno is None:
                raise
            return e.errno
        return 0

    # -- data --
    def send(self, data, flags=0):
        return self._io(SYS_SENDTO, _bytes_of(data), flags, ())

    def sendall(self, data, flags=0):
        data = _bytes_of(data)
        total = len(data)
        if total <= 65536 or self._type != SOCK_STREAM:
            sent = self.send(data, flags)
            if sent == total:
                return None
        else:
            sent = 0
        view = memoryview(data)
        while sent < total:
            sent += self._io(SYS_SENDTO, bytes(view[sent:sent + 65536]), flags, ())
        return None

    def sendto(self, data, flags_or_address, address=None):
        if address is None:
            flags = 0
            address = flags_or_address
        else:
            flags = flags_or_address
        return self._io(SYS_SENDTO, _bytes_of(data), flags, _sockaddr(address, "sendto"))

    def recv(self, bufsize, flags=0):
        if bufsize < 0:
            raise ValueError("negative buffersize in recv")
        return self._io(SYS_RECVFROM, bufsize, flags)[0]

    def recvfrom(self, bufsize, flags=0):
        if bufsize < 0:
            raise ValueError("negative buffersize in recvfrom")
        return self._io(SYS_RECVFROM, bufsize, flags)

    def recvmsg(self, bufsize, ancbufsize=0, flags=0):
        """(data, [(level, type, data)], flags, address), like CPython's on Linux."""
        if bufsize < 0:
            raise ValueError("negative buffer size in recvmsg()")
        if ancbufsize < 0:
            raise ValueError("negative ancillary buffer size in recvmsg()")
        data, ancdata, msg_flags, address = self._io(SYS_RECVMSG, bufsize, ancbufsize, flags)
        return data, [tuple(item) for item in ancdata], msg_flags, address

    def recv_into(self, buffer, nbytes=0, flags=0):
        if nbytes < 0:
            raise ValueError("negative buffersize in recv_into")
        if nbytes == 0:
            nbytes = len(buffer)
        elif nbytes > len(buffer):
            raise ValueError("buffer too small for requested bytes")
        data = self._io(SYS_RECVFROM, nbytes, flags)[0]
        buffer[:len(data)] = data
        return len(data)

    def recvfrom_into(self, buffer, nbytes=0, flags=0):
        if nbytes < 0:
            raise ValueError("negative buffersize in recvfrom_into")
        if nbytes == 0:
            nbytes = len(buffer)
        elif nbytes > len(buffer):
            raise ValueError("nbytes is greater than the length of the buffer")
        data, address = self._io(SYS_RECVFROM, nbytes, flags)
        buffer[:len(data)] = data
        return len(data), address

    # -- ending --
    def shutdown(self, how):
        _call(SYS_SHUTDOWN, self._fd, how)

    def close(self):
        fd = self._fd
        if fd == -1:
            return
        self._fd = -1
        try:
            _call(SYS_CLOSE, fd)
        except ConnectionResetError:
            pass                        # as CPython: the reset was the peer's doing

    # -- names and options --
    def getsockname(self):
        return _call(SYS_GETSOCKNAME, self._fd)

    def getpeername(self):
        return _call(SYS_GETPEERNAME, self._fd)

    def setsockopt(self, level, optname, value, optlen=None):
        if value is None:
            raise TypeError("setsockopt() value None needs optlen")
        if isinstance(value, (bytearray, memoryview)):
            value = bytes(value)
        elif isinstance(value, bool):
            value = int(value)
        elif not isinstance(value, (int, bytes)):
            raise TypeError(f"a bytes-like object is required, not '{type(value).__name__}'")
        _call(SYS_SETSOCKOPT, self._fd, level, optname, value)

    def getsockopt(self, level, optname, buflen=0):
        value = _call(SYS_GETSOCKOPT, self._fd, level, optname)
        if buflen == 0:
            if isinstance(value, bytes):
                return struct.unpack_from("i", value, 0)[0]
            return value
        if buflen < 0 or buflen > 1024:
            raise OSError("getsockopt buflen out of range")
        if isinstance(value, int):
            if level == SOL_SOCKET and optname in (SO_RCVTIMEO, SO_SNDTIMEO):
                value = struct.pack("qq", value // 1000, (value % 1000) * 1000)
            else:
                value = struct.pack("i", value)
        return value[:buflen]


def create_connection(address, timeout=_GLOBAL_DEFAULT_TIMEOUT, source_address=None, all_errors=False):
    """Connects a TCP socket to (host, port), trying each address getaddrinfo gives."""
    host, port = address
    errors = []
    for family, kind, proto, _, target in getaddrinfo(host, port, 0, SOCK_STREAM):
        sock = None
        try:
            sock = socket(family, kind, proto)
            if timeout is not _GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(target)
            return sock
        except OSError as exc:
            errors.append(exc)
            if sock is not None:
                sock.close()
    if errors:
        raise errors[0]
    raise OSError("getaddrinfo returns an empty list")


def create_server(address, family=AF_INET, backlog=None, reuse_port=False, dualstack_ipv6=False):
    """A listening TCP socket bound to address (SO_REUSEADDR set, as CPython does on POSIX)."""
    if family != AF_INET or dualstack_ipv6:
        raise ValueError("only AF_INET is supported")
    sock = socket(family, SOCK_STREAM)
    try:
        sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1)
        sock.bind(address)
        if backlog is None:
            sock.listen()
        else:
            sock.listen(backlog)
        return sock
    except OSError:
        sock.close()
        raise


def has_dualstack_ipv6():
    return False
