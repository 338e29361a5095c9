"""The transport layer's shared parts: Linux errno values, the port tables,
the stack object tying UDP and TCP to their lower layers, and the seed's
internal API under the socket syscalls (net_transport_open/close).

Everything the transport layer needs from below is injected (Transport's
arguments), so two independent stacks can run side by side in host tests:
  ip_output(pkb, src, dst, proto)   sends a transport segment in an IPv4 packet
  timers                            schedule(delay_ms, fn, *args) -> handle, cancel(handle)
  route(dst) -> (src, mtu) | None   the source address and link MTU towards dst
  icmp_port_unreachable(iface, pkb, hdr)   answers a datagram for a closed UDP port
                                    (called before the datagram is released; copy what you keep)
  stats                             inc(layer, key) / drop(layer, reason)
  batch_end(fn)                     runs fn() once the frames being handed up now have all been through
                                    (None: no batches; TCP then acknowledges every second segment at once)
The IP layer calls udp_input/tcp_input(iface, pkb, hdr); the ICMP layer calls
tcp_icmp_error/udp_icmp_error(kind, code, orig_src, orig_dst, orig_transport_bytes)
where kind and code are the ICMP type and code of the error.
"""

IPPROTO_TCP = 6
IPPROTO_UDP = 17

# Linux errno values, handed unchanged to the socket layer.
EPIPE = 32
EAGAIN = 11
EINVAL = 22
EMSGSIZE = 90
EOPNOTSUPP = 95
EADDRINUSE = 98
EADDRNOTAVAIL = 99
ENETUNREACH = 101
ECONNABORTED = 103
ECONNRESET = 104
EISCONN = 106
ENOTCONN = 107
ETIMEDOUT = 110
ECONNREFUSED = 111
EHOSTUNREACH = 113
EPROTO = 71
EDESTADDRREQ = 89
EBADF = 9

EPHEMERAL_FIRST = 49152
EPHEMERAL_LAST = 65535


class TransportError(Exception):
    """A failure reported to the socket layer as a Linux errno value."""

    def __init__(self, errno):
        Exception.__init__(self, errno)
        self.errno = errno


class PortTable:
    """Which local (address, port) pairs are bound, for one protocol.
    Address 0 is the wildcard and clashes with every address on its port."""

    def __init__(self):
        self.bound = {}                 # port -> list of (addr, owner)
        self.next_ephemeral = EPHEMERAL_FIRST

    def is_free(self, addr, port):
        users = self.bound.get(port)
        if users is None:
            return True
        for used_addr, _ in users:
            if used_addr == 0 or addr == 0 or used_addr == addr:
                return False
        return True

    def bind(self, addr, port, owner):
        """Claims (addr, port) for owner; port 0 picks an ephemeral port. Returns the port."""
        if port == 0:
            port = self._pick_ephemeral(addr)
        elif not self.is_free(addr, port):
            raise TransportError(EADDRINUSE)
        users = self.bound.get(port)
        if users is None:
            users = []
            self.bound[port] = users
        users.append((addr, owner))
        return port

    def release(self, addr, port, owner):
        users = self.bound.get(port)
        if users is None:
            return
        for i in range(len(users)):
            if users[i][1] is owner:
                del users[i]
                break
        if not users:
            del self.bound[port]

    def _pick_ephemeral(self, addr):
        span = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1
        for _ in range(span):
            port = self.next_ephemeral
            self.next_ephemeral = EPHEMERAL_FIRST if port == EPHEMERAL_LAST else port + 1
            if port not in self.bound:
                return port
        raise TransportError(EADDRINUSE)


def pseudo_header_sum(src, dst, proto, length):
    """Partial one's-complement sum of the IPv4 pseudo-header (for inet.checksum's start)."""
    return (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + proto + length


def is_multicast_or_broadcast(addr):
    return addr == 0xFFFFFFFF or (addr >> 28) == 0xE


def format_endpoint(addr, port):
    return f"{addr >> 24}.{(addr >> 16) & 255}.{(addr >> 8) & 255}.{addr & 255}:{port if port else '*'}"


class _NoStats:
    def inc(self, layer, key, n=1):
        pass

    def table(self, layer, keys=()):
        return dict.fromkeys(keys, 0)

    def drop(self, layer, reason):
        pass


class Transport:
    """One stack's transport layer: its port tables, UDP and TCP."""

    def __init__(self, ip_output, timers, route=None, icmp_port_unreachable=None, stats=None, batch_end=None):
        from net.udp import Udp
        from net.tcp import Tcp
        self.ip_output = ip_output
        self.timers = timers
        self.route = route
        self.icmp_port_unreachable = icmp_port_unreachable
        self.stats = stats if stats is not None else _NoStats()
        self.batch_end = batch_end
        self.udp_ports = PortTable()
        self.tcp_ports = PortTable()
        self.udp = Udp(self)
        self.tcp = Tcp(self)

    def source_for(self, dst, local_addr=0):
        """(source address, MTU) to reach dst; raises ENETUNREACH without a route."""
        from net.config import NET_PACKET_MTU
        if self.route is not None:
            found = self.route(dst)
            if found is None:
                raise TransportError(ENETUNREACH)
            src, mtu = found
            return (local_addr if local_addr else src), mtu
        if local_addr == 0:
            raise TransportError(ENETUNREACH)
        return local_addr, NET_PACKET_MTU

    def format_connections(self):
        lines = ["Proto Recv-Q Send-Q Local Address          Foreign Address        State"]
        for row in self.udp.connection_rows() + self.tcp.connection_rows():
            proto, recvq, sendq, local, foreign, state = row
            lines.append(f"{proto:<5} {recvq:>6} {sendq:>6} {local:<22} {foreign:<22} {state}")
        return "\n".join(lines) + "\n"


# ---- the kernel's one stack and the seed's internal API ----
_stack = None


def net_transport_init(ip_output, timers, route=None, icmp_port_unreachable=None, stats=None, batch_end=None):
    """Creates the kernel's transport layer (once, when net.ip is up)."""
    global _stack
    _stack = Transport(ip_output, timers, route, icmp_port_unreachable, stats, batch_end)
    return _stack


def stack():
    return _stack


def net_transport_open(proto, local_addr=0, local_port=0, remote_addr=0, remote_port=0,
                       backlog=None, transport=None):
    """Creates a connection entry for the socket layer and returns it.

    TCP: with remote_addr/remote_port an active open (connect; the entry is in
    SYN_SENT); otherwise a passive open listening with `backlog` (default 16).
    UDP: a socket bound to (local_addr, local_port) (port 0: ephemeral),
    connected to the remote endpoint when one is given.
    Raises TransportError (EADDRINUSE, ENETUNREACH, EINVAL, ...)."""
    t = transport if transport is not None else _stack
    if proto == IPPROTO_TCP:
        if remote_addr:
            return t.tcp.connect(remote_addr, remote_port, local_addr, local_port)
        return t.tcp.listen(local_addr, local_port, 16 if backlog is None else backlog)
    if proto == IPPROTO_UDP:
        sock = t.udp.bind(local_addr, local_port)
        if remote_addr:
            sock.connect(remote_addr, remote_port)
        return sock
    raise TransportError(EOPNOTSUPP)


def net_transport_close(entry, abortive=False):
    """Closes an entry from net_transport_open. TCP: a graceful close sends FIN
    (RST instead when unread data is pending or abortive is true, as Linux does
    for SO_LINGER 0); the entry is freed when the close handshake ends. UDP:
    unbinds at once."""
    if abortive:
        entry.abort()
    else:
        entry.close()


def udp_input(iface, pkb, hdr):
    _stack.udp.input(iface, pkb, hdr)


def tcp_input(iface, pkb, hdr):
    _stack.tcp.input(iface, pkb, hdr)


def udp_icmp_error(kind, code, orig_src, orig_dst, orig_transport_bytes):
    _stack.udp.icmp_error(kind, code, orig_src, orig_dst, orig_transport_bytes)


def tcp_icmp_error(kind, code, orig_src, orig_dst, orig_transport_bytes):
    _stack.tcp.icmp_error(kind, code, orig_src, orig_dst, orig_transport_bytes)


def format_connections():
    return _stack.format_connections()
