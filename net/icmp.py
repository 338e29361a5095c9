"""ICMP for IPv4 (RFC 792, RFC 1122 3.2.2): echo, errors sent, errors received.

Errors are never sent about ICMP errors, broadcasts, multicasts, odd
sources or non-first fragments, and a token bucket limits their rate. They
quote the offending IP header and the first 8 bytes after it. Received
errors go to the handler registered for the quoted datagram's protocol
(the transport layer's), and fragmentation-needed updates the path MTU.
"""
from micropython import const
import struct
import inet
import machine
from net import addr, ip, stats
from net.pkbuf import PacketBuffer

ECHO_REPLY = const(0)
DEST_UNREACH = const(3)
SOURCE_QUENCH = const(4)
REDIRECT = const(5)
ECHO_REQUEST = const(8)
TIME_EXCEEDED = const(11)
PARAM_PROBLEM = const(12)

NET_UNREACH = const(0)
HOST_UNREACH = const(1)
PROTO_UNREACH = const(2)
PORT_UNREACH = const(3)
FRAG_NEEDED = const(4)
TTL_EXCEEDED = const(0)
REASM_EXCEEDED = const(1)

HEADER_LEN = const(8)
QUOTE_DATA_LEN = const(8)          # bytes of the offending datagram's payload quoted (RFC 792)
ERROR_TOS = const(0xC0)            # internetwork control precedence, as Linux sends errors
QUERY_TYPES = (0, 8, 13, 14, 15, 16, 17, 18)    # the rest are errors (or unknown): never answered

RATE_BURST = const(10)             # errors sent back to back at most
RATE_INTERVAL_MS = const(100)      # then one more per interval
ECHO_QUEUE_LIMIT = const(64)       # replies held per session when nobody takes them

LINK_HEADROOM = const(14)          # room an Ethernet header needs in front of the IP header

_error_handlers = {}        # IP protocol -> fn(kind, code, orig_src, orig_dst, orig_transport_bytes)
_sessions = {}              # echo identifier -> EchoSession
_tokens = RATE_BURST
_tokens_ms = 0
_next_session_ident = 0
_counts = stats.table("icmp", ("in_msgs", "in_echos", "out_msgs", "out_echo_reps"))


def register_error_handler(proto, fn):
    """fn(kind, code, orig_src, orig_dst, orig_transport) for received errors about proto's datagrams.

    kind is the ICMP type (DEST_UNREACH, TIME_EXCEEDED, PARAM_PROBLEM); orig_transport holds the
    quoted transport bytes (at least 8: the ports). The path MTU of fragmentation needed is already
    recorded in net.ip (ip.path_mtu) when the handler runs."""
    _error_handlers[proto] = fn


def unregister_error_handler(proto):
    _error_handlers.pop(proto, None)


# --- input -------------------------------------------------------------------------------------

def input(iface, pkb, hdr):
    _counts["in_msgs"] += 1
    start = pkb.start
    end = pkb.end
    if end - start < HEADER_LEN:
        _bad(pkb, "truncated")
        return
    mem = pkb.mem
    if inet.checksum(mem, 0, start, end - start) != 0:         # (in place: no view made)
        _bad(pkb, "bad_checksum")
        return
    kind = mem[start]
    if kind == ECHO_REQUEST:
        _counts["in_echos"] += 1
        if hdr.broadcast:
            stats.drop("icmp", "broadcast_echo_ignored")        # Linux's icmp_echo_ignore_broadcasts
            pkb.release()
            return
        # The answer, with the same identifier, sequence number and data. The request's own buffer
        # becomes the reply: type and checksum are rewritten in place and ip.output writes the IP and
        # Ethernet headers over the old ones, so nothing is allocated or copied, and a NIC that can
        # transmit from its receive buffer sends it from there. The reply is routed (as Linux's
        # icmp_reply is), from the address the request was sent to.
        if start < ip.HEADER_LEN + LINK_HEADROOM:               # no room for the headers: answer from a copy
            reply = pkb.clone()
            pkb.release()
            pkb = reply
            mem = reply.mem
            start = reply.start
        mem[start] = ECHO_REPLY
        # The checksum (checked above) is patched, not summed again over the message: only the type word
        # changed, from 0x0800 | code to code (RFC 1624, eqn. 3: HC' = ~(~HC + ~m + m'), and ~m + m' is
        # 0xF7FF whatever the code). A result of 0 goes out as 0xFFFF, its other one's-complement form
        # (0 would be wrong for an all-zero reply).
        total = (~(mem[start + 2] << 8 | mem[start + 3]) & 0xFFFF) + 0xF7FF
        total = ~((total & 0xFFFF) + (total >> 16)) & 0xFFFF or 0xFFFF
        mem[start + 2] = total >> 8
        mem[start + 3] = total & 0xFF
        _counts["out_msgs"] += 1
        _counts["out_echo_reps"] += 1
        ip.output(pkb, hdr.dst, hdr.src, ip.PROTO_ICMP)
        return
    view = pkb.mem[start:end]                                   # pkb.data()
    if kind == ECHO_REPLY:
        stats.inc("icmp", "in_echo_reps")
        _echo_reply_received(view, hdr)
    elif kind == DEST_UNREACH or kind == TIME_EXCEEDED or kind == PARAM_PROBLEM:
        stats.inc("icmp", "in_dest_unreachs" if kind == DEST_UNREACH else
                  "in_time_excds" if kind == TIME_EXCEEDED else "in_parm_probs")
        _error_received(view, hdr)
    else:
        stats.inc("icmp", "in_other_types")
    pkb.release()


def _bad(pkb, reason):
    stats.drop("icmp", reason)
    stats.inc("icmp", "in_errors")
    pkb.release()


def _quoted_header(view, start):
    """(ihl, proto, src, dst, transport_start) of the IP header quoted at view[start:], or None."""
    if len(view) < start + ip.HEADER_LEN:
        return None
    first = view[start]
    ihl = (first & 0x0F) << 2
    if first >> 4 != ip.IPV4_VERSION or ihl < ip.HEADER_LEN or len(view) < start + ihl + QUOTE_DATA_LEN:
        return None
    proto = view[start + 9]
    src, dst = struct.unpack_from("!II", view, start + 12)
    return ihl, proto, src, dst, start + ihl


def _error_received(view, hdr):
    quoted = _quoted_header(view, HEADER_LEN)
    if quoted is None:
        stats.drop("icmp", "bad_quote")
        stats.inc("icmp", "in_errors")
        return
    kind = view[0]
    code = view[1]
    _, proto, src, dst, transport = quoted
    if kind == DEST_UNREACH and code == FRAG_NEEDED:
        ip.update_pmtu(dst, struct.unpack_from("!H", view, 6)[0])
    if proto == ip.PROTO_ICMP and view[transport] == ECHO_REQUEST:
        session = _sessions.get(struct.unpack_from("!H", view, transport + 4)[0])
        if session is not None:
            session.error(kind, code, hdr.src, dst, struct.unpack_from("!H", view, transport + 6)[0])
        return
    handler = _error_handlers.get(proto)
    if handler is None:
        stats.inc("icmp", "in_errors_unclaimed")
        return
    handler(kind, code, src, dst, bytes(view[transport:]))


# --- errors sent -------------------------------------------------------------------------------

def _rate_allows():
    """Token bucket: RATE_BURST at once, then one per RATE_INTERVAL_MS."""
    global _tokens, _tokens_ms
    now = machine.ticks_ms()
    earned = (now - _tokens_ms) // RATE_INTERVAL_MS
    if earned > 0:
        _tokens = min(RATE_BURST, _tokens + earned)
        _tokens_ms += earned * RATE_INTERVAL_MS
    if _tokens <= 0:
        return False
    _tokens -= 1
    return True


def _may_answer(orig):
    """RFC 1122 3.2.2: the cases in which no error may be sent about datagram orig."""
    if len(orig) < ip.HEADER_LEN:
        return False
    ihl = (orig[0] & 0x0F) << 2
    flags = struct.unpack_from("!H", orig, 6)[0]
    src, dst = struct.unpack_from("!II", orig, 12)
    if ihl < ip.HEADER_LEN or len(orig) < ihl:
        return False
    if flags & ip.OFFSET_MASK:
        return False                                # not the first fragment
    if ip.is_broadcast(dst) or src == 0 or addr.is_martian_source(src) or ip.is_broadcast(src):
        return False
    if orig[9] == ip.PROTO_ICMP and (len(orig) <= ihl or orig[ihl] not in QUERY_TYPES):
        return False                                # about an ICMP error
    return True


def send_error(orig, kind, code, info=0):
    """Sends an ICMP error about datagram orig (a view starting at its IP header) to its source.

    info is the 32-bit field after the checksum: the next-hop MTU for FRAG_NEEDED, the pointer
    (shifted left 24) for PARAM_PROBLEM. Returns True when sent."""
    if not _may_answer(orig):
        stats.inc("icmp", "errors_suppressed")
        return False
    if not _rate_allows():
        stats.inc("icmp", "rate_limited")
        return False
    ihl = (orig[0] & 0x0F) << 2
    total = struct.unpack_from("!H", orig, 2)[0]
    quote_len = min(len(orig), total if total >= ihl else len(orig), ihl + QUOTE_DATA_LEN)
    pkb = PacketBuffer.alloc(HEADER_LEN + quote_len)
    pkb.append(bytes(HEADER_LEN))
    pkb.append(orig[0:quote_len])
    view = pkb.data()
    struct.pack_into("!BBHI", view, 0, kind, code, 0, info)
    struct.pack_into("!H", view, 2, inet.checksum(view))
    src, dst = struct.unpack_from("!II", orig, 12)
    stats.inc("icmp", "out_msgs")
    stats.inc("icmp", "out_dest_unreachs" if kind == DEST_UNREACH else "out_time_excds")
    ip.output(pkb, dst if ip.is_local(dst) else 0, src, ip.PROTO_ICMP, tos=ERROR_TOS)
    return True


def send_unreachable(orig, code, mtu=0):
    """Destination unreachable (NET_UNREACH, HOST_UNREACH, PROTO_UNREACH, PORT_UNREACH, FRAG_NEEDED)."""
    return send_error(orig, DEST_UNREACH, code, mtu if code == FRAG_NEEDED else 0)


def port_unreachable(iface, pkb, hdr):
    """For UDP: port unreachable about the datagram in pkb (whose IP header starts at hdr.offset)."""
    return send_error(pkb.mem[hdr.offset:pkb.end], DEST_UNREACH, PORT_UNREACH)


def send_time_exceeded(orig, code=TTL_EXCEEDED):
    return send_error(orig, TIME_EXCEEDED, code)


# --- echo (ping) -------------------------------------------------------------------------------

class EchoReply:
    """One answer to an echo request: from src, its sequence number, TTL and round trip (us, or None)."""

    def __init__(self, src, ident, seq, ttl, size, rtt_us, kind=ECHO_REPLY, code=0):
        self.src = src
        self.ident = ident
        self.seq = seq
        self.ttl = ttl
        self.size = size            # ICMP data bytes
        self.rtt_us = rtt_us
        self.kind = kind            # ECHO_REPLY, or the ICMP error received about the request
        self.code = code


class EchoSession:
    """A ping: sends echo requests with one identifier and collects the replies.

    Replies go to callback(reply) if given, else queue up (at most ECHO_QUEUE_LIMIT) for receive().
    Errors about the requests (unreachable, time exceeded) arrive the same way with reply.kind set."""

    def __init__(self, callback=None, ident=None):
        self.ident = _new_session_ident() if ident is None else ident & 0xFFFF
        self.callback = callback
        self.replies = []
        self.sent_us = {}           # seq -> ticks_us at send
        _sessions[self.ident] = self

    def send(self, dst, seq, size=56, ttl=ip.DEFAULT_TTL, src=0, data=None):
        """Sends one echo request; data (bytes) overrides a size-byte pattern. Returns ip.output's errno."""
        payload = data if data is not None else bytes([i & 0xFF for i in range(size)])
        pkb = PacketBuffer.alloc(HEADER_LEN + len(payload))
        pkb.append(bytes(HEADER_LEN))
        pkb.append(payload)
        view = pkb.data()
        seq &= 0xFFFF
        struct.pack_into("!BBHHH", view, 0, ECHO_REQUEST, 0, 0, self.ident, seq)
        struct.pack_into("!H", view, 2, inet.checksum(view))
        if len(self.sent_us) >= ECHO_QUEUE_LIMIT:
            for oldest in self.sent_us:         # forget the oldest unanswered request
                del self.sent_us[oldest]
                break
        self.sent_us[seq] = machine.ticks_us()
        stats.inc("icmp", "out_msgs")
        stats.inc("icmp", "out_echos")
        return ip.output(pkb, src, dst, ip.PROTO_ICMP, ttl=ttl)

    def _deliver(self, reply):
        if self.callback is not None:
            self.callback(reply)
            return
        if len(self.replies) >= ECHO_QUEUE_LIMIT:
            self.replies.pop(0)
            stats.drop("icmp", "echo_queue_full")
        self.replies.append(reply)

    def reply(self, src, seq, ttl, size):
        sent = self.sent_us.pop(seq, None)
        rtt = None if sent is None else machine.ticks_us() - sent
        self._deliver(EchoReply(src, self.ident, seq, ttl, size, rtt))

    def error(self, kind, code, reporter, dst, seq):
        self.sent_us.pop(seq, None)
        self._deliver(EchoReply(reporter, self.ident, seq, 0, 0, None, kind, code))

    def receive(self):
        """The oldest queued reply, or None."""
        if self.replies:
            return self.replies.pop(0)
        return None

    def close(self):
        if _sessions.get(self.ident) is self:
            del _sessions[self.ident]


def _new_session_ident():
    global _next_session_ident
    for _ in range(0x10000):
        _next_session_ident = (_next_session_ident + 1) & 0xFFFF
        if _next_session_ident not in _sessions:
            return _next_session_ident
    raise OSError(105)              # ENOBUFS: every identifier is in use


def _echo_reply_received(view, hdr):
    ident, seq = struct.unpack_from("!HH", view, 4)
    session = _sessions.get(ident)
    if session is None:
        stats.inc("icmp", "echo_reps_unclaimed")
        return
    session.reply(hdr.src, seq, hdr.ttl, len(view) - HEADER_LEN)


# --- wiring ------------------------------------------------------------------------------------

def init():
    """Registers ICMP with IPv4 and becomes its error sender."""
    ip.register_protocol(ip.PROTO_ICMP, input)
    ip.error_sender = send_error


def reset():
    global _tokens, _tokens_ms
    _sessions.clear()
    _error_handlers.clear()
    _tokens = RATE_BURST
    _tokens_ms = machine.ticks_ms()
