"""DHCP client (RFC 2131, options of RFC 2132): one per interface.

INIT -> SELECTING (DISCOVER broadcast, the first valid OFFER wins) ->
REQUESTING (REQUEST naming the server and the offered address) -> BOUND on
ACK, back to INIT on NAK or when REQUEST retransmissions run out. At T1 the
client RENEWs (REQUEST unicast to its server), at T2 it REBINDs (REQUEST
broadcast to any server), and when the lease ends the address is given up
and the client starts over.

Retransmissions back off 4, 8, 16, 32, 64 s, each +-1 s at random (RFC 2131
section 4.1); DISCOVERs go on every 64 s, REQUESTs give up after the 64-s
wait. While renewing or rebinding a REQUEST is repeated after half the time
left to T2 (or to the end of the lease), at least 60 s apart.

While it has no address the client builds whole frames itself (Ethernet and
IPv4 broadcast, source 0.0.0.0) and hands them to its interface: ip.output
would pick a source address from another interface. Replies come in through
udp_input(), which the kernel calls for every UDP datagram before the
transport. The owner learns about the address through two callbacks:
  bound(iface, address, prefix_len, router_or_0, lease_s)   a lease is held,
      or a renewal changed its address, prefix or router
  unbound(iface, address, prefix_len)   the address must go (expiry, NAK,
      a renewal to another address, stop())
"""
import struct
import inet
import machine
from net import addr, ether, ip, stats, timer
from net.pkbuf import PacketBuffer
from net.transport import pseudo_header_sum

CLIENT_PORT = 68
SERVER_PORT = 67
UDP_HEADER_LEN = 8

BOOTREQUEST = 1
BOOTREPLY = 2
HTYPE_ETHERNET = 1
FLAG_BROADCAST = 0x8000
MAGIC_COOKIE = 0x63825363
SNAME_AT = 44               # offsets in the BOOTP message
FILE_AT = 108
COOKIE_AT = 236
OPTIONS_AT = 240
MIN_MESSAGE_LEN = 300       # BOOTP's minimum (RFC 1542): short messages are padded

# Message types (option 53).
DHCPDISCOVER = 1
DHCPOFFER = 2
DHCPREQUEST = 3
DHCPDECLINE = 4
DHCPACK = 5
DHCPNAK = 6
DHCPRELEASE = 7
DHCPINFORM = 8

# Options.
OPT_PAD = 0
OPT_SUBNET_MASK = 1
OPT_ROUTER = 3
OPT_DNS = 6
OPT_HOST_NAME = 12
OPT_REQUESTED_IP = 50
OPT_LEASE_TIME = 51
OPT_OVERLOAD = 52
OPT_MESSAGE_TYPE = 53
OPT_SERVER_ID = 54
OPT_PARAMETER_LIST = 55
OPT_RENEWAL_TIME = 58
OPT_REBINDING_TIME = 59
OPT_CLIENT_ID = 61
OPT_END = 255

HOST_NAME = b"krait"
PARAMETERS = bytes([OPT_SUBNET_MASK, OPT_ROUTER, OPT_DNS, OPT_LEASE_TIME, OPT_SERVER_ID,
                    OPT_RENEWAL_TIME, OPT_REBINDING_TIME])
INFINITE_LEASE = 0xFFFFFFFF

FIRST_TIMEOUT_MS = 4000
MAX_TIMEOUT_MS = 64000
JITTER_MS = 1000
REQUEST_TRANSMISSIONS = 5       # 4, 8, 16, 32, 64 s of waiting, then back to INIT
MIN_RENEW_RETRY_MS = 60000      # RFC 2131 4.4.5
NAK_MAX_HOLDOFF_MS = 64000      # repeated NAKs restart ever more slowly

INIT = "INIT"
SELECTING = "SELECTING"
REQUESTING = "REQUESTING"
BOUND = "BOUND"
RENEWING = "RENEWING"
REBINDING = "REBINDING"

_clients = {}               # interface name -> running DhcpClient
_rand_state = 0x2545F491


def _random32():
    """xorshift32 stirred with the microsecond clock: transaction ids and jitter, not cryptography."""
    global _rand_state
    x = (_rand_state ^ machine.ticks_us()) & 0xFFFFFFFF
    if x == 0:
        x = 0x2545F491
    x ^= (x << 13) & 0xFFFFFFFF
    x ^= x >> 17
    x ^= (x << 5) & 0xFFFFFFFF
    _rand_state = x
    return x


def _jitter_ms():
    return _random32() % (2 * JITTER_MS + 1) - JITTER_MS


def backoff_ms(transmissions):
    """The wait after the n-th transmission: 4 s doubling up to 64 s, +-1 s."""
    base = FIRST_TIMEOUT_MS << min(transmissions - 1, 4)
    return min(base, MAX_TIMEOUT_MS) + _jitter_ms()


def _seconds_left(deadline_ms):
    left = deadline_ms - machine.ticks_ms()
    if left <= 0:
        return 0
    return (left + 999) // 1000


def _usable_address(address):
    """A unicast address a server may hand out (not 0, loopback, multicast, class E, broadcast)."""
    return address != 0 and not addr.is_martian_source(address) and address >> 24 != 127


def _classful_prefix(address):
    top = address >> 24
    if top < 128:
        return 8
    if top < 192:
        return 16
    return 24


# --- parsing ---------------------------------------------------------------------------------------

class Reply:
    """A server's message, checked: fixed fields, then the options we use (None when absent)."""

    def __init__(self, view):
        fields = struct.unpack_from("!BBBBIHHIIII", view, 0)
        self.op = fields[0]
        self.htype = fields[1]
        self.hlen = fields[2]
        self.xid = fields[4]
        self.flags = fields[6]
        self.ciaddr = fields[7]
        self.yiaddr = fields[8]
        self.siaddr = fields[9]
        self.giaddr = fields[10]
        self.chaddr = bytes(view[28:34])
        self.cookie = struct.unpack_from("!I", view, COOKIE_AT)[0]
        self.msg_type = 0
        self.server_id = None
        self.lease = None
        self.prefix_len = None
        self.routers = []
        self.dns = []
        self.t1 = None
        self.t2 = None


def _walk_options(view, pos, end, found):
    """Collects the options of view[pos:end] into found (code -> bytes, repeats concatenated as
    RFC 3396 says). False when an option runs past the end or the END option is missing."""
    while pos < end:
        code = view[pos]
        if code == OPT_PAD:
            pos += 1
            continue
        if code == OPT_END:
            return True
        if pos + 2 > end:
            return False
        length = view[pos + 1]
        if pos + 2 + length > end:
            return False
        value = bytes(view[pos + 2:pos + 2 + length])
        if code in found:
            found[code] = found[code] + value
        else:
            found[code] = value
        pos += 2 + length
    return False


def _collect_options(view):
    """All options, including those overloaded into 'file' and 'sname' (option 52); None if malformed."""
    found = {}
    if not _walk_options(view, OPTIONS_AT, len(view), found):
        return None
    overload = found.get(OPT_OVERLOAD)
    if overload is not None:
        if len(overload) != 1 or overload[0] < 1 or overload[0] > 3:
            return None
        if overload[0] & 1 and not _walk_options(view, FILE_AT, COOKIE_AT, found):
            return None
        if overload[0] & 2 and not _walk_options(view, SNAME_AT, FILE_AT, found):
            return None
    return found


def _u32(value):
    return struct.unpack_from("!I", value, 0)[0]


def _address_list(value):
    return [struct.unpack_from("!I", value, i)[0] for i in range(0, len(value), 4)]


def _decode_options(reply, found):
    """Fills reply from the options; returns a drop reason, or None when they are all well formed."""
    for code in (OPT_SERVER_ID, OPT_LEASE_TIME, OPT_SUBNET_MASK, OPT_RENEWAL_TIME, OPT_REBINDING_TIME):
        value = found.get(code)
        if value is not None and len(value) != 4:
            return "bad_option_length"
    for code in (OPT_ROUTER, OPT_DNS):
        value = found.get(code)
        if value is not None and (len(value) == 0 or len(value) % 4 != 0):
            return "bad_option_length"
    kind = found.get(OPT_MESSAGE_TYPE)
    if kind is None:
        return "no_message_type"
    if len(kind) != 1 or kind[0] < DHCPDISCOVER or kind[0] > DHCPINFORM:
        return "bad_message_type"
    reply.msg_type = kind[0]
    if OPT_SERVER_ID in found:
        reply.server_id = _u32(found[OPT_SERVER_ID])
    if OPT_LEASE_TIME in found:
        reply.lease = _u32(found[OPT_LEASE_TIME])
    if OPT_RENEWAL_TIME in found:
        reply.t1 = _u32(found[OPT_RENEWAL_TIME])
    if OPT_REBINDING_TIME in found:
        reply.t2 = _u32(found[OPT_REBINDING_TIME])
    if OPT_ROUTER in found:
        reply.routers = _address_list(found[OPT_ROUTER])
    if OPT_DNS in found:
        reply.dns = _address_list(found[OPT_DNS])
    if OPT_SUBNET_MASK in found:
        mask = _u32(found[OPT_SUBNET_MASK])
        try:
            reply.prefix_len = addr.mask_prefix(mask)
        except ValueError:
            return "bad_subnet_mask"
        if reply.prefix_len == 0:
            return "bad_subnet_mask"
    return None


def parse_reply(view, xid, mac):
    """Checks a DHCP message (the UDP payload) meant for transaction xid of the client with this MAC:
    (Reply, None) or (None, reason). Nothing is read before its length is known to be there."""
    if len(view) < OPTIONS_AT:
        return None, "truncated"
    reply = Reply(view)
    if reply.op != BOOTREPLY:
        return None, "not_a_reply"
    if reply.xid != xid:
        return None, "wrong_xid"
    if reply.htype != HTYPE_ETHERNET or reply.hlen != 6 or reply.chaddr != mac:
        return None, "wrong_chaddr"
    if reply.cookie != MAGIC_COOKIE:
        return None, "bad_cookie"
    found = _collect_options(view)
    if found is None:
        return None, "bad_options"
    reason = _decode_options(reply, found)
    if reason is not None:
        return None, reason
    return reply, None


# --- building ---------------------------------------------------------------------------------------

def _option(out, code, value):
    out.append(code)
    out.append(len(value))
    out.extend(value)


def _udp_datagram(payload, src, dst):
    """A buffer holding UDP 68 -> 67 around payload, checksum over the pseudo-header of src -> dst."""
    length = UDP_HEADER_LEN + len(payload)
    pkb = PacketBuffer.alloc(len(payload))
    pkb.append(payload)
    header = pkb.push(UDP_HEADER_LEN)
    struct.pack_into("!HHHH", header, 0, CLIENT_PORT, SERVER_PORT, length, 0)
    csum = inet.checksum(pkb.data(), pseudo_header_sum(src, dst, ip.PROTO_UDP, length))
    if csum == 0:
        csum = 0xFFFF                   # 0 on the wire means "no checksum"
    struct.pack_into("!H", header, 6, csum)
    return pkb


# --- the client -------------------------------------------------------------------------------------

class DhcpClient:
    def __init__(self, iface, bound, unbound=None):
        self.iface = iface
        self.on_bound = bound
        self.on_unbound = unbound
        self.state = INIT
        self.running = False
        self.xid = 0
        self.transmissions = 0          # of the current message
        self.started_ms = 0             # when this acquisition or renewal began ('secs')
        self.request_sent_ms = 0        # the lease counts from the REQUEST that got the ACK
        self.retry_timer = None
        self.lease_timer = None         # the next of T1, T2 and expiry
        self.naks = 0                   # consecutive NAKs, for the restart hold-off
        self.offered = 0
        self.server = 0                 # server id of the offer taken / the lease
        self.address = 0                # the leased address while one is held
        self.prefix_len = 0
        self.router = 0
        self.dns = []
        self.lease = 0                  # seconds granted
        self.t1_ms = 0                  # absolute deadlines (machine.ticks_ms)
        self.t2_ms = 0
        self.expiry_ms = 0
        self.previous = 0               # last address held, asked for again after a restart

    # -- public --

    def start(self):
        if self.running:
            return
        other = _clients.get(self.iface.name)
        if other is not None:
            raise ValueError("a DHCP client already runs on " + self.iface.name)
        _clients[self.iface.name] = self
        self.running = True
        self._restart(0)

    def stop(self):
        """Stops every timer and forgets the lease (the owner is told through unbound)."""
        if not self.running:
            return
        self.running = False
        if _clients.get(self.iface.name) is self:
            del _clients[self.iface.name]
        self._cancel_timers()
        self.state = INIT
        self._drop_address()

    def describe(self):
        """One line for ifconfig."""
        state = self.state
        if not self.running:
            return "dhcp: stopped"
        if state == SELECTING:
            return f"dhcp: selecting, {self.transmissions} discover(s) sent"
        if state == REQUESTING:
            return f"dhcp: requesting {addr.format_ipv4(self.offered)} from {addr.format_ipv4(self.server)}"
        ours = addr.format_ipv4(self.address)
        server = addr.format_ipv4(self.server)
        if state == BOUND:
            if self.lease == INFINITE_LEASE:
                return f"dhcp: bound {ours} from {server}, lease infinite"
            return f"dhcp: bound {ours} from {server}, lease {self.lease} s, renew in {_seconds_left(self.t1_ms)} s"
        if state == RENEWING:
            return (f"dhcp: renewing {ours} with {server}, rebind in {_seconds_left(self.t2_ms)} s, "
                    f"lease ends in {_seconds_left(self.expiry_ms)} s")
        if state == REBINDING:
            return f"dhcp: rebinding {ours}, lease ends in {_seconds_left(self.expiry_ms)} s"
        return "dhcp: init"

    # -- state changes --

    def _cancel_timers(self):
        timer.cancel(self.retry_timer)
        timer.cancel(self.lease_timer)
        self.retry_timer = None
        self.lease_timer = None

    def _restart(self, delay_ms):
        """Back to INIT; SELECTING starts after delay_ms."""
        self._cancel_timers()
        self.state = INIT
        if delay_ms > 0:
            self.retry_timer = timer.schedule(delay_ms, self._select)
        else:
            self._select()

    def _select(self):
        self.retry_timer = None
        self.state = SELECTING
        self.xid = _random32()
        self.started_ms = machine.ticks_ms()
        self.transmissions = 0
        self._transmit()

    def _drop_address(self):
        if self.address:
            address, prefix_len = self.address, self.prefix_len
            self.previous = address
            self.address = 0
            self.prefix_len = 0
            self.router = 0
            if self.on_unbound is not None:
                self.on_unbound(self.iface, address, prefix_len)

    # -- transmission --

    def _transmit(self):
        """Sends the current state's message and schedules its retransmission."""
        self.transmissions += 1
        state = self.state
        if state == SELECTING:
            stats.inc("dhcp", "out_discovers")
            self._broadcast(self._message(DHCPDISCOVER), 0)
            self._retry_in(backoff_ms(self.transmissions))
            return
        stats.inc("dhcp", "out_requests")
        self.request_sent_ms = machine.ticks_ms()
        message = self._message(DHCPREQUEST)
        if state == REQUESTING:
            self._broadcast(message, 0)
            self._retry_in(backoff_ms(self.transmissions))
        elif state == RENEWING:
            ip.output(_udp_datagram(message, self.address, self.server), self.address, self.server, ip.PROTO_UDP)
            self._retry_before(self.t2_ms)
        elif state == REBINDING:
            self._broadcast(message, self.address)
            self._retry_before(self.expiry_ms)

    def _retry_in(self, delay_ms):
        self.retry_timer = timer.schedule(delay_ms, self._retransmit)

    def _retry_before(self, deadline_ms):
        """RENEWING/REBINDING: again after half the time left, at least 60 s later, if before deadline."""
        now = machine.ticks_ms()
        wait = max((deadline_ms - now) // 2, MIN_RENEW_RETRY_MS)
        if now + wait < deadline_ms:
            self._retry_in(wait)

    def _retransmit(self):
        self.retry_timer = None
        if self.state == REQUESTING and self.transmissions >= REQUEST_TRANSMISSIONS:
            stats.inc("dhcp", "request_timeouts")
            self._restart(0)
            return
        self._transmit()

    def _message(self, msg_type):
        """The BOOTP message of a DISCOVER or REQUEST in the current state, padded to 300 bytes."""
        out = bytearray(OPTIONS_AT)
        renewing = self.state == RENEWING or self.state == REBINDING
        secs = min((machine.ticks_ms() - self.started_ms) // 1000, 0xFFFF)
        flags = 0 if renewing else FLAG_BROADCAST
        ciaddr = self.address if renewing else 0
        struct.pack_into("!BBBBIHHI", out, 0, BOOTREQUEST, HTYPE_ETHERNET, 6, 0, self.xid, secs, flags, ciaddr)
        out[28:34] = self.iface.mac
        struct.pack_into("!I", out, COOKIE_AT, MAGIC_COOKIE)
        _option(out, OPT_MESSAGE_TYPE, bytes([msg_type]))
        _option(out, OPT_CLIENT_ID, b"\x01" + bytes(self.iface.mac))
        _option(out, OPT_HOST_NAME, HOST_NAME)
        if msg_type == DHCPREQUEST and self.state == REQUESTING:
            _option(out, OPT_REQUESTED_IP, struct.pack("!I", self.offered))
            _option(out, OPT_SERVER_ID, struct.pack("!I", self.server))
        elif msg_type == DHCPDISCOVER and self.previous:
            _option(out, OPT_REQUESTED_IP, struct.pack("!I", self.previous))
        _option(out, OPT_PARAMETER_LIST, PARAMETERS)
        out.append(OPT_END)
        while len(out) < MIN_MESSAGE_LEN:
            out.append(OPT_PAD)
        return out

    def _broadcast(self, message, src):
        """A whole frame to the Ethernet and IPv4 limited broadcast, from src (0 while unbound)."""
        iface = self.iface
        dst = addr.LIMITED_BROADCAST
        pkb = _udp_datagram(message, src, dst)
        total_len = ip.HEADER_LEN + len(pkb)
        ip.write_header(pkb.push(ip.HEADER_LEN), ip.HEADER_LEN, 0, total_len, _random32() & 0xFFFF, 0,
                        ip.DEFAULT_TTL, ip.PROTO_UDP, src, dst)
        ether.push(pkb, addr.BROADCAST_MAC, iface.mac, ether.ETH_P_IP)
        pkb.iface = iface
        iface.transmit(pkb)

    # -- reception --

    def receive(self, view):
        """A DHCP message (the UDP payload) that arrived for port 68 on our interface."""
        reply, reason = parse_reply(view, self.xid, bytes(self.iface.mac))
        if reply is None:
            stats.drop("dhcp", reason)
            return
        kind = reply.msg_type
        state = self.state
        if kind == DHCPOFFER and state == SELECTING:
            self._offer(reply)
        elif kind == DHCPACK and (state == REQUESTING or state == RENEWING or state == REBINDING):
            self._ack(reply)
        elif kind == DHCPNAK and (state == REQUESTING or state == RENEWING or state == REBINDING):
            self._nak(reply)
        else:
            stats.drop("dhcp", "unexpected_message")

    def _from_our_server(self, reply):
        """REQUESTING and RENEWING talk to one server; REBINDING takes any."""
        if self.state == REBINDING or reply.server_id is None:
            return True
        return reply.server_id == self.server

    def _offer(self, reply):
        if not _usable_address(reply.yiaddr):
            stats.drop("dhcp", "bad_offered_address")
            return
        if reply.server_id is None:
            stats.drop("dhcp", "no_server_id")
            return
        stats.inc("dhcp", "in_offers")
        timer.cancel(self.retry_timer)
        self.offered = reply.yiaddr
        self.server = reply.server_id
        self.state = REQUESTING
        self.transmissions = 0
        self._transmit()

    def _ack(self, reply):
        if not self._from_our_server(reply):
            stats.drop("dhcp", "other_server")
            return
        if not _usable_address(reply.yiaddr):
            stats.drop("dhcp", "bad_acked_address")
            return
        if not reply.lease:
            stats.drop("dhcp", "no_lease")
            return
        stats.inc("dhcp", "in_acks")
        self._cancel_timers()
        self.naks = 0
        if reply.server_id is not None:
            self.server = reply.server_id
        prefix_len = reply.prefix_len if reply.prefix_len is not None else _classful_prefix(reply.yiaddr)
        router = reply.routers[0] if reply.routers else 0
        self.dns = reply.dns
        self._set_lease(reply)
        self.state = BOUND
        if (reply.yiaddr, prefix_len, router) == (self.address, self.prefix_len, self.router):
            return                      # a renewal of the same lease
        self._drop_address()
        self.address = reply.yiaddr
        self.prefix_len = prefix_len
        self.router = router
        self.on_bound(self.iface, self.address, prefix_len, router, self.lease)

    def _set_lease(self, reply):
        """Lease times count from the REQUEST; T1/T2 default to 1/2 and 7/8 of the lease."""
        lease = reply.lease
        self.lease = lease
        if lease == INFINITE_LEASE:
            return
        t2 = reply.t2 if reply.t2 is not None and 0 < reply.t2 < lease else lease * 7 // 8
        t1 = reply.t1 if reply.t1 is not None and 0 < reply.t1 < t2 else min(lease // 2, t2)
        start = self.request_sent_ms
        self.t1_ms = start + t1 * 1000
        self.t2_ms = start + t2 * 1000
        self.expiry_ms = start + lease * 1000
        self._lease_event_at(self.t1_ms, self._renew)

    def _lease_event_at(self, deadline_ms, fn):
        self.lease_timer = timer.schedule(deadline_ms - machine.ticks_ms(), fn)

    def _nak(self, reply):
        if not self._from_our_server(reply):
            stats.drop("dhcp", "other_server")
            return
        stats.inc("dhcp", "in_naks")
        self.naks += 1
        self._drop_address()
        holdoff = 0 if self.naks == 1 else min(FIRST_TIMEOUT_MS << (self.naks - 2), NAK_MAX_HOLDOFF_MS)
        self._restart(holdoff)

    # -- lease timers --

    def _renew(self):
        self.lease_timer = None
        self.state = RENEWING
        self._begin_renewal()
        self._lease_event_at(self.t2_ms, self._rebind)

    def _rebind(self):
        self.lease_timer = None
        timer.cancel(self.retry_timer)
        self.retry_timer = None
        self.state = REBINDING
        self._begin_renewal()
        self._lease_event_at(self.expiry_ms, self._expire)

    def _begin_renewal(self):
        self.xid = _random32()
        self.started_ms = machine.ticks_ms()
        self.transmissions = 0
        self._transmit()

    def _expire(self):
        self.lease_timer = None
        stats.inc("dhcp", "leases_expired")
        self._drop_address()
        self._restart(0)


def client_for(iface):
    """The running client of iface, or None."""
    if iface is None:
        return None
    client = _clients.get(iface.name)
    if client is None or client.iface is not iface:
        return None
    return client


def udp_input(iface, pkb, hdr):
    """Called by the kernel for every UDP datagram (window at the UDP header) before the transport.
    Consumes (releases pkb, returns True) those to port 68 of a client on iface; else False, pkb untouched."""
    client = client_for(iface)
    if client is None:
        return False
    data = pkb.data()
    if len(data) < UDP_HEADER_LEN:
        return False
    sport, dport, length, csum = struct.unpack_from("!HHHH", data, 0)
    if dport != CLIENT_PORT:
        return False
    try:
        _client_input(client, data, hdr, sport, length, csum)
    finally:
        pkb.release()
    return True


def _client_input(client, data, hdr, sport, length, csum):
    if length < UDP_HEADER_LEN or length > len(data):
        stats.drop("dhcp", "bad_udp_length")
        return
    data = data[0:length]
    if csum != 0 and inet.checksum(data, pseudo_header_sum(hdr.src, hdr.dst, ip.PROTO_UDP, length)) != 0:
        stats.drop("dhcp", "bad_udp_checksum")
        return
    if sport != SERVER_PORT:
        stats.drop("dhcp", "not_from_server_port")
        return
    client.receive(data[UDP_HEADER_LEN:])


def reset():
    """Forgets every client (tests)."""
    _clients.clear()
