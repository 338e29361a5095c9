"""The socket layer: socket file objects over net.transport, and their syscalls.

A Socket is the file object in a process's fd table. Its connection entry
comes from net.transport's net_transport_open (a TcpConn, a listening
TcpConn or a UdpSocket; a ping endpoint for SOCK_DGRAM + IPPROTO_ICMP) and
goes back through net_transport_close. Semantics follow Linux's: the same
errno values in the same situations (connect's EINPROGRESS/EALREADY/EISCONN
sequence, EPIPE on an unconnected stream, EAGAIN when SO_RCVTIMEO or
SO_SNDTIMEO runs out), poll bits as tcp_poll reports them.

Every touch of stack state happens inside `with sched.critical():`, and a
blocking call tests its condition and waits (syscall.block_on) inside that
same critical section, so no wake-up is lost. Data leaves the kernel as new
bytes objects: nothing a process receives refers to a kernel object.
"""
import machine
import struct
import userland

from kernel import sched, syscall
from net import addr as netaddr
from net import transport
from net.transport import TransportError, IPPROTO_TCP, IPPROTO_UDP, net_transport_open, net_transport_close

AF_INET = 2
SOCK_STREAM = 1
SOCK_DGRAM = 2
SOCK_TYPE_MASK = 0xF
SOCK_NONBLOCK = 0o4000
SOCK_CLOEXEC = 0o2000000
IPPROTO_IP = 0
IPPROTO_ICMP = 1

SOL_SOCKET = 1
SO_REUSEADDR = 2
SO_TYPE = 3
SO_ERROR = 4
SO_BROADCAST = 6
SO_SNDBUF = 7
SO_RCVBUF = 8
SO_KEEPALIVE = 9
SO_LINGER = 13
SO_REUSEPORT = 15
SO_RCVTIMEO = 20
SO_SNDTIMEO = 21
SO_ACCEPTCONN = 30
SO_PROTOCOL = 38
SO_DOMAIN = 39
TCP_NODELAY = 1
TCP_CORK = 3
TCP_MAXSEG = 2
TCP_KEEPIDLE = 4

MSG_PEEK = 0x2
MSG_DONTWAIT = 0x40
MSG_WAITALL = 0x100
MSG_NOSIGNAL = 0x4000
MSG_ERRQUEUE = 0x2000
IP_TTL = 2
IP_RECVERR = 11
IP_RECVTTL = 12
SO_EE_ORIGIN_ICMP = 2
_KNOWN_SEND_FLAGS = MSG_DONTWAIT | MSG_NOSIGNAL
_KNOWN_RECV_FLAGS = MSG_PEEK | MSG_DONTWAIT | MSG_WAITALL

SHUT_RD = 0
SHUT_WR = 1
SHUT_RDWR = 2

POLLIN = 0x001
POLLPRI = 0x002
POLLOUT = 0x004
POLLERR = 0x008
POLLHUP = 0x010
POLLNVAL = 0x020
POLLRDHUP = 0x2000

F_GETFD = 1
F_SETFD = 2
F_GETFL = 3
F_SETFL = 4
O_RDWR = 2
O_NONBLOCK = 0o4000

# Linux errno values
EBADF = 9
EAGAIN = 11
EACCES = 13
EINVAL = 22
EPIPE = 32
ENOTSOCK = 88
EDESTADDRREQ = 89
EMSGSIZE = 90
ENOPROTOOPT = 92
EPROTONOSUPPORT = 93
ESOCKTNOSUPPORT = 94
EOPNOTSUPP = 95
EAFNOSUPPORT = 97
EADDRINUSE = 98
EADDRNOTAVAIL = 99
ENETUNREACH = 101
ECONNABORTED = 103
EISCONN = 106
ENOTCONN = 107
ECONNREFUSED = 111
EHOSTUNREACH = 113
EALREADY = 114
EINPROGRESS = 115

# Linux's SS_* view of a stream socket, which decides what connect() answers.
UNCONNECTED = 0
CONNECTING = 1
CONNECTED = 2

MAX_BACKLOG = 4096                  # Linux's somaxconn
MIN_BUFFER = 2048
MAX_BUFFER = 4 * 1024 * 1024


_open_sockets = []                  # every Socket not yet closed, for netstat


def _stack():
    """The transport the sockets live on (host tests point this at their own)."""
    return transport.stack()


def is_local_address(address):
    from net import ip
    return ip.is_local(address)


def _fail(errno):
    raise syscall.Error(errno)


# ---------------------------------------------------------------------------------------------
# waiting

def _deadline(timeout_ms):
    """The ticks_ms at which a wait of timeout_ms (0 or None: forever) gives up."""
    if not timeout_ms:
        return None
    return machine.ticks_ms() + timeout_ms


def _wait(waitq, deadline, nonblocking):
    """Inside a critical section, after the awaited condition tested false:
    blocks until waitq is woken. False when the caller may not wait (any more)."""
    if nonblocking:
        return False
    if deadline is None:
        syscall.block_on(waitq)
        return True
    left = deadline - machine.ticks_ms()
    if left <= 0:
        return False
    syscall.block_on(waitq, left)
    return True


def _wait_any(waitqs, timeout_ms):
    """Blocks until any of waitqs is woken (inside a critical section). The task
    waits on the first through block_on and is listed on the others' waiters
    too; whichever wakes it first makes it ready, and the stale entries are
    removed before the section ends."""
    if not waitqs:
        waitqs = [sched.WaitQueue()]          # nothing to watch: a plain sleep
    task = sched.current
    others = waitqs[1:]
    for wq in others:
        if task not in wq.waiters:
            wq.waiters.append(task)
    try:
        if timeout_ms is None:
            syscall.block_on(waitqs[0])
        else:
            syscall.block_on(waitqs[0], timeout_ms)
    finally:
        for wq in others:
            while task in wq.waiters:
                wq.waiters.remove(task)


# ---------------------------------------------------------------------------------------------
# addresses and ports

def parse_address(address):
    """(host str, port int) -> (address int, port); EINVAL for anything else."""
    if not isinstance(address, tuple) or len(address) != 2:
        _fail(EINVAL)
    host, port = address
    if not isinstance(host, str) or not isinstance(port, int) or port < 0 or port > 65535:
        _fail(EINVAL)
    if host == "":
        return 0, port
    try:
        return netaddr.parse_ipv4(host), port
    except ValueError:
        _fail(EINVAL)


def format_address(address, port):
    return (netaddr.format_ipv4(address), port)


def _hide_time_wait(ports, port):
    """SO_REUSEADDR: the port-table entries on port held by TIME_WAIT connections,
    taken out so a bind may reuse the port (put back by _unhide)."""
    from net.tcp import TIME_WAIT
    users = ports.bound.get(port)
    if not users:
        return []
    hidden = [u for u in users if getattr(u[1], "state", None) == TIME_WAIT]
    for u in hidden:
        users.remove(u)
    return hidden


def _unhide(ports, port, hidden):
    if hidden:
        users = ports.bound.get(port)
        if users is None:
            users = []
            ports.bound[port] = users
        users.extend(hidden)


def _with_reuse(ports, port, reuse, fn, *args):
    """fn(*args), letting TIME_WAIT holders of port be ignored when reuse is set."""
    hidden = _hide_time_wait(ports, port) if reuse and port else []
    try:
        return fn(*args)
    finally:
        _unhide(ports, port, hidden)


# ---------------------------------------------------------------------------------------------
# the ping endpoint (SOCK_DGRAM, IPPROTO_ICMP), as Linux's ping sockets

ICMP_ECHO_REPLY = 0
ICMP_ECHO_REQUEST = 8
PING_QUEUE_LIMIT = 64


class PingEndpoint:
    """Sends echo requests under its own identifier; keeps the replies as
    ICMP messages (header + data) for recvfrom. Errors about its requests
    are reported only on a connected endpoint, as Linux does without IP_RECVERR."""

    def __init__(self, ident=None):
        from net import icmp
        self.icmp = icmp
        if ident is not None and ident in icmp._sessions:
            raise TransportError(EADDRINUSE)
        self.session = icmp.EchoSession(self._on_reply, ident)
        self.local_addr = 0
        self.local_port = self.session.ident
        self.remote_addr = 0
        self.remote_port = 0
        self.sent = {}                  # seq -> (payload, destination), to rebuild replies and errors
        self.rx_queue = []              # (icmp bytes, src, 0, ttl), as UdpSocket's (payload, src, port)
        self.ttl = 64                   # IP_TTL of the requests
        self.recverr = False            # IP_RECVERR: errors queue up for recvmsg(MSG_ERRQUEUE)
        self.errqueue = []              # (request bytes, destination, errno, type, code, reporter)
        self.error = 0
        self.waker = None
        self.closed = False

    def connect(self, address, port):
        self.remote_addr = address
        self.remote_port = port

    def sendto(self, data, address=0, port=0):
        if not address:
            if not self.remote_addr:
                raise TransportError(EDESTADDRREQ)
            address = self.remote_addr
        if len(data) < 8 or data[0] != ICMP_ECHO_REQUEST or data[1] != 0:
            raise TransportError(EINVAL)
        seq = (data[6] << 8) | data[7]
        payload = bytes(data[8:])
        if len(self.sent) >= PING_QUEUE_LIMIT:
            for oldest in self.sent:
                del self.sent[oldest]
                break
        self.sent[seq] = (payload, address)
        err = self.session.send(address, seq, ttl=self.ttl, src=self.local_addr, data=payload)
        if err:
            raise TransportError(err)
        return len(data)

    def _on_reply(self, reply):
        if reply.kind != ICMP_ECHO_REPLY:
            errno = _icmp_errno(reply.kind, reply.code)
            if self.recverr:
                payload, dst = self.sent.pop(reply.seq, (b"", 0))
                if len(self.errqueue) < PING_QUEUE_LIMIT:
                    request = _echo_message(ICMP_ECHO_REQUEST, self.local_port, reply.seq, payload)
                    self.errqueue.append((request, dst, errno, reply.kind, reply.code, reply.src))
                self._wake()
            elif self.remote_addr:
                self.error = errno
                self._wake()
            return
        if len(self.rx_queue) >= PING_QUEUE_LIMIT:
            return
        data = self.sent.pop(reply.seq, (b"", 0))[0]
        if len(data) != reply.size:
            data = bytes(reply.size)
        self.rx_queue.append((_echo_message(ICMP_ECHO_REPLY, self.local_port, reply.seq, data), reply.src, 0,
                              reply.ttl))
        self._wake()

    def _wake(self):
        if self.waker is not None:
            self.waker(self)

    def recvfrom(self):
        if self.error:
            err = self.error
            self.error = 0
            raise TransportError(err)
        if not self.rx_queue:
            return None
        return self.rx_queue.pop(0)

    def poll(self):
        ev = POLLOUT
        if self.rx_queue:
            ev |= POLLIN
        if self.error or self.errqueue:
            ev |= POLLERR
        return ev

    def close(self):
        if not self.closed:
            self.closed = True
            self.session.close()

    def abort(self):
        self.close()


def _echo_message(kind, ident, seq, data):
    import inet
    msg = bytearray(8 + len(data))
    struct.pack_into("!BBHHH", msg, 0, kind, 0, 0, ident, seq)
    msg[8:] = data
    struct.pack_into("!H", msg, 2, inet.checksum(msg))
    return bytes(msg)


def _icmp_errno(kind, code):
    """Linux's icmp_err_convert for the errors a ping may draw."""
    if kind == 3:
        return {0: ENETUNREACH, 2: ENOPROTOOPT, 3: ECONNREFUSED, 4: EMSGSIZE}.get(code, EHOSTUNREACH)
    return EHOSTUNREACH


# ---------------------------------------------------------------------------------------------
# the socket file object

class Socket:
    def __init__(self, kind, proto, owner=None):
        self.kind = kind                # SOCK_STREAM or SOCK_DGRAM
        self.proto = proto              # IPPROTO_TCP, IPPROTO_UDP or IPPROTO_ICMP
        self.entry = None               # the connection entry from net_transport_open
        self.bound = None               # (address, port) claimed by bind() before a stream entry exists
        self.conn_state = UNCONNECTED
        self.nonblocking = False
        self.waitq = sched.WaitQueue()
        self.owner = owner              # (pid, name) of the process that made it, for netstat
        self.closed = False
        self.shut_rd = False            # datagram sockets' shutdown (streams: the TcpConn's)
        self.shut_wr = False
        self.reuseaddr = False
        self.broadcast = False
        self.keepalive = False
        self.nodelay = False
        self.cork = False
        self.linger = None              # (onoff, seconds)
        self.sndbuf = None
        self.rcvbuf = None
        self.rcvtimeo = 0               # ms; 0 = wait forever
        self.sndtimeo = 0
        self.error = 0                  # SO_ERROR not held by the entry (datagram ICMP errors are)
        self.recvttl = False            # IP_RECVTTL: recvmsg reports each datagram's TTL
        self.recverr = False            # IP_RECVERR (ping sockets queue ICMP errors)
        self.ip_ttl = 64                # IP_TTL (ping sockets send with it)

    # -- life cycle --
    def _attach(self, entry):
        self.entry = entry
        entry.waker = self._woken

    def _woken(self, entry):
        if self.waitq.waiters:          # the stack calls this for every segment; mostly nobody waits
            self.waitq.wake_all()

    def _release_bound(self):
        if self.bound is not None and self.kind == SOCK_STREAM:
            _stack().tcp_ports.release(self.bound[0], self.bound[1], self)
        self.bound = None

    def close(self):
        """FIN (RST with unread data, or with SO_LINGER 0) for streams; unbinds datagrams."""
        with sched.critical():
            if self.closed:
                return
            self.closed = True
            self._release_bound()
            entry = self.entry
            if entry is not None:
                entry.waker = None
                abortive = self.linger is not None and self.linger[0] and self.linger[1] == 0
                net_transport_close(entry, abortive)
            if self in _open_sockets:
                _open_sockets.remove(self)
            self.waitq.wake_all()

    # -- the file-object interface (read/write, poll) --
    def read(self, n):
        """read(2) on a socket: recv without flags (reached through process.py's generic read)."""
        try:
            return self.recvfrom(n, 0)[0]
        except TransportError as e:
            raise syscall.Error(e.errno)

    def write(self, data):
        try:
            return self.sendto(data, 0, None)
        except TransportError as e:
            raise syscall.Error(e.errno)

    def poll_mask(self):
        with sched.critical():
            return self._poll_mask()

    def _poll_mask(self):
        entry = self.entry
        if self.kind == SOCK_STREAM:
            if entry is None:
                return POLLOUT | POLLHUP            # a fresh stream: as tcp_poll on TCP_CLOSE
            return entry.poll()
        ev = POLLOUT if entry is None else entry.poll()
        if self.shut_rd:
            ev |= POLLIN | POLLRDHUP
        if self.shut_rd and self.shut_wr:
            ev |= POLLHUP
        if self.error:
            ev |= POLLERR
        return ev

    # -- binding --
    def local_endpoint(self):
        if self.entry is not None:
            return self.entry.local_addr, self.entry.local_port
        if self.bound is not None:
            return self.bound
        return 0, 0

    def is_bound(self):
        return self.bound is not None or self.entry is not None

    def bind(self, address, port):
        with sched.critical():
            if self.is_bound():
                _fail(EINVAL)
            if address and not is_local_address(address) and address != 0xFFFFFFFF \
                    and address >> 28 != 0xE:
                _fail(EADDRNOTAVAIL)
            t = _stack()
            if self.kind == SOCK_STREAM:
                port = _with_reuse(t.tcp_ports, port, self.reuseaddr, t.tcp_ports.bind, address, port, self)
                self.bound = (address, port)
            elif self.proto == IPPROTO_ICMP:
                self._open_ping(port if port else None)
                self.entry.local_addr = address
            else:
                self._attach(net_transport_open(IPPROTO_UDP, address, port, transport=t))

    def _open_ping(self, ident=None):
        endpoint = PingEndpoint(ident)
        endpoint.ttl = self.ip_ttl
        endpoint.recverr = self.recverr
        self._attach(endpoint)

    def _autobind_datagram(self):
        if self.entry is None:
            if self.proto == IPPROTO_ICMP:
                self._open_ping()
            else:
                self._attach(net_transport_open(IPPROTO_UDP, 0, 0, transport=_stack()))

    # -- streams: listen, accept, connect --
    def listen(self, backlog):
        with sched.critical():
            if self.kind != SOCK_STREAM:
                _fail(EOPNOTSUPP)
            backlog = 1 if backlog < 1 else MAX_BACKLOG if backlog > MAX_BACKLOG else backlog
            entry = self.entry
            if entry is not None and entry.state == _tcp().LISTEN:
                entry.backlog = backlog
                return
            if self.conn_state != UNCONNECTED or (entry is not None and entry.state != _tcp().CLOSED):
                _fail(EINVAL)
            if entry is not None:
                entry.waker = None          # a failed connection attempt
                self.entry = None
            t = _stack()
            address, port = self.bound if self.bound is not None else (0, 0)
            self._release_bound()
            try:
                listener = _with_reuse(t.tcp_ports, port, self.reuseaddr, net_transport_open, IPPROTO_TCP,
                                       address, port, 0, 0, backlog, t)
            except TransportError:
                if port:
                    self.bound = (address, t.tcp_ports.bind(address, port, self))
                raise
            self._apply_tcp_options(listener)
            self._attach(listener)

    def accept(self, install, owner=None):
        """The next established connection as a new Socket (owned by owner), passed to
        install(sock) -> fd before it leaves the queue (so EMFILE leaves it queued).
        Returns (fd, address)."""
        tcp = _tcp()
        deadline = _deadline(self.rcvtimeo)
        with sched.critical():
            while True:
                listener = self.entry
                if self.kind != SOCK_STREAM or listener is None or listener.state != tcp.LISTEN:
                    _fail(EINVAL)
                if listener.accept_queue:
                    sock = Socket(SOCK_STREAM, IPPROTO_TCP, owner)
                    sock.rcvtimeo = self.rcvtimeo
                    sock.sndtimeo = self.sndtimeo
                    sock.linger = self.linger
                    sock.keepalive = self.keepalive
                    sock.nodelay = self.nodelay
                    sock.cork = self.cork
                    sock.conn_state = CONNECTED
                    fd = install(sock)
                    child = listener.accept()
                    sock._attach(child)
                    _open_sockets.append(sock)
                    return fd, format_address(child.remote_addr, child.remote_port)
                if not _wait(self.waitq, deadline, self.nonblocking):
                    _fail(EAGAIN)

    def connect(self, address, port):
        if address == 0:
            address = 0x7F000001            # Linux: connecting to INADDR_ANY reaches this host
        if self.kind == SOCK_DGRAM:
            with sched.critical():
                self._autobind_datagram()
                entry = self.entry
                if not entry.local_addr:
                    # as Linux: the source address towards the peer becomes the local address
                    entry.local_addr = _stack().source_for(address)[0]
                entry.connect(address, port)
            return 0
        tcp = _tcp()
        with sched.critical():
            entry = self.entry
            if self.conn_state == CONNECTED:
                _fail(EISCONN)
            if self.conn_state == CONNECTING:
                err = EALREADY
            elif entry is not None and entry.state != tcp.CLOSED:
                _fail(EISCONN)              # a listener
            else:
                self._start_connect(address, port)
                err = EINPROGRESS
            deadline = _deadline(self.sndtimeo)
            while self.entry.state in (tcp.SYN_SENT, tcp.SYN_RECEIVED):
                if not _wait(self.waitq, deadline, self.nonblocking):
                    _fail(err)
            if self.entry.state == tcp.CLOSED:
                self.conn_state = UNCONNECTED
                _fail(self.entry.take_error() or ECONNABORTED)
            self.conn_state = CONNECTED
            return 0

    def _start_connect(self, address, port):
        t = _stack()
        local, lport = self.bound if self.bound is not None else (0, 0)
        self._release_bound()
        if self.entry is not None:
            self.entry.waker = None         # the failed attempt before this one
            self.entry = None
        try:
            conn = _with_reuse(t.tcp_ports, lport, self.reuseaddr, t.tcp.connect, address, port, local, lport,
                               self.nodelay, self.sndbuf, self.rcvbuf)
        except TransportError:
            if lport:
                self.bound = (local, t.tcp_ports.bind(local, lport, self))
            raise
        self._attach(conn)
        if self.keepalive:
            conn.set_keepalive(True)
        self.conn_state = CONNECTING

    def _apply_tcp_options(self, conn):
        conn.set_buffer_sizes(self.sndbuf, self.rcvbuf)
        conn.nodelay = self.nodelay
        conn.cork = self.cork
        if self.keepalive:
            conn.set_keepalive(True)

    # -- data --
    def sendto(self, data, flags, destination):
        """destination: None or (address int, port)."""
        if flags & ~_KNOWN_SEND_FLAGS:
            _fail(EOPNOTSUPP)
        nonblocking = self.nonblocking or flags & MSG_DONTWAIT
        if self.kind == SOCK_STREAM:
            return self._send_stream(data, nonblocking)
        with sched.critical():
            if self.shut_wr:
                _fail(EPIPE)
            if self.error:
                err = self.error
                self.error = 0
                _fail(err)
            if destination is None:
                if self.entry is None or not self.entry.remote_addr:
                    _fail(EDESTADDRREQ)
                address, port = 0, 0
            else:
                address, port = destination
                if address == 0:
                    address = 0x7F000001
                if address == 0xFFFFFFFF and not self.broadcast:
                    _fail(EACCES)
            self._autobind_datagram()
            return self.entry.sendto(data, address, port)

    def _send_stream(self, data, nonblocking):
        """Blocking: returns once all of data is queued (or SO_SNDTIMEO ran out after a part)."""
        tcp = _tcp()
        deadline = _deadline(self.sndtimeo)
        view = memoryview(data)
        total = len(view)
        done = 0
        with sched.critical():
            while True:
                conn = self.entry
                if conn is None or conn.state == tcp.LISTEN:
                    _fail(EPIPE)
                try:
                    done += conn.send(view[done:])
                except TransportError:
                    if done:
                        return done
                    raise
                if done == total:
                    return done
                if not _wait(self.waitq, deadline, nonblocking):
                    if done:
                        return done
                    _fail(EAGAIN)

    def recvfrom(self, size, flags):
        """(bytes, (address str, port) or None)."""
        if flags & ~_KNOWN_RECV_FLAGS:
            _fail(EOPNOTSUPP)
        if size < 0:
            _fail(EINVAL)
        nonblocking = self.nonblocking or flags & MSG_DONTWAIT
        if self.kind == SOCK_STREAM:
            return self._recv_stream(size, flags, nonblocking), None
        got = self._recv_datagram(size, flags, nonblocking)
        return got[0], got[1]

    def recvmsg(self, size, ancsize, flags):
        """(bytes, [(level, type, data)], msg flags, address): recvfrom plus the IP_RECVTTL TTL, and with
        MSG_ERRQUEUE the ICMP errors a ping socket queued under IP_RECVERR (Linux's sock_extended_err)."""
        if flags & MSG_ERRQUEUE:
            return self._recv_error(size)
        if flags & ~_KNOWN_RECV_FLAGS or size < 0 or ancsize < 0:
            _fail(EINVAL)
        nonblocking = self.nonblocking or flags & MSG_DONTWAIT
        if self.kind == SOCK_STREAM:
            return self._recv_stream(size, flags, nonblocking), [], 0, None
        data, address, ttl = self._recv_datagram(size, flags, nonblocking)
        ancdata = []
        if self.recvttl and ttl is not None and ancsize >= 16:
            ancdata.append((IPPROTO_IP, IP_TTL, struct.pack("=i", ttl)))
        return data, ancdata, 0, address

    def _recv_error(self, size):
        with sched.critical():
            queue = getattr(self.entry, "errqueue", None)
            if not queue:
                _fail(EAGAIN)
            request, dst, errno, kind, code, reporter = queue.pop(0)
        offender = struct.pack("=H", AF_INET) + struct.pack("!HI", 0, reporter) + bytes(8)
        extended = struct.pack("=IBBBBII", errno, SO_EE_ORIGIN_ICMP, kind, code, 0, 0, 0) + offender
        return request[:size], [(IPPROTO_IP, IP_RECVERR, extended)], MSG_ERRQUEUE, format_address(dst, 0)

    def _recv_datagram(self, size, flags, nonblocking):
        """(bytes, (address, port), ttl or None) of the next datagram, waiting as the socket allows."""
        deadline = _deadline(self.rcvtimeo)
        with sched.critical():
            while True:
                if self.error:
                    err = self.error
                    self.error = 0
                    _fail(err)
                entry = self.entry
                got = None
                if entry is not None:
                    if flags & MSG_PEEK and entry.rx_queue and not entry.error:
                        got = entry.rx_queue[0]
                    else:
                        got = entry.recvfrom()
                if got is not None:
                    ttl = got[3] if len(got) > 3 else None
                    return bytes(got[0][:size]), format_address(got[1], got[2]), ttl
                if self.shut_rd:
                    return b"", None, None
                if not _wait(self.waitq, deadline, nonblocking):
                    _fail(EAGAIN)

    def _recv_stream(self, size, flags, nonblocking):
        deadline = _deadline(self.rcvtimeo)
        if size == 0:
            return b""
        waitall = flags & MSG_WAITALL and not flags & MSG_PEEK
        parts = []
        have = 0
        with sched.critical():
            while True:
                conn = self.entry
                if conn is None:
                    _fail(ENOTCONN)
                if flags & MSG_PEEK and conn.rcvbuf and not conn.rd_closed:
                    return bytes(conn.rcvbuf[:size])
                try:
                    got = conn.recv(size - have)
                except TransportError:
                    if have:
                        return b"".join(parts)
                    raise
                if got is not None:
                    if not waitall or not got:
                        if not parts:
                            return got
                        parts.append(got)
                        return b"".join(parts)
                    parts.append(got)
                    have += len(got)
                    if have >= size:
                        return b"".join(parts)
                    continue
                if not _wait(self.waitq, deadline, nonblocking):
                    if have:
                        return b"".join(parts)
                    _fail(EAGAIN)

    def shutdown(self, how):
        if how not in (SHUT_RD, SHUT_WR, SHUT_RDWR):
            _fail(EINVAL)
        tcp = _tcp()
        with sched.critical():
            entry = self.entry
            if self.kind == SOCK_DGRAM:
                if entry is None or not entry.remote_addr:
                    _fail(ENOTCONN)
                if how != SHUT_WR:
                    self.shut_rd = True
                if how != SHUT_RD:
                    self.shut_wr = True
            elif entry is None or entry.state == tcp.CLOSED:
                _fail(ENOTCONN)
            elif entry.state == tcp.LISTEN:
                if how != SHUT_WR:
                    self._disconnect()
            elif entry.state == tcp.SYN_SENT:
                self._disconnect()
            else:
                entry.shutdown(how)
            self.waitq.wake_all()

    def _disconnect(self):
        """Linux's tcp_disconnect for shutdown of a listener or a connection attempt:
        the entry goes, the socket is unconnected (and unbound) again."""
        entry = self.entry
        entry.waker = None
        net_transport_close(entry, True)
        self.entry = None
        self.conn_state = UNCONNECTED

    # -- names --
    def getsockname(self):
        with sched.critical():
            address, port = self.local_endpoint()
            return format_address(address, port)

    def getpeername(self):
        tcp = _tcp()
        with sched.critical():
            entry = self.entry
            if entry is None or not entry.remote_addr:
                _fail(ENOTCONN)
            if self.kind == SOCK_STREAM and entry.state in (tcp.CLOSED, tcp.SYN_SENT, tcp.LISTEN):
                _fail(ENOTCONN)
            return format_address(entry.remote_addr, entry.remote_port)

    # -- options --
    def setsockopt(self, level, name, value):
        """value: an int, or bytes for the struct-valued options (linger, timeval)."""
        with sched.critical():
            if level == SOL_SOCKET:
                self._set_socket_option(name, value)
            elif level == IPPROTO_TCP and self.kind == SOCK_STREAM:
                self._set_tcp_option(name, value)
            elif level == IPPROTO_IP:
                self._set_ip_option(name, _int_value(value))
            else:
                _fail(ENOPROTOOPT)

    def _set_ip_option(self, name, value):
        """IP_TTL and IP_RECVERR take effect on ping sockets (the endpoint may not exist yet)."""
        if name == IP_TTL:
            if value == -1:
                value = 64
            if not 1 <= value <= 255:
                _fail(EINVAL)
            if self.proto != IPPROTO_ICMP:
                _fail(ENOPROTOOPT)          # only ping sockets send with a chosen TTL here
            self.ip_ttl = value
        elif name == IP_RECVTTL:
            self.recvttl = value != 0
        elif name == IP_RECVERR:
            self.recverr = value != 0
        else:
            _fail(ENOPROTOOPT)
        if isinstance(self.entry, PingEndpoint):
            self.entry.ttl = self.ip_ttl
            self.entry.recverr = self.recverr

    def _set_socket_option(self, name, value):
        if name == SO_LINGER:
            if not isinstance(value, bytes) or len(value) < 8:
                _fail(EINVAL)
            onoff, seconds = struct.unpack_from("ii", value, 0)
            self.linger = (1 if onoff else 0, seconds)
            return
        if name == SO_RCVTIMEO or name == SO_SNDTIMEO:
            ms = _timeout_ms(value)
            if name == SO_RCVTIMEO:
                self.rcvtimeo = ms
            else:
                self.sndtimeo = ms
            return
        flag = _int_value(value)
        if name == SO_REUSEADDR:
            self.reuseaddr = flag != 0
        elif name == SO_REUSEPORT:
            pass                            # accepted; several sockets on one port are not supported
        elif name == SO_BROADCAST:
            self.broadcast = flag != 0
        elif name == SO_KEEPALIVE:
            self.keepalive = flag != 0
            if self.kind == SOCK_STREAM and self.entry is not None:
                self.entry.set_keepalive(self.keepalive)       # a listener passes it to its children
        elif name == SO_SNDBUF or name == SO_RCVBUF:
            size = MIN_BUFFER if flag < MIN_BUFFER else MAX_BUFFER if flag > MAX_BUFFER else flag
            if name == SO_SNDBUF:
                self.sndbuf = size
            else:
                self.rcvbuf = size
            if self.kind == SOCK_STREAM and self.entry is not None:
                self.entry.set_buffer_sizes(self.sndbuf if name == SO_SNDBUF else None,
                                            self.rcvbuf if name == SO_RCVBUF else None)
        else:
            _fail(ENOPROTOOPT)             # SO_TYPE, SO_ERROR, ... are read-only, as on Linux

    def _set_tcp_option(self, name, value):
        flag = _int_value(value)
        if name == TCP_NODELAY:
            self.nodelay = flag != 0
            if self.entry is not None:
                self.entry.set_nodelay(self.nodelay)
        elif name == TCP_CORK:
            self.cork = flag != 0
            if self.entry is not None:
                self.entry.set_cork(self.cork)
        elif name == TCP_KEEPIDLE:
            if flag < 1 or flag > 32767:
                _fail(EINVAL)
            if self.entry is not None:
                self.entry.set_keepalive(self.keepalive, flag * 1000)
        elif name == TCP_MAXSEG:
            pass
        else:
            _fail(ENOPROTOOPT)

    def getsockopt(self, level, name):
        """An int, or bytes for SO_LINGER."""
        tcp = _tcp()
        with sched.critical():
            entry = self.entry
            if level == IPPROTO_IP and name == IP_TTL:
                return self.ip_ttl
            if level == IPPROTO_IP and name == IP_RECVTTL:
                return 1 if self.recvttl else 0
            if level == IPPROTO_TCP and self.kind == SOCK_STREAM:
                if name == TCP_NODELAY:
                    return 1 if self.nodelay else 0
                if name == TCP_CORK:
                    return 1 if self.cork else 0
                if name == TCP_MAXSEG:
                    return entry.mss if entry is not None and entry.state != tcp.LISTEN else 536
                if name == TCP_KEEPIDLE:
                    return (entry.keepalive_ms if entry is not None else 7200000) // 1000
                _fail(ENOPROTOOPT)
            if level != SOL_SOCKET:
                _fail(ENOPROTOOPT)
            if name == SO_ERROR:
                return self._take_error()
            if name == SO_TYPE:
                return self.kind
            if name == SO_PROTOCOL:
                return self.proto
            if name == SO_DOMAIN:
                return AF_INET
            if name == SO_ACCEPTCONN:
                return 1 if entry is not None and self.kind == SOCK_STREAM and entry.state == tcp.LISTEN else 0
            if name == SO_REUSEADDR:
                return 1 if self.reuseaddr else 0
            if name == SO_REUSEPORT:
                return 0
            if name == SO_BROADCAST:
                return 1 if self.broadcast else 0
            if name == SO_KEEPALIVE:
                return 1 if self.keepalive else 0
            if name == SO_SNDBUF:
                return self._buffer_size(True)
            if name == SO_RCVBUF:
                return self._buffer_size(False)
            if name == SO_RCVTIMEO:
                return self.rcvtimeo
            if name == SO_SNDTIMEO:
                return self.sndtimeo
            if name == SO_LINGER:
                onoff, seconds = self.linger if self.linger is not None else (0, 0)
                return struct.pack("ii", onoff, seconds)
            _fail(ENOPROTOOPT)

    def _take_error(self):
        if self.error:
            err = self.error
            self.error = 0
            return err
        entry = self.entry
        if entry is None:
            return 0
        if self.kind == SOCK_STREAM:
            return entry.take_error()
        err = entry.error
        entry.error = 0
        return err

    def _buffer_size(self, send):
        chosen = self.sndbuf if send else self.rcvbuf
        if chosen is not None:
            return chosen
        if self.kind == SOCK_STREAM:
            tcp = _tcp()
            return tcp.TCP_BUFFER_SIZE if send else tcp.TCP_WINDOW_SIZE
        return 212992                       # Linux's default wmem/rmem


def _tcp():
    from net import tcp
    return tcp


def _int_value(value):
    if isinstance(value, int):
        return value
    if isinstance(value, bytes) and len(value) >= 4:
        return struct.unpack_from("i", value, 0)[0]
    _fail(EINVAL)


def _timeout_ms(value):
    """SO_RCVTIMEO/SO_SNDTIMEO: milliseconds as an int, or a struct timeval's bytes."""
    if isinstance(value, int):
        ms = value
    elif isinstance(value, bytes) and len(value) >= 16:
        seconds, micros = struct.unpack_from("qq", value, 0)
        if micros < 0 or micros >= 1000000:
            _fail(EINVAL)
        ms = seconds * 1000 + (micros + 999) // 1000
    else:
        _fail(EINVAL)
    return 0 if ms < 0 else ms


# ---------------------------------------------------------------------------------------------
# syscalls

def socket_of(proc, fd):
    """The open socket fd names (every socket syscall starts here): proc.fd_get(fd) inline for an open
    socket, the full checks (and their errno) otherwise."""
    fds = proc.fds
    if type(fd) is int and 0 <= fd < len(fds):
        fileobj = fds[fd]
        if type(fileobj) is Socket and not fileobj.closed:
            return fileobj
    fileobj = proc.fd_get(fd)
    if not isinstance(fileobj, Socket):
        _fail(ENOTSOCK)
    if fileobj.closed:
        _fail(EBADF)
    return fileobj


def _owner_of(proc):
    if proc is None:
        return None
    return (getattr(proc, "pid", None), getattr(proc, "name", ""))


def sys_socket(proc, family, kind, proto):
    if family != AF_INET:
        _fail(EAFNOSUPPORT)
    flags = kind & ~SOCK_TYPE_MASK
    kind &= SOCK_TYPE_MASK
    if flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC):
        _fail(EINVAL)
    if kind == SOCK_STREAM:
        if proto not in (IPPROTO_IP, IPPROTO_TCP):
            _fail(EPROTONOSUPPORT)
        proto = IPPROTO_TCP
    elif kind == SOCK_DGRAM:
        if proto not in (IPPROTO_IP, IPPROTO_UDP, IPPROTO_ICMP):
            _fail(EPROTONOSUPPORT)
        if proto == IPPROTO_IP:
            proto = IPPROTO_UDP
    else:
        _fail(ESOCKTNOSUPPORT)
    sock = Socket(kind, proto, _owner_of(proc))
    sock.nonblocking = flags & SOCK_NONBLOCK != 0
    fd = proc.fd_install(sock)
    with sched.critical():
        _open_sockets.append(sock)
    return fd


def sys_bind(proc, fd, address):
    sock = socket_of(proc, fd)
    host, port = parse_address(address)
    sock.bind(host, port)
    return 0


def sys_connect(proc, fd, address):
    sock = socket_of(proc, fd)
    host, port = parse_address(address)
    return sock.connect(host, port)


def sys_listen(proc, fd, backlog):
    socket_of(proc, fd).listen(backlog)
    return 0


def sys_accept(proc, fd):
    return socket_of(proc, fd).accept(proc.fd_install, _owner_of(proc))


def sys_sendto(proc, fd, data, flags, address):
    """address: () for none (send)."""
    sock = socket_of(proc, fd)
    destination = None
    if address != ():
        destination = parse_address(address)
        if sock.kind == SOCK_STREAM:
            destination = None              # Linux ignores it on a stream
    return sock.sendto(data, flags, destination)


def sys_recvfrom(proc, fd, size, flags):
    return socket_of(proc, fd).recvfrom(size, flags)


def sys_recvmsg(proc, fd, size, ancsize, flags):
    return socket_of(proc, fd).recvmsg(size, ancsize, flags)


def sys_shutdown(proc, fd, how):
    socket_of(proc, fd).shutdown(how)
    return 0


def sys_getsockname(proc, fd):
    return socket_of(proc, fd).getsockname()


def sys_getpeername(proc, fd):
    return socket_of(proc, fd).getpeername()


def sys_setsockopt(proc, fd, level, name, value):
    socket_of(proc, fd).setsockopt(level, name, value)
    return 0


def sys_getsockopt(proc, fd, level, name):
    return socket_of(proc, fd).getsockopt(level, name)


_POLL_ITEM = (int, int)                  # (fd, events)
_POLL_ALWAYS = POLLERR | POLLHUP        # reported whether asked for or not


def sys_poll(proc, fds, timeout_ms):
    """fds: a list of (fd, events); returns [(fd, revents)] for the ready ones.
    timeout_ms < 0 waits forever, 0 only looks."""
    for item in fds:
        if type(item) is not tuple or not userland.types_are(item, _POLL_ITEM):
            _fail(EINVAL)
    deadline = None if timeout_ms < 0 else machine.ticks_ms() + timeout_ms
    with sched.critical():
        while True:
            ready = []
            queues = []
            table = proc.fds            # (read again after a wait: the process may have closed some)
            nfds = len(table)
            for fd, events in fds:
                if fd < 0:
                    continue
                # proc.fd_get(fd) without the call (fd is an int, checked above): this runs for every fd at
                # every poll, twice when it waits
                fileobj = table[fd] if fd < nfds else None
                if fileobj is None:
                    ready.append((fd, POLLNVAL))
                    continue
                if type(fileobj) is Socket:
                    # a socket's mask without poll_mask()'s own critical section: this one holds already (a
                    # connection's own, as _poll_mask() gives it, without that call: the usual socket polled)
                    entry = fileobj.entry
                    if fileobj.kind == SOCK_STREAM and entry is not None:
                        mask = entry.poll()
                    else:
                        mask = fileobj._poll_mask()
                    waitq = fileobj.waitq
                else:
                    mask = fileobj.poll_mask()
                    waitq = getattr(fileobj, "waitq", None)
                revents = mask & (events | _POLL_ALWAYS)
                if revents:
                    ready.append((fd, revents))
                elif waitq is not None and waitq not in queues:
                    queues.append(waitq)
            if ready:
                return ready
            left = None if deadline is None else deadline - machine.ticks_ms()
            if left is not None and left <= 0:
                return []
            _wait_any(queues, left)


def sys_fcntl(proc, fd, cmd, arg):
    fileobj = proc.fd_get(fd)
    if cmd == F_GETFL:
        return O_RDWR | (O_NONBLOCK if getattr(fileobj, "nonblocking", False) else 0)
    if cmd == F_SETFL:
        fileobj.nonblocking = arg & O_NONBLOCK != 0
        return 0
    if cmd == F_GETFD:
        return 0
    if cmd == F_SETFD:
        return 0
    _fail(EINVAL)


def sys_close(proc, fd):
    """Closes the file when no other descriptor (dup) still names it."""
    fileobj = proc.fd_remove(fd)
    if not _still_held(proc, fileobj):
        fileobj.close()
    return 0


def _still_held(proc, fileobj):
    fds = proc.fds
    for other in (fds.values() if isinstance(fds, dict) else fds):
        if other is fileobj:
            return True
    return False


FD = syscall.FD
SYSCALLS = (
    (syscall.SYS_SOCKET, "socket", (int, int, int), sys_socket),
    (syscall.SYS_BIND, "bind", (FD, tuple), sys_bind),
    (syscall.SYS_CONNECT, "connect", (FD, tuple), sys_connect),
    (syscall.SYS_LISTEN, "listen", (FD, int), sys_listen),
    (syscall.SYS_ACCEPT, "accept", (FD,), sys_accept),
    (syscall.SYS_SENDTO, "sendto", (FD, bytes, int, tuple), sys_sendto),
    (syscall.SYS_RECVFROM, "recvfrom", (FD, int, int), sys_recvfrom),
    (syscall.SYS_RECVMSG, "recvmsg", (FD, int, int, int), sys_recvmsg),
    (syscall.SYS_SHUTDOWN, "shutdown", (FD, int), sys_shutdown),
    (syscall.SYS_GETSOCKNAME, "getsockname", (FD,), sys_getsockname),
    (syscall.SYS_GETPEERNAME, "getpeername", (FD,), sys_getpeername),
    (syscall.SYS_SETSOCKOPT, "setsockopt", (FD, int, int, (int, bytes)), sys_setsockopt),
    (syscall.SYS_GETSOCKOPT, "getsockopt", (FD, int, int), sys_getsockopt),
    (syscall.SYS_POLL, "poll", ((list, tuple), int), sys_poll),
    (syscall.SYS_FCNTL, "fcntl", (FD, int, int), sys_fcntl),
    (syscall.SYS_CLOSE, "close", (FD,), sys_close),
)


def register_all():
    syscall.add_error_type(TransportError)      # handlers let the stack's errors through as they are
    for nr, name, types, fn in SYSCALLS:
        syscall.register(nr, name, types)(fn)


register_all()


# ---------------------------------------------------------------------------------------------
# netstat

def _owner_text(owner):
    if owner is None:
        return "-"
    pid, name = owner
    return f"{pid}/{name}" if name else f"{pid}"


def _endpoint(address, port):
    return transport.format_endpoint(address, port)


def socket_rows():
    """(proto, recv-q, send-q, local, foreign, state, owner) for every socket and every
    connection the stack still keeps without one (TIME_WAIT, not yet accepted, closing)."""
    tcp = _tcp()
    t = _stack()
    rows = []
    with sched.critical():
        owned = []
        for sock in _open_sockets:
            entry = sock.entry
            owner = _owner_text(sock.owner)
            if entry is not None:
                owned.append(entry)
            if sock.kind == SOCK_STREAM:
                if entry is None:
                    address, port = sock.bound if sock.bound is not None else (0, 0)
                    rows.append(("tcp", 0, 0, _endpoint(address, port), "0.0.0.0:*", "CLOSE", owner))
                    continue
                rows.append(("tcp", entry.recv_queue_len(), entry.send_queue_len(),
                             _endpoint(entry.local_addr, entry.local_port),
                             _endpoint(entry.remote_addr, entry.remote_port),
                             tcp.STATE_NAMES[entry.state], owner))
                continue
            name = "icmp" if sock.proto == IPPROTO_ICMP else "udp"
            if entry is None:
                rows.append((name, 0, 0, "0.0.0.0:*", "0.0.0.0:*", "", owner))
                continue
            queued = 0
            for item in entry.rx_queue:
                queued += len(item[0])
            rows.append((name, queued, 0, _endpoint(entry.local_addr, entry.local_port),
                         _endpoint(entry.remote_addr, entry.remote_port), "", owner))
        if t is not None:
            for conn in list(t.tcp.conns.values()):
                if conn not in owned:
                    rows.append(("tcp", conn.recv_queue_len(), conn.send_queue_len(),
                                 _endpoint(conn.local_addr, conn.local_port),
                                 _endpoint(conn.remote_addr, conn.remote_port),
                                 tcp.STATE_NAMES[conn.state], "-"))
            for group in list(t.tcp.listeners.values()):
                for conn in group:
                    if conn not in owned:
                        rows.append(("tcp", conn.recv_queue_len(), 0, _endpoint(conn.local_addr, conn.local_port),
                                     "0.0.0.0:*", "LISTEN", "-"))
            for users in list(t.udp.sockets.values()):
                for usock in users:
                    if usock not in owned:
                        rows.append(("udp", 0, 0, _endpoint(usock.local_addr, usock.local_port),
                                     _endpoint(usock.remote_addr, usock.remote_port), "", "-"))
    return rows


def format_sockets():
    """The `netstat` listing: sockets, their states and owning processes."""
    lines = ["Proto Recv-Q Send-Q Local Address          Foreign Address        State        PID/Program"]
    for proto, recvq, sendq, local, foreign, state, owner in socket_rows():
        lines.append(f"{proto:<5} {recvq:>6} {sendq:>6} {local:<22} {foreign:<22} {state:<12} {owner}")
    return "\n".join(lines) + "\n"
