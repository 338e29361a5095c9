"""UDP (RFC 768): datagram sockets, port demux and the checksum.

Receive: the window is the 8-byte header + payload. The checksum is verified
unless it is 0 (sender computed none); the datagram goes to the best match
among the sockets on its port (connected 4-tuple, then the exact local
address, then the 0.0.0.0 wildcard); a unicast datagram for a closed port is
handed to the ICMP port-unreachable hook. Each socket queues at most
rx_limit datagrams; more are dropped and counted.
"""
from micropython import const
import struct
import inet
from net.pkbuf import PacketBuffer
from net.transport import (IPPROTO_UDP, TransportError, EBADF, EMSGSIZE, EDESTADDRREQ,
                           ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, pseudo_header_sum,
                           is_multicast_or_broadcast, format_endpoint)

UDP_HEADER_LEN = const(8)
UDP_MAX_PAYLOAD = const(65507)                 # 65535 - IPv4 20 - UDP 8
UDP_RX_QUEUE_LIMIT = const(64)                 # datagrams per socket

POLLIN = const(0x001)
POLLOUT = const(0x004)
POLLERR = const(0x008)

ICMP_DEST_UNREACH = const(3)
_UNREACH_PORT = const(3)


class UdpSocket:
    def __init__(self, udp, local_addr, local_port):
        self.udp = udp
        self.local_addr = local_addr
        self.local_port = local_port
        self.remote_addr = 0
        self.remote_port = 0
        self.rx_queue = []              # (payload bytes, src addr, src port)
        self.rx_limit = UDP_RX_QUEUE_LIMIT
        self.rx_drops = 0
        self.error = 0
        self.waker = None               # called with the socket when it becomes readable/errored
        self.closed = False

    def connect(self, addr, port):
        """Fixes the peer: send() goes there and only its datagrams are received."""
        self.remote_addr = addr
        self.remote_port = port

    def sendto(self, data, addr=0, port=0):
        """Sends one datagram; returns its length. Without addr, to the connected peer."""
        if self.closed:
            raise TransportError(EBADF)
        if not addr:
            if not self.remote_addr:
                raise TransportError(EDESTADDRREQ)
            addr = self.remote_addr
            port = self.remote_port
        n = len(data)
        if n > UDP_MAX_PAYLOAD:
            raise TransportError(EMSGSIZE)
        src, _ = self.udp.transport.source_for(addr, self.local_addr)
        self.udp.output(data, src, self.local_port, addr, port)
        return n

    def send(self, data):
        return self.sendto(data)

    def recvfrom(self):
        """(payload, src addr, src port) of the oldest datagram, or None when the queue is empty.
        A pending ICMP error is raised once first."""
        if self.error:
            err = self.error
            self.error = 0
            raise TransportError(err)
        if not self.rx_queue:
            return None
        return self.rx_queue.pop(0)

    def poll(self):
        events = POLLOUT
        if self.rx_queue:
            events |= POLLIN
        if self.error:
            events |= POLLERR
        return events

    def readable(self):
        return bool(self.rx_queue) or self.error != 0

    def writable(self):
        return not self.closed

    def close(self):
        if not self.closed:
            self.closed = True
            self.udp.unbind(self)

    def abort(self):
        self.close()

    def _deliver(self, payload, src, sport):
        if len(self.rx_queue) >= self.rx_limit:
            self.rx_drops += 1
            self.udp.transport.stats.drop("udp", "rcvbuf_errors")
            return
        self.rx_queue.append((bytes(payload), src, sport))
        self._wake()

    def _wake(self):
        if self.waker is not None:
            self.waker(self)


class Udp:
    def __init__(self, transport):
        self.transport = transport
        self.sockets = {}               # local port -> list of UdpSocket

    def bind(self, local_addr=0, local_port=0):
        sock = UdpSocket(self, local_addr, 0)
        sock.local_port = self.transport.udp_ports.bind(local_addr, local_port, sock)
        users = self.sockets.get(sock.local_port)
        if users is None:
            users = []
            self.sockets[sock.local_port] = users
        users.append(sock)
        return sock

    def unbind(self, sock):
        self.transport.udp_ports.release(sock.local_addr, sock.local_port, sock)
        users = self.sockets.get(sock.local_port)
        if users is not None and sock in users:
            users.remove(sock)
            if not users:
                del self.sockets[sock.local_port]

    def output(self, data, src, sport, dst, dport):
        n = len(data)
        pkb = PacketBuffer.alloc(n)
        pkb.append(data)
        length = UDP_HEADER_LEN + n
        hdr = pkb.push(UDP_HEADER_LEN)
        struct.pack_into("!HHHH", hdr, 0, sport, dport, length, 0)
        csum = inet.checksum(pkb.data(), pseudo_header_sum(src, dst, IPPROTO_UDP, length))
        if csum == 0:
            csum = 0xFFFF               # 0 on the wire means "no checksum"
        struct.pack_into("!H", hdr, 6, csum)
        self.transport.stats.inc("udp", "out_datagrams")
        self.transport.ip_output(pkb, src, dst, IPPROTO_UDP)

    def input(self, iface, pkb, hdr):
        try:
            self._input(iface, pkb, hdr)
        finally:
            pkb.release()

    def _input(self, iface, pkb, hdr):
        stats = self.transport.stats
        data = pkb.data()
        if len(data) < UDP_HEADER_LEN:
            stats.drop("udp", "in_errors_short")
            return
        sport, dport, length, csum = struct.unpack_from("!HHHH", data, 0)
        if length < UDP_HEADER_LEN or length > len(data):
            stats.drop("udp", "in_errors_length")
            return
        if length < len(data):
            pkb.trim(length)
            data = pkb.data()
        if csum != 0 and inet.checksum(data, pseudo_header_sum(hdr.src, hdr.dst, IPPROTO_UDP, length)) != 0:
            stats.drop("udp", "in_csum_errors")
            return
        sock = self.lookup(hdr.dst, dport, hdr.src, sport)
        if sock is None:
            stats.drop("udp", "no_ports")
            if not is_multicast_or_broadcast(hdr.dst) and not _is_directed_broadcast(iface, hdr.dst):
                hook = self.transport.icmp_port_unreachable
                if hook is not None:
                    hook(iface, pkb, hdr)
            return
        stats.inc("udp", "in_datagrams")
        sock._deliver(data[UDP_HEADER_LEN:], hdr.src, sport)

    def lookup(self, local_addr, local_port, remote_addr, remote_port):
        users = self.sockets.get(local_port)
        if not users:
            return None
        best = None
        best_score = -1
        for sock in users:
            score = 0
            if sock.local_addr:
                if sock.local_addr != local_addr:
                    continue
                score += 1
            if sock.remote_addr:
                if sock.remote_addr != remote_addr or sock.remote_port != remote_port:
                    continue
                score += 2
            if score > best_score:
                best = sock
                best_score = score
        return best

    def icmp_error(self, kind, code, orig_src, orig_dst, orig_transport_bytes):
        """An ICMP error about a datagram we sent: reported on a connected socket (as Linux does)."""
        if len(orig_transport_bytes) < 4:
            return
        sport, dport = struct.unpack_from("!HH", orig_transport_bytes, 0)
        sock = self.lookup(orig_src, sport, orig_dst, dport)
        if sock is None or not sock.remote_addr:
            return
        if kind != ICMP_DEST_UNREACH:
            return
        if code == _UNREACH_PORT:
            sock.error = ECONNREFUSED
        elif code == 0:
            sock.error = ENETUNREACH
        else:
            sock.error = EHOSTUNREACH
        sock._wake()

    def connection_rows(self):
        rows = []
        for port in self.sockets:
            for sock in self.sockets[port]:
                queued = 0
                for entry in sock.rx_queue:
                    queued += len(entry[0])
                foreign = format_endpoint(sock.remote_addr, sock.remote_port)
                rows.append(("udp", queued, 0, format_endpoint(sock.local_addr, sock.local_port),
                             foreign, ""))
        return rows


def _is_directed_broadcast(iface, addr):
    if iface is None:
        return False
    for local, prefix_len in getattr(iface, "ipv4", ()):
        if prefix_len < 31:
            host_mask = (1 << (32 - prefix_len)) - 1
            if addr & host_mask == host_mask and (addr ^ local) & ~host_mask & 0xFFFFFFFF == 0:
                return True
    return False
