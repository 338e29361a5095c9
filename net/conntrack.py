"""Connection tracking for net_guard (the firewall and NAT): TCP, UDP, ICMP.

A connection is known by two tuples (proto, src, sport, dst, dport): `orig`,
its first packet as it arrived, and `reply`, a reply as it will arrive here
(NAT edits `reply` before the connection is confirmed). Both index one table,
so a lookup of a packet's tuple gives the connection and the direction
(0 = original, 1 = reply). ICMP queries use the identifier as a port:
requests are (id, ICMP_NO_PORT), replies (ICMP_NO_PORT, id), so replies find
their request and NAT treats identifiers like ports. Other protocols are
tracked by their address pair (ports 0).

Packet states (bits, so a rule's state list is one mask):
  NEW          a packet of a connection that has not seen a reply yet
  ESTABLISHED  a reply, or any later packet once a reply was seen
  RELATED      an ICMP error (unreachable, source quench, redirect, time
               exceeded, parameter problem) quoting a tracked connection
  INVALID      nothing trackable: a TCP segment that is neither a SYN nor part
               of a known connection (no mid-stream pickup, like Linux with
               nf_conntrack_tcp_loose=0), impossible TCP flags, an echo reply
               nobody asked for, an ICMP error about no known flow or with a
               bad checksum (RFC 5508 REQ-3), a truncated transport header, a
               fragment (the guard expects reassembled datagrams).
A new connection is created unconfirmed by the first hook that sees its first
packet and confirmed (entered in the table) by the last one (INPUT for local
delivery, POSTROUTING otherwise): packets dropped in between leave nothing
behind, so a filtered SYN flood cannot fill the table.

TCP follows the handshake and the close in a simplified Linux-like machine:
SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT / CLOSE_WAIT (one FIN), LAST_ACK
(both FINs), TIME_WAIT (last FIN acknowledged), CLOSE (after a RST). Sequence
numbers are not checked (a gap: Linux checks that segments and RSTs are in
window). A SYN on a TIME_WAIT or CLOSE connection starts a new one.

Timeouts are idle timeouts, refreshed by every packet of the connection:
  TCP established 2 h 4 min (RFC 5382 REQ-5), every other TCP state 4 min
  (RFC 5382's transitory minimum), UDP 2 min before a reply and 5 min after
  (RFC 4787 REQ-5: at least 2 min, 5 recommended), ICMP queries 60 s
  (RFC 5508 REQ-1), other protocols 10 min.
Expiry is lazy (a lookup that finds a stale entry removes it) plus a sweep
every SWEEP_MS through net.timer while the table is not empty.

The table holds at most `max_conns` connections. When it is full, expired
entries are swept (at most once a second) and, if that frees nothing, the new
connection is refused (counted as conntrack/table_full); existing ones keep
working.
"""
import struct
import inet
import machine
from net import stats, timer

NEW = 1
ESTABLISHED = 2
RELATED = 4
INVALID = 8
UNTRACKED = 16              # tracking is off (no rule needs it)
STATE_NAMES = ((NEW, "NEW"), (ESTABLISHED, "ESTABLISHED"), (RELATED, "RELATED"), (INVALID, "INVALID"),
               (UNTRACKED, "UNTRACKED"))

PROTO_ICMP = 1
PROTO_TCP = 6
PROTO_UDP = 17
ICMP_NO_PORT = 0x10000      # the "other port" of an ICMP query: never a real port

FIN = 0x01
SYN = 0x02
RST = 0x04
ACK = 0x10
_VALID_TCP_FLAGS = (SYN, SYN | ACK, RST, RST | ACK, FIN | ACK, ACK)

TCP_NONE = 0
TCP_SYN_SENT = 1
TCP_SYN_RECV = 2
TCP_ESTABLISHED = 3
TCP_FIN_WAIT = 4
TCP_CLOSE_WAIT = 5
TCP_LAST_ACK = 6
TCP_TIME_WAIT = 7
TCP_CLOSE = 8
TCP_STATE_NAMES = ("NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK",
                   "TIME_WAIT", "CLOSE")

TCP_ESTABLISHED_MS = 7440000    # 2 h 4 min
TCP_TRANSITORY_MS = 240000      # 4 min
UDP_UNREPLIED_MS = 120000
UDP_REPLIED_MS = 300000
ICMP_MS = 60000
GENERIC_MS = 600000
SWEEP_MS = 30000
FULL_SWEEP_GAP_MS = 1000
MAX_CONNS = 4096

ICMP_REQUESTS = {8: 0, 13: 14, 15: 16, 17: 18}      # query request -> its reply type
ICMP_REPLIES = (0, 14, 16, 18)
ICMP_ERRORS = (3, 4, 5, 11, 12)

_OK = 0
_BAD = 1
_REOPEN = 2

max_conns = MAX_CONNS
destroy_hook = None         # fn(conn) when a connection that holds a NAT mapping goes (net.nat installs it)
_table = {}                 # tuple -> (conn, direction)
_conns = {}                 # conn -> True: every confirmed connection, once
_sweep_timer = None
_last_full_sweep = -FULL_SWEEP_GAP_MS


class Packet:
    """What the guard needs of one IPv4 datagram, read from its bytes once.

    Offsets index `mem` (the packet buffer's memory): ip_off at the IP header,
    l4 at the transport header, end after the datagram."""

    def __init__(self, mem, ip_off, hdr_len, total_len, proto, src, dst, fragment):
        # A fragment's transport header is never read (not even the first's): the guard wants
        # whole datagrams, so a fragment matches no port rule and is INVALID to tracking.
        self.mem = mem
        self.ip_off = ip_off
        self.l4 = ip_off + hdr_len
        self.end = ip_off + total_len
        self.length = total_len
        self.proto = proto
        self.src = src
        self.dst = dst
        self.fragment = fragment
        self.ports_ok = False       # the transport header is complete (ports, flags, ICMP type known)
        self.sport = 0
        self.dport = 0
        self.flags = 0              # TCP
        self.seq = 0
        self.ack = 0
        self.tcp_hlen = 0
        self.icmp_type = -1
        self.icmp_code = -1
        self.conn = None
        self.dir = 0
        self.state = UNTRACKED
        self.inner = 0              # RELATED errors: offset of the quoted IP header,
        self.inner_l4 = 0           # of its transport header,
        self.inner_proto = 0        # its protocol,
        self.related_nat = False    # and whether NAT translates it (the quote matched a reply tuple)


def packet_from_header(mem, hdr):
    """A Packet for a datagram net.ip has parsed (hdr: net.ip.Header with its offset set)."""
    fragment = hdr.is_fragment()
    pkt = Packet(mem, hdr.offset, hdr.hdr_len, hdr.total_len, hdr.proto, hdr.src, hdr.dst, fragment)
    if not fragment:
        _read_transport(pkt)
    return pkt


def packet_at(mem, start, end):
    """A Packet for the datagram at mem[start:end] (built locally: the checksum is not checked); None if malformed."""
    if end - start < 20:
        return None
    first = mem[start]
    hdr_len = (first & 0x0F) << 2
    total_len, flags = struct.unpack_from("!H2xH", mem, start + 2)
    if first >> 4 != 4 or hdr_len < 20 or total_len < hdr_len or total_len > end - start:
        return None
    src, dst = struct.unpack_from("!II", mem, start + 12)
    fragment = (flags & 0x3FFF) != 0
    pkt = Packet(mem, start, hdr_len, total_len, mem[start + 9], src, dst, fragment)
    if not fragment:
        _read_transport(pkt)
    return pkt


def _read_transport(pkt):
    mem = pkt.mem
    l4 = pkt.l4
    avail = pkt.end - l4
    proto = pkt.proto
    if proto == PROTO_TCP:
        if avail >= 20:
            sport, dport, seq, ack, offset, flags = struct.unpack_from("!HHIIBB", mem, l4)
            hlen = (offset >> 4) << 2
            if 20 <= hlen <= avail:
                pkt.sport = sport
                pkt.dport = dport
                pkt.seq = seq
                pkt.ack = ack
                pkt.flags = flags
                pkt.tcp_hlen = hlen
                pkt.ports_ok = True
    elif proto == PROTO_UDP:
        if avail >= 8:
            pkt.sport, pkt.dport = struct.unpack_from("!HH", mem, l4)
            pkt.ports_ok = True
    elif proto == PROTO_ICMP:
        if avail >= 8:
            kind = mem[l4]
            pkt.icmp_type = kind
            pkt.icmp_code = mem[l4 + 1]
            if kind in ICMP_REQUESTS:
                pkt.sport = struct.unpack_from("!H", mem, l4 + 4)[0]
                pkt.dport = ICMP_NO_PORT
            elif kind in ICMP_REPLIES:
                pkt.sport = ICMP_NO_PORT
                pkt.dport = struct.unpack_from("!H", mem, l4 + 4)[0]
            pkt.ports_ok = True
    else:
        pkt.ports_ok = True


class Conn:
    """One tracked connection."""

    def __init__(self, orig, now):
        self.orig = orig
        self.reply = (orig[0], orig[3], orig[4], orig[1], orig[2])
        self.tcp_state = TCP_NONE
        self.fin_dirs = 0           # bit d: a FIN was seen in direction d
        self.last_fin = 0
        self.seen_reply = False
        self.assured = False
        self.confirmed = False
        self.nat = False            # reply is not the mirror of orig: packets get rewritten
        self.mapping = None         # net.nat's port mapping, when source NAT allocated one
        self.expires = now
        self.packets = [0, 0]
        self.bytes = [0, 0]

    def tuple(self, direction):
        return self.reply if direction else self.orig


def invert(t):
    return (t[0], t[3], t[4], t[1], t[2])


# --- the table ---------------------------------------------------------------------------------

def count():
    return len(_conns)


def connections():
    """The confirmed connections (a list copy)."""
    return list(_conns)


def is_tracked(key):
    """True when some connection (live or not yet reaped) owns this tuple."""
    return key in _table


def lookup(key, now=None):
    """(conn, direction) of the connection owning tuple key, or None; expired entries are removed."""
    found = _table.get(key)
    if found is None:
        return None
    if now is None:
        now = machine.ticks_ms()
    if found[0].expires <= now:
        stats.inc("conntrack", "expired")
        destroy(found[0])
        return None
    return found


def confirm(conn):
    """Enters a new connection in the table; False (counted) when one of its tuples is taken."""
    if conn.confirmed:
        return True
    if conn.orig in _table or conn.reply in _table:
        stats.inc("conntrack", "clash")
        return False
    _table[conn.orig] = (conn, 0)
    _table[conn.reply] = (conn, 1)
    _conns[conn] = True
    conn.confirmed = True
    stats.inc("conntrack", "new")
    _arm_sweep()
    return True


def destroy(conn):
    if not conn.confirmed:
        return
    conn.confirmed = False
    for key in (conn.orig, conn.reply):
        found = _table.get(key)
        if found is not None and found[0] is conn:
            del _table[key]
    _conns.pop(conn, None)
    if conn.mapping is not None and destroy_hook is not None:
        destroy_hook(conn)


def sweep(now=None):
    """Removes every expired connection; returns how many went."""
    if now is None:
        now = machine.ticks_ms()
    gone = 0
    for conn in list(_conns):
        if conn.expires <= now:
            destroy(conn)
            gone += 1
    if gone:
        stats.inc("conntrack", "expired", gone)
    return gone


def _arm_sweep():
    global _sweep_timer
    if not timer.active(_sweep_timer):
        _sweep_timer = timer.schedule(SWEEP_MS, _sweep_due)


def _sweep_due():
    global _sweep_timer
    _sweep_timer = None
    sweep()
    if _conns:
        _arm_sweep()


def reap(now=None):
    """Sweeps expired connections now unless that was done less than a second ago (a resource ran
    out: table slots, NAT ports); returns how many went."""
    global _last_full_sweep
    if now is None:
        now = machine.ticks_ms()
    if now - _last_full_sweep < FULL_SWEEP_GAP_MS:
        return 0
    _last_full_sweep = now
    return sweep(now)


def _make_room(now):
    reap(now)
    return len(_conns) < max_conns


def flush():
    """Forgets every connection (their NAT mappings too)."""
    global _sweep_timer
    for conn in list(_conns):
        destroy(conn)
    _table.clear()
    timer.cancel(_sweep_timer)
    _sweep_timer = None


def reset():
    global max_conns, _last_full_sweep
    flush()
    max_conns = MAX_CONNS
    _last_full_sweep = -FULL_SWEEP_GAP_MS


# --- classification ----------------------------------------------------------------------------

def classify(pkt):
    """Sets pkt.conn, pkt.dir and pkt.state; creates an unconfirmed connection for a NEW flow.

    Returns False only when a new flow is refused because the table is full."""
    pkt.conn = None
    pkt.dir = 0
    if pkt.fragment or not pkt.ports_ok:
        return _invalid(pkt)
    proto = pkt.proto
    if proto == PROTO_ICMP:
        kind = pkt.icmp_type
        if kind in ICMP_ERRORS:
            return _classify_error(pkt)
        if kind not in ICMP_REQUESTS and kind not in ICMP_REPLIES:
            return _invalid(pkt)
    now = machine.ticks_ms()
    key = (proto, pkt.src, pkt.sport, pkt.dst, pkt.dport)
    found = lookup(key, now)
    if found is None:
        return _classify_new(pkt, key, now)
    conn, direction = found
    if proto == PROTO_TCP:
        step = _tcp_track(conn, direction, pkt.flags)
        if step == _REOPEN:
            destroy(conn)
            return _classify_new(pkt, key, now)
        if step == _BAD:
            return _invalid(pkt)
    if direction:
        if not conn.seen_reply:
            conn.seen_reply = True
            if proto != PROTO_TCP:
                conn.assured = True
    conn.packets[direction] += 1
    conn.bytes[direction] += pkt.length
    conn.expires = now + timeout_of(conn)
    pkt.conn = conn
    pkt.dir = direction
    pkt.state = ESTABLISHED if conn.seen_reply else NEW
    return True


def _invalid(pkt):
    pkt.state = INVALID
    stats.inc("conntrack", "invalid")
    return True


def _classify_new(pkt, key, now):
    proto = pkt.proto
    if proto == PROTO_TCP:
        if pkt.flags & (SYN | ACK | RST | FIN) != SYN:
            return _invalid(pkt)
    elif proto == PROTO_ICMP and pkt.icmp_type not in ICMP_REQUESTS:
        return _invalid(pkt)
    pkt.state = NEW
    if len(_conns) >= max_conns and not _make_room(now):
        stats.inc("conntrack", "table_full")
        return False
    conn = Conn(key, now)
    if proto == PROTO_TCP:
        conn.tcp_state = TCP_SYN_SENT
    conn.packets[0] = 1
    conn.bytes[0] = pkt.length
    conn.expires = now + timeout_of(conn)
    pkt.conn = conn
    return True


def timeout_of(conn):
    proto = conn.orig[0]
    if proto == PROTO_TCP:
        return TCP_ESTABLISHED_MS if conn.tcp_state == TCP_ESTABLISHED else TCP_TRANSITORY_MS
    if proto == PROTO_UDP:
        return UDP_REPLIED_MS if conn.seen_reply else UDP_UNREPLIED_MS
    if proto == PROTO_ICMP:
        return ICMP_MS
    return GENERIC_MS


def _tcp_track(conn, direction, flags):
    """Moves the TCP state along for a segment of a known connection: _OK, _BAD or _REOPEN."""
    f = flags & (FIN | SYN | RST | ACK)
    if f not in _VALID_TCP_FLAGS:
        return _BAD
    state = conn.tcp_state
    if f & RST:
        conn.tcp_state = TCP_CLOSE
        return _OK
    if f == SYN:
        if state == TCP_TIME_WAIT or state == TCP_CLOSE:
            return _REOPEN
        if state == TCP_SYN_SENT:
            if direction:
                conn.tcp_state = TCP_SYN_RECV       # simultaneous open
            return _OK
        return _BAD
    if f == SYN | ACK:
        if state == TCP_SYN_SENT and direction:
            conn.tcp_state = TCP_SYN_RECV
            return _OK
        if state == TCP_SYN_RECV:
            return _OK                              # a retransmission
        return _BAD
    # ACK, perhaps with FIN
    if state == TCP_SYN_SENT:
        return _BAD                                 # nothing to acknowledge yet
    if state == TCP_CLOSE or state == TCP_TIME_WAIT:
        return _OK
    if state == TCP_SYN_RECV:
        if direction:
            return _OK
        conn.tcp_state = TCP_ESTABLISHED            # the third segment of the handshake
        conn.assured = True
    if f & FIN:
        bit = 1 << direction
        if not conn.fin_dirs & bit:
            conn.fin_dirs |= bit
            conn.last_fin = direction
    if conn.fin_dirs == 3:
        if conn.tcp_state == TCP_LAST_ACK and not f & FIN and direction != conn.last_fin:
            conn.tcp_state = TCP_TIME_WAIT
        elif conn.tcp_state != TCP_TIME_WAIT:
            conn.tcp_state = TCP_LAST_ACK
    elif conn.fin_dirs:
        if direction != conn.last_fin and not f & FIN:
            conn.tcp_state = TCP_CLOSE_WAIT
        elif conn.tcp_state != TCP_CLOSE_WAIT:
            conn.tcp_state = TCP_FIN_WAIT
    return _OK


def _classify_error(pkt):
    """RELATED when the ICMP error quotes a tracked connection, else INVALID."""
    mem = pkt.mem
    end = pkt.end
    inner = pkt.l4 + 8
    if end - inner < 28:
        return _invalid(pkt)
    first = mem[inner]
    ihl = (first & 0x0F) << 2
    if first >> 4 != 4 or ihl < 20 or inner + ihl + 8 > end:
        return _invalid(pkt)
    if inet.checksum(mem[pkt.l4:end]) != 0:
        return _invalid(pkt)
    proto = mem[inner + 9]
    src, dst = struct.unpack_from("!II", mem, inner + 12)
    il4 = inner + ihl
    if proto == PROTO_TCP or proto == PROTO_UDP:
        sport, dport = struct.unpack_from("!HH", mem, il4)
    elif proto == PROTO_ICMP:
        kind = mem[il4]
        ident = struct.unpack_from("!H", mem, il4 + 4)[0]
        if kind in ICMP_REQUESTS:
            sport, dport = ident, ICMP_NO_PORT
        elif kind in ICMP_REPLIES:
            sport, dport = ICMP_NO_PORT, ident
        else:
            return _invalid(pkt)                    # an error about an error is never sent
    else:
        sport = dport = 0
    now = machine.ticks_ms()
    # The quoted datagram went the other way: its mirror is a tuple of the direction the error travels.
    found = lookup((proto, dst, dport, src, sport), now)
    translate = True
    if found is None:
        found = lookup((proto, src, sport, dst, dport), now)
        if found is None:
            return _invalid(pkt)
        found = (found[0], 1 - found[1])            # quoted as it arrived here, before NAT: nothing to translate
        translate = False
    pkt.conn = found[0]
    pkt.dir = found[1]
    pkt.state = RELATED
    pkt.inner = inner
    pkt.inner_l4 = il4
    pkt.inner_proto = proto
    pkt.related_nat = translate
    stats.inc("conntrack", "related")
    return True


# --- listing -----------------------------------------------------------------------------------

_PROTO_NAMES = {PROTO_ICMP: "icmp", PROTO_TCP: "tcp", PROTO_UDP: "udp"}


def _fmt_addr(a):
    return f"{(a >> 24) & 255}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}"


def _fmt_tuple(t, packets, nbytes):
    text = f"src={_fmt_addr(t[1])} dst={_fmt_addr(t[3])}"
    proto = t[0]
    if proto == PROTO_TCP or proto == PROTO_UDP:
        text += f" sport={t[2]} dport={t[4]}"
    elif proto == PROTO_ICMP:
        if t[4] == ICMP_NO_PORT:
            text += f" type=8 code=0 id={t[2]}"
        else:
            text += f" type=0 code=0 id={t[4]}"
    return text + f" packets={packets} bytes={nbytes}"


def format_table(now=None):
    """The table like Linux's /proc/net/nf_conntrack (seconds left, TCP state, both tuples)."""
    if now is None:
        now = machine.ticks_ms()
    lines = []
    for conn in _conns:
        proto = conn.orig[0]
        name = _PROTO_NAMES.get(proto, "unknown")
        left = max(0, (conn.expires - now) // 1000)
        line = f"{name:<8} {proto} {left} "
        if proto == PROTO_TCP:
            line += TCP_STATE_NAMES[conn.tcp_state] + " "
        line += _fmt_tuple(conn.orig, conn.packets[0], conn.bytes[0]) + " "
        if not conn.seen_reply:
            line += "[UNREPLIED] "
        line += _fmt_tuple(conn.reply, conn.packets[1], conn.bytes[1])
        if conn.assured:
            line += " [ASSURED]"
        lines.append(line)
    lines.append(f"{len(_conns)} of {max_conns} connections tracked")
    return "\n".join(lines) + "\n"
