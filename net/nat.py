"""Network address translation for net_guard: SNAT / masquerade, DNAT / port
forwarding, ICMP query identifiers and ICMP errors (RFC 4787, 5382, 5508).

The rules live in net.guard's nat table (chains PREROUTING and POSTROUTING);
this module holds the mechanics. Like Linux, NAT is decided once per
connection, on its first packet: DNAT in PREROUTING (so the routing decision
sees the new destination), SNAT / MASQUERADE in POSTROUTING. A decision edits
the connection's reply tuple (net.conntrack); from then on every packet of
the connection is rewritten to match it:
  PREROUTING and OUTPUT  rewrite the destination (address and port) of a
                         packet going in direction d to tuple(1-d)'s source
  POSTROUTING and INPUT  rewrite the source to tuple(1-d)'s destination
so a reply to a masqueraded flow gets its destination back before routing,
and a reply from a port-forwarded server its source after routing.

Rewriting is in place in the packet's memory, with incremental checksum
updates (RFC 1624, eqn. 3: HC' = ~(~HC + ~m + m')) of the IP header and of
the TCP, UDP (a zero UDP checksum stays zero: none was sent) or ICMP
checksum. ICMP query identifiers are rewritten like ports.

ICMP errors (RFC 5508): an error RELATED to a translated connection gets its
outer destination, the quoted IP header's addresses and the quoted ports or
identifier translated back, the quoted IP checksum and (when quoted) the
quoted transport checksum updated incrementally, the outer source replaced
when it is the translated endpoint itself, and the ICMP checksum recomputed.
Errors that fail their checksum or quote no known connection are INVALID and
never translated (RFC 5508 REQ-3, REQ-4).

Source NAT has endpoint-independent mapping (RFC 4787 REQ-1, RFC 5382
REQ-1): one internal (address, port) gets the same external port for every
destination while any connection uses it. External ports keep the internal
one when it is free and in range (port preservation), else come from a
rotating cursor; a port is free when no mapping holds it, no tracked
connection would clash with it and no local socket is bound to it
(`local_port_in_use`). Default ranges: ports below 1024 map to 1-1023 (RFC
4787 REQ-3), the others to 1024-49151, below Krait's own ephemeral ports
(49152-65535), so the router's connections and masqueraded ones never meet;
ICMP identifiers use 0-65535. Packets whose source already is the NAT
address (the router's own traffic) are left alone. Filtering is address-
and port-dependent: only tracked replies come back (RFC 4787 REQ-8 allows
it). When no port is left, expired connections are reaped (at most once a
second) and if that frees none the packet is dropped and the sender gets an
ICMP "administratively prohibited" (RFC 5508 REQ-8), counted as nat/no_ports.
An INVALID packet (no tracked connection, so no translation) that a SNAT or
MASQUERADE rule would have translated is dropped in POSTROUTING (counted as
nat/invalid_untranslated) instead of leaking its inside address.
Protocols other than TCP, UDP and ICMP get address-only translation (two
internal hosts talking the same such protocol to one server clash; the
second is dropped). Hairpinning is not supported.
"""
import struct
import inet
from net import conntrack, stats

PROTO_ICMP = conntrack.PROTO_ICMP
PROTO_TCP = conntrack.PROTO_TCP
PROTO_UDP = conntrack.PROTO_UDP
NO_PORT = conntrack.ICMP_NO_PORT

LOW_PORTS = (1, 1023)
HIGH_PORTS = (1024, 49151)
ICMP_IDS = (0, 65535)

local_port_in_use = None    # fn(proto, addr, port) -> bool; None: ask net.transport's port tables
_by_internal = {}           # (proto, int addr, int port, nat addr) -> Mapping
_by_external = {}           # (proto, nat addr, ext port) -> Mapping
_cursor = {}                # proto -> next port to try
_exhausted = {}             # (proto, nat addr, lo, hi) -> True: found full, no mapping released since


class Mapping:
    """An internal endpoint's external port, held while connections use it."""

    def __init__(self, proto, int_addr, int_port, nat_addr, port):
        self.proto = proto
        self.int_addr = int_addr
        self.int_port = int_port
        self.nat_addr = nat_addr
        self.port = port
        self.refs = 0


def mapping_count():
    return len(_by_internal)


def reset():
    """Forgets every mapping (the connections using them are flushed by the caller)."""
    _by_internal.clear()
    _by_external.clear()
    _cursor.clear()
    _exhausted.clear()


def _release(conn):
    m = conn.mapping
    conn.mapping = None
    if m is None:
        return
    m.refs -= 1
    if m.refs > 0:
        return
    if _by_internal.get((m.proto, m.int_addr, m.int_port, m.nat_addr)) is m:
        del _by_internal[(m.proto, m.int_addr, m.int_port, m.nat_addr)]
    if _by_external.get((m.proto, m.nat_addr, m.port)) is m:
        del _by_external[(m.proto, m.nat_addr, m.port)]
        _exhausted.clear()                  # a port came back: full ranges are worth a new scan


conntrack.destroy_hook = _release


def release(conn):
    """Gives back the port of a connection that will never be confirmed."""
    _release(conn)


def _local_in_use(proto, addr, port):
    fn = local_port_in_use
    if fn is not None:
        return fn(proto, addr, port)
    if proto != PROTO_TCP and proto != PROTO_UDP:
        return False
    from net import transport
    stack = transport.stack()
    if stack is None:
        return False
    table = stack.tcp_ports if proto == PROTO_TCP else stack.udp_ports
    return not table.is_free(addr, port)


def _default_range(proto, port):
    if proto == PROTO_ICMP:
        return ICMP_IDS
    return LOW_PORTS if port < 1024 else HIGH_PORTS


def _port_free(proto, nat_addr, port, rsrc, rsport):
    if (proto, nat_addr, port) in _by_external:
        return False
    if conntrack.is_tracked((proto, rsrc, rsport, nat_addr, port)):
        return False
    return not _local_in_use(proto, nat_addr, port)


def _pick_port(proto, nat_addr, want, lo, hi, rsrc, rsport):
    if (proto, nat_addr, lo, hi) in _exhausted:
        return -1                           # found full and no mapping went since: skip the scan
    if lo <= want <= hi and _port_free(proto, nat_addr, want, rsrc, rsport):
        return want
    port = _cursor.get(proto, lo)
    if port < lo or port > hi:
        port = lo
    for _ in range(hi - lo + 1):
        if _port_free(proto, nat_addr, port, rsrc, rsport):
            _cursor[proto] = port + 1
            return port
        port = lo if port >= hi else port + 1
    _exhausted[(proto, nat_addr, lo, hi)] = True
    return -1


def set_snat(conn, nat_addr, lo=-1, hi=-1):
    """Source NAT of a new connection to nat_addr (ports from [lo, hi], or the default range).

    Returns False when no port is left (nothing changed)."""
    proto, src, sport, _, _ = conn.orig
    rsrc, rsport = conn.reply[1], conn.reply[2]
    if src == nat_addr:
        return True                         # already the NAT address: the router's own traffic
    if proto != PROTO_TCP and proto != PROTO_UDP and proto != PROTO_ICMP:
        conn.reply = (proto, rsrc, rsport, nat_addr, conn.reply[4])
        conn.nat = True
        return True
    key = (proto, src, sport, nat_addr)
    m = _by_internal.get(key)
    if m is None or conntrack.is_tracked((proto, rsrc, rsport, nat_addr, m.port)):
        if lo < 0:
            lo, hi = _default_range(proto, sport)
        port = _pick_port(proto, nat_addr, sport, lo, hi, rsrc, rsport)
        if port < 0 and conntrack.reap():
            port = _pick_port(proto, nat_addr, sport, lo, hi, rsrc, rsport)     # idle flows gave some back
        if port < 0:
            stats.inc("nat", "no_ports")
            return False
        m = Mapping(proto, src, sport, nat_addr, port)
        if key not in _by_internal:
            _by_internal[key] = m
        _by_external[(proto, nat_addr, port)] = m
    m.refs += 1
    conn.mapping = m
    conn.reply = (proto, rsrc, rsport, nat_addr, m.port)
    conn.nat = True
    stats.inc("nat", "snat")
    return True


def set_dnat(conn, to_addr, to_port=0):
    """Destination NAT of a new connection to to_addr (and to_port when not 0)."""
    proto = conn.reply[0]
    port = conn.reply[2]
    if to_port and (proto == PROTO_TCP or proto == PROTO_UDP):
        port = to_port
    conn.reply = (proto, to_addr, port, conn.reply[3], conn.reply[4])
    conn.nat = conn.reply != conntrack.invert(conn.orig)
    stats.inc("nat", "dnat")


def masquerade_address(iface, dst):
    """The address of iface a masqueraded packet to dst leaves with: the one on dst's subnet, else the first."""
    if iface is None or not iface.ipv4:
        return None
    for address, prefix_len in iface.ipv4:
        mask = (0xFFFFFFFF << (32 - prefix_len)) & 0xFFFFFFFF if prefix_len else 0
        if address & mask == dst & mask:
            return address
    return iface.ipv4[0][0]


# --- rewriting ---------------------------------------------------------------------------------

def _fold(total):
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return total


def adjust16(csum, old, new):
    """RFC 1624 eqn. 3 for one changed 16-bit word."""
    return ~_fold((~csum & 0xFFFF) + (~old & 0xFFFF) + new) & 0xFFFF


def adjust32(csum, old, new):
    """RFC 1624 eqn. 3 for a changed 32-bit field (two words)."""
    total = (~csum & 0xFFFF) + (~(old >> 16) & 0xFFFF) + (~old & 0xFFFF) + (new >> 16) + (new & 0xFFFF)
    return ~_fold(total) & 0xFFFF


def _patch(mem, pos, old, new, is32, udp):
    """Updates the checksum at pos for a field changing from old to new."""
    if pos < 0:
        return
    csum = struct.unpack_from("!H", mem, pos)[0]
    if udp and csum == 0:
        return                              # UDP without a checksum
    csum = adjust32(csum, old, new) if is32 else adjust16(csum, old, new)
    if udp and csum == 0:
        csum = 0xFFFF
    struct.pack_into("!H", mem, pos, csum)


def rewrite(mem, ip_off, l4, end, proto, is_src, addr, port):
    """Sets the source (is_src) or destination address and port of the datagram at mem[ip_off:end].

    end may cut the transport header short (a quote in an ICMP error): checksums and ports past
    it are left alone. For ICMP queries the port is the identifier (a request's source, a reply's
    destination). Returns True when a byte changed."""
    udp = proto == PROTO_UDP
    csum_pos = -1
    port_pos = -1
    pseudo = False
    if proto == PROTO_TCP:
        pseudo = True
        if end >= l4 + 18:
            csum_pos = l4 + 16
        if end >= l4 + 4:
            port_pos = l4 if is_src else l4 + 2
    elif udp:
        pseudo = True
        if end >= l4 + 8:
            csum_pos = l4 + 6
        if end >= l4 + 4:
            port_pos = l4 if is_src else l4 + 2
    elif proto == PROTO_ICMP and end >= l4 + 6:
        csum_pos = l4 + 2
        kind = mem[l4]
        if (is_src and kind in conntrack.ICMP_REQUESTS) or (not is_src and kind in conntrack.ICMP_REPLIES):
            port_pos = l4 + 4
    changed = False
    field = ip_off + (12 if is_src else 16)
    old = struct.unpack_from("!I", mem, field)[0]
    if old != addr:
        struct.pack_into("!I", mem, field, addr)
        _patch(mem, ip_off + 10, old, addr, True, False)
        if pseudo:
            _patch(mem, csum_pos, old, addr, True, udp)
        changed = True
    if port_pos >= 0 and port != NO_PORT:
        old = struct.unpack_from("!H", mem, port_pos)[0]
        if old != port:
            struct.pack_into("!H", mem, port_pos, port)
            _patch(mem, csum_pos, old, port, False, udp)
            changed = True
    return changed


def translate(pkt, to_src):
    """Rewrites pkt to its connection's tuples: the destination (to_src False) or the source side."""
    conn = pkt.conn
    if conn is None or not conn.nat:
        return
    direction = pkt.dir
    other = conn.reply if direction == 0 else conn.orig
    if pkt.state == conntrack.RELATED:
        if pkt.related_nat:
            _translate_error(pkt, conn, direction, other, to_src)
        return
    mem = pkt.mem
    if to_src:
        addr, port = other[3], other[4]
        if pkt.src != addr or pkt.sport != port:
            rewrite(mem, pkt.ip_off, pkt.l4, pkt.end, pkt.proto, True, addr, port)
            pkt.src = addr
            pkt.sport = port
    else:
        addr, port = other[1], other[2]
        if pkt.dst != addr or pkt.dport != port:
            rewrite(mem, pkt.ip_off, pkt.l4, pkt.end, pkt.proto, False, addr, port)
            pkt.dst = addr
            pkt.dport = port


def _set_outer(mem, pkt, is_src, addr):
    field = pkt.ip_off + (12 if is_src else 16)
    old = struct.unpack_from("!I", mem, field)[0]
    if old == addr:
        return
    struct.pack_into("!I", mem, field, addr)
    _patch(mem, pkt.ip_off + 10, old, addr, True, False)
    if is_src:
        pkt.src = addr
    else:
        pkt.dst = addr


def _translate_error(pkt, conn, direction, other, to_src):
    """RFC 5508: the quoted datagram is the mirror of tuple(direction); it gets tuple(1-d)'s view."""
    mem = pkt.mem
    inner = pkt.inner
    if to_src:
        changed = rewrite(mem, inner, pkt.inner_l4, pkt.end, pkt.inner_proto, False, other[3], other[4])
        if pkt.src == conn.tuple(direction)[1]:
            _set_outer(mem, pkt, True, other[3])    # the error comes from the translated endpoint itself
    else:
        changed = rewrite(mem, inner, pkt.inner_l4, pkt.end, pkt.inner_proto, True, other[1], other[2])
        _set_outer(mem, pkt, False, other[1])
    if changed:
        l4 = pkt.l4
        struct.pack_into("!H", mem, l4 + 2, 0)
        struct.pack_into("!H", mem, l4 + 2, inet.checksum(mem[l4:pkt.end]))


# --- the `nat` command -------------------------------------------------------------------------

def command(words):
    """The `nat` shell command: iptables-like words for the nat table (see net.guard); returns text."""
    from net import guard
    return guard.command(words, "nat")


def run(words):
    """Like command() but raises guard.RuleError on bad input."""
    from net import guard
    return guard.run(words, "nat")


def boot_rules(text):
    """Applies the value of the kernel command line's nat= (syntax in net.guard); returns error messages."""
    from net import guard
    return guard.boot_rules(text, "nat")
