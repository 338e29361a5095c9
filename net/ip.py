"""IPv4 (RFC 791, RFC 1122, RFC 1812 for forwarding): input, output, forwarding.

Input validates before it reads (version, IHL, checksum, total length) and
parses the header in place; options are skipped by IHL, never interpreted.
Datagrams for us (any of our addresses, a broadcast, 224.0.0.1) are
reassembled if fragmented and handed to the handler registered for their
protocol; the others are forwarded when forwarding is on.

Output builds the header in front of the transport payload, fragments to
the route's MTU, and passes each datagram to ARP for the next hop.
ICMP errors are sent through `error_sender`, which net.icmp installs.

TTL is checked where it matters, when forwarding (RFC 1812: a host accepts a
datagram for itself whatever its TTL). A router here sends no redirects.
Datagrams to our own addresses or 127/8 go through the interface named "lo"
when there is one, else back into input() on the next timer run.
Wiring (the kernel does it once): arp.init(), ip.init(), icmp.init(),
ip.add_interface(iface) and ip.set_address(iface, address, prefix_len).
Addresses change only through set_address/remove_address: the sets of our
addresses and directed broadcasts every packet is checked against are
rebuilt there.

Every datagram in or out runs input() or output(), so those avoid calls and
allocations that are cheap once but not per packet on the VM: the header is
parsed with one struct call into a slim Header, counters are plain dict
increments, and headers are written into the buffer's own memory.
"""
from micropython import const
import struct
import inet
import machine
from net import addr, arp, ether, guard, reasm, route, stats, timer
from net.pkbuf import PacketBuffer

HEADER_LEN = const(20)
IPV4_VERSION = const(4)
PROTO_ICMP = const(1)
PROTO_TCP = const(6)
PROTO_UDP = const(17)
FLAG_DF = const(0x4000)
FLAG_MF = const(0x2000)
OFFSET_MASK = const(0x1FFF)
DEFAULT_TTL = const(64)
MIN_MTU = const(68)                # RFC 791: every host and router must pass this unfragmented
PMTU_EXPIRY_MS = const(600000)     # a learned path MTU is trusted 10 minutes (RFC 1191)
ALL_HOSTS_GROUP = const(0xE0000001)

# ICMP numbers used here (net.icmp owns the rest).
ICMP_DEST_UNREACH = const(3)
ICMP_TIME_EXCEEDED = const(11)
CODE_NET_UNREACH = const(0)
CODE_HOST_UNREACH = const(1)
CODE_PROTO_UNREACH = const(2)
CODE_FRAG_NEEDED = const(4)
CODE_TTL_EXCEEDED = const(0)
CODE_REASM_EXCEEDED = const(1)

# errno values returned by output() (Linux numbers).
ENETUNREACH = const(101)
EMSGSIZE = const(90)
EINVAL = const(22)
EPERM = const(1)
LOOPBACK_SOURCE = const(0x7F000001)       # 127.0.0.1

forwarding = False
error_sender = None         # fn(orig_view, icmp_type, code, info): installed by net.icmp
_protocols = {}             # IP protocol number -> fn(iface, pkb, hdr)
_interfaces = {}            # name -> interface
_pmtu = {}                  # destination -> [mtu, expires_ms]
_next_ident = 0
_local = set()              # every address of every interface (is_local)
_directed = set()           # every interface's directed broadcast address (a quick "surely not")
# Destination cache: dst -> (interface, next hop, its REACHABLE ARP entry), what output() found for a unicast
# destination on Ethernet, so the next datagram skips the route lookup and the ARP table (Linux keeps the route
# on the socket and the link header on the neighbour). Emptied when routes or addresses change; an entry is
# used only while its interface is up and its ARP entry still REACHABLE (the firewall, NAT and path MTU are
# asked every time, as before).
_dst_cache = {}
DST_CACHE_MAX = const(256)
_counts = stats.table("ip", ("in_receives", "in_delivers", "out_requests"))
_parse_error = None         # why _parse() last returned None


class Header:
    """A parsed IPv4 header (made by parse_header); `offset` is where it starts in pkb.mem (for
    ICMP quotes).

    One is made per datagram, so it holds only the fields read on every packet, filled in by
    _parse (an __init__ would cost a call more per packet):
      fields      the 10 values of struct "!BBHHHBBHII" (version/IHL ... destination)
      total_len, flags (the flags and fragment offset word), proto, src, dst, hdr_len, offset
    The rarer ones are computed from `fields` when asked."""
    broadcast = False               # delivered as a broadcast or multicast (set when true)

    @property
    def tos(self):
        return self.fields[1]

    @property
    def ident(self):
        return self.fields[3]

    @property
    def ttl(self):
        return self.fields[5]

    @property
    def checksum(self):
        return self.fields[7]

    @property
    def df(self):
        return (self.flags & FLAG_DF) != 0

    @property
    def more_fragments(self):
        return (self.flags & FLAG_MF) != 0

    @property
    def frag_offset(self):
        return (self.flags & OFFSET_MASK) << 3

    def is_fragment(self):
        return (self.flags & (FLAG_MF | OFFSET_MASK)) != 0


def parse_header(view):
    """Checks and parses the IPv4 header at the start of view: (Header, None) or (None, reason)."""
    hdr = _parse(view, 0, len(view))
    return (hdr, None) if hdr is not None else (None, _parse_error)


def _parse(mem, start, end):
    """parse_header of the header at mem[start:end], without slicing the buffer first: the Header,
    or None with the reason in _parse_error."""
    global _parse_error
    length = end - start
    if length < HEADER_LEN:
        _parse_error = "truncated"
        return None
    fields = struct.unpack_from("!BBHHHBBHII", mem, start)
    total_len = fields[2]
    if fields[0] == 0x45 and HEADER_LEN <= total_len <= length:
        hdr_len = HEADER_LEN                # the usual header: no options, lengths consistent
        if inet.checksum(mem, 0, start, HEADER_LEN) != 0:
            _parse_error = "bad_checksum"
            return None
    else:
        hdr_len = (fields[0] & 0x0F) << 2
        _parse_error = _unusual_header(mem, start, fields[0], hdr_len, total_len, length)
        if _parse_error is not None:
            return None
    hdr = Header()
    hdr.fields = fields
    hdr.total_len = total_len
    hdr.flags = fields[4]
    hdr.proto = fields[6]
    hdr.src = fields[8]
    hdr.dst = fields[9]
    hdr.hdr_len = hdr_len
    hdr.offset = start
    return hdr


def _unusual_header(mem, start, version_ihl, hdr_len, total_len, length):
    """What is wrong with a header that has options or odd lengths (None: nothing)."""
    if version_ihl >> 4 != IPV4_VERSION:
        return "bad_version"
    if hdr_len < HEADER_LEN:
        return "bad_ihl"
    if hdr_len > length:
        return "truncated"
    if inet.checksum(mem, 0, start, hdr_len) != 0:
        return "bad_checksum"
    if total_len < hdr_len:
        return "bad_length"
    if total_len > length:
        return "truncated"
    return None


def write_header(view, hdr_len, tos, total_len, ident, flags, ttl, proto, src, dst):
    """Fills the fixed 20 bytes of a header (options, if any, are already in place) and its checksum."""
    if hdr_len == HEADER_LEN:
        _put_header(view, 0, tos, total_len, ident, flags, ttl, proto, src, dst)
        return
    struct.pack_into("!BBHHHBBHII", view, 0, (IPV4_VERSION << 4) | (hdr_len >> 2), tos, total_len,
                     ident, flags, ttl, proto, 0, src, dst)
    struct.pack_into("!H", view, 10, inet.checksum(view[0:hdr_len]))


def _put_header(mem, start, tos, total_len, ident, flags, ttl, proto, src, dst):
    """A 20-byte header at mem[start:]. Its checksum is summed here from the values (RFC 1071: nine
    16-bit words, folded twice) so the header is written by one struct call, with no slice to sum."""
    total = 0x4500 + tos + total_len + ident + flags + (ttl << 8) + proto + (src >> 16) + (src & 0xFFFF) + \
        (dst >> 16) + (dst & 0xFFFF)
    total = (total & 0xFFFF) + (total >> 16)        # at most 0x1000E now: one more carry to add
    struct.pack_into("!BBHHHBBHII", mem, start, 0x45, tos, total_len, ident, flags, ttl, proto,
                     ~(total + (total >> 16)) & 0xFFFF, src, dst)


# --- interfaces, addresses and protocols -------------------------------------------------------

def register_protocol(proto, fn):
    """fn(iface, pkb, hdr) gets each datagram of that protocol, window at its transport header."""
    _protocols[proto] = fn


def unregister_protocol(proto):
    _protocols.pop(proto, None)


def add_interface(iface):
    _interfaces[iface.name] = iface
    _addresses_changed()


def remove_interface(iface):
    if _interfaces.get(iface.name) is iface:
        del _interfaces[iface.name]
    route.delete_interface(iface.name)
    _addresses_changed()


def _drop_dst_cache():
    _dst_cache.clear()


def _addresses_changed():
    """Rebuilds the address sets input() and output() look up instead of scanning every interface."""
    _dst_cache.clear()
    _local.clear()
    _directed.clear()
    for iface in _interfaces.values():
        for ours, prefix_len in iface.ipv4:
            _local.add(ours)
            if prefix_len < 31:
                _directed.add(addr.broadcast_of(ours, prefix_len))


def interface(name):
    return _interfaces.get(name)


def set_address(iface, address, prefix_len):
    """Gives iface an address: the connected route comes with it, and a gratuitous ARP announces it."""
    if iface.name not in _interfaces:
        add_interface(iface)
    if (address, prefix_len) not in iface.ipv4:
        iface.ipv4.append((address, prefix_len))
    _addresses_changed()
    if prefix_len < 32:
        route.add_connected(address, prefix_len, iface.name)
    if iface.mac is not None and iface.up:
        arp.announce(iface, address)


def remove_address(iface, address, prefix_len):
    if (address, prefix_len) in iface.ipv4:
        iface.ipv4.remove((address, prefix_len))
        still_used = False
        for other, other_len in iface.ipv4:
            if other_len == prefix_len and addr.network_of(other, other_len) == addr.network_of(address, prefix_len):
                still_used = True
        if not still_used:
            route.delete_connected(address, prefix_len, iface.name)
        _addresses_changed()


def is_local(address):
    """One of our addresses, on any interface (the weak host model of RFC 1122)."""
    return address in _local


def is_broadcast(address, iface=None):
    """255.255.255.255, a multicast group, or the directed broadcast of one of our subnets."""
    if address == addr.LIMITED_BROADCAST or addr.is_multicast(address):
        return True
    candidates = _interfaces.values() if iface is None else [iface]
    for candidate in candidates:
        for ours, prefix_len in candidate.ipv4:
            if prefix_len < 31 and address == addr.broadcast_of(ours, prefix_len):
                return True
    return False


def set_forwarding(enabled):
    global forwarding
    forwarding = enabled


def update_pmtu(dst, mtu):
    """Learns a smaller path MTU to dst (from ICMP fragmentation needed)."""
    if mtu >= MIN_MTU:
        _pmtu[dst] = [mtu, machine.ticks_ms() + PMTU_EXPIRY_MS]


def path_mtu(dst, iface_mtu):
    entry = _pmtu.get(dst)
    if entry is None:
        return iface_mtu
    if machine.ticks_ms() >= entry[1]:
        del _pmtu[dst]
        return iface_mtu
    return min(entry[0], iface_mtu)


def _route_usable(rt):
    iface = _interfaces.get(rt.ifname)
    return iface is not None and iface.up


def source_for(dst):
    """(source address, MTU) that output() would use towards dst, or None without a route: the
    transport layer's route callback (MSS, connection source address)."""
    if dst in _local or dst >> 24 == 127:
        lo = _interfaces.get("lo")
        return (dst if dst in _local else LOOPBACK_SOURCE), (65535 if lo is None else lo.mtu)
    rt = route.lookup(dst, addr.AF_INET, _route_usable)
    if rt is None:
        return None
    iface = _interfaces[rt.ifname]
    return select_source(iface, rt.next_hop(dst)), path_mtu(dst, iface.mtu)


def _send_error(view, icmp_type, code, info=0):
    if error_sender is not None:
        error_sender(view, icmp_type, code, info)


# --- input ---------------------------------------------------------------------------------------

def _bad_header(pkb, reason):
    stats.drop("ip", reason)
    stats.inc("ip", "in_hdr_errors")
    pkb.release()


def _bad_address(pkb, reason):
    stats.drop("ip", reason)
    stats.inc("ip", "in_addr_errors")
    pkb.release()


def input(iface, pkb):
    """Handles a received datagram (window at its IP header; link padding is trimmed here)."""
    _counts["in_receives"] += 1
    start = pkb.start
    hdr = _parse(pkb.mem, start, pkb.end)
    if hdr is None:
        _bad_header(pkb, _parse_error)
        return
    pkb.end = start + hdr.total_len         # trims link padding (total_len was checked against it)
    looped = iface is None or iface.mac is None
    src = hdr.src
    dst = hdr.dst
    top = src >> 24
    # addr.is_martian_source inlined (0/8 but 0.0.0.0, multicast, class E, broadcast), and 127/8
    # from a wire.
    if (top == 0 and src != 0) or top >= 224 or (top == 127 and not looped):
        _bad_address(pkb, "martian_source")
        return
    if guard.active:
        # Connection tracking and NAT see whole datagrams (like Linux's nf_defrag) before routing.
        if hdr.flags & (FLAG_MF | OFFSET_MASK):
            pkb, hdr = guard.defrag(iface, pkb, hdr)
            if pkb is None:
                return
        if guard.prerouting(iface, pkb, hdr):
            pkb.release()
            return
        dst = hdr.dst                       # DNAT may have changed it
    if not (dst in _local or (looped and dst >> 24 == 127)):
        if _broadcast_for_us(iface, dst):
            hdr.broadcast = True
        elif addr.is_multicast(dst):
            stats.drop("ip", "multicast_not_joined")
            pkb.release()
            return
        elif forwarding and not looped:
            _forward(iface, pkb, hdr)
            return
        else:
            _bad_address(pkb, "not_for_us")
            return
    # Ours: delivered to its protocol (in this function, not another call: every datagram for us
    # comes this way).
    if hdr.flags & (FLAG_MF | OFFSET_MASK):         # a fragment (hdr.is_fragment(), without the call)
        broadcast = hdr.broadcast
        pkb = reasm.add(iface, pkb, hdr)
        if pkb is None:
            return
        pkb.iface = iface
        hdr = _parse(pkb.mem, pkb.start, pkb.end)
        hdr.broadcast = broadcast
    if guard.active and guard.input(iface, pkb, hdr):
        pkb.release()
        return
    handler = _protocols.get(hdr.proto)
    if handler is None:
        stats.inc("ip", "in_unknown_protos")
        if not hdr.broadcast:
            _send_error(pkb.data(), ICMP_DEST_UNREACH, CODE_PROTO_UNREACH)
        pkb.release()
        return
    _counts["in_delivers"] += 1
    pkb.meta = hdr
    pkb.start = hdr.offset + hdr.hdr_len            # pull(hdr_len): parsing checked the length
    handler(iface, pkb, hdr)


def _broadcast_for_us(iface, dst):
    if dst == addr.LIMITED_BROADCAST or dst == ALL_HOSTS_GROUP:
        return True
    return iface is not None and dst in _directed and not addr.is_multicast(dst) and is_broadcast(dst, iface)


# --- forwarding ----------------------------------------------------------------------------------

def _decrement_ttl(view):
    """TTL - 1 with the checksum patched incrementally (RFC 1624, eqn. 3: HC' = ~(~HC + ~m + m'))."""
    old_word = struct.unpack_from("!H", view, 8)[0]          # TTL and protocol
    new_word = old_word - 0x100
    total = (~struct.unpack_from("!H", view, 10)[0] & 0xFFFF) + (~old_word & 0xFFFF) + new_word
    total = (total & 0xFFFF) + (total >> 16)
    total = (total & 0xFFFF) + (total >> 16)
    struct.pack_into("!HH", view, 8, new_word, ~total & 0xFFFF)


def _forward(iface, pkb, hdr):
    view = pkb.data()
    if addr.is_martian_source(hdr.dst) or hdr.dst == 0 or hdr.dst >> 24 == 127:
        _bad_address(pkb, "martian_destination")
        return
    if hdr.ttl <= 1:
        stats.drop("ip", "ttl_expired")
        _send_error(view, ICMP_TIME_EXCEEDED, CODE_TTL_EXCEEDED)
        pkb.release()
        return
    rt = route.lookup(hdr.dst, addr.AF_INET, _route_usable)
    if rt is None:
        stats.inc("ip", "out_no_routes")
        _send_error(view, ICMP_DEST_UNREACH, CODE_NET_UNREACH)
        pkb.release()
        return
    out = _interfaces[rt.ifname]
    if hdr.total_len > out.mtu and hdr.flags & FLAG_DF:
        stats.inc("ip", "frag_fails")
        _send_error(view, ICMP_DEST_UNREACH, CODE_FRAG_NEEDED, out.mtu)
        pkb.release()
        return
    _decrement_ttl(view)
    if guard.active and (guard.forward(iface, out, pkb, hdr) or guard.postrouting(out, pkb, hdr)):
        pkb.release()
        return
    stats.inc("ip", "forwarded")
    next_hop = rt.next_hop(hdr.dst)
    if hdr.total_len <= out.mtu:
        _to_link(out, next_hop, hdr.dst, pkb)
        return
    header = bytes(view[0:hdr.hdr_len])
    pkb.pull(hdr.hdr_len)
    _fragment(pkb, header, out, next_hop, hdr.dst, out.mtu)


# --- output --------------------------------------------------------------------------------------

def _new_ident():
    global _next_ident
    _next_ident = (_next_ident + 1) & 0xFFFF
    return _next_ident


def select_source(iface, next_hop):
    """Our address on next_hop's subnet of iface, else iface's first, else any of ours, else 0."""
    for address, prefix_len in iface.ipv4:
        if addr.network_of(address, prefix_len) == addr.network_of(next_hop, prefix_len):
            return address
    if iface.ipv4:
        return iface.ipv4[0][0]
    for other in _interfaces.values():
        if other.ipv4:
            return other.ipv4[0][0]
    return 0


def _broadcast_interface(src):
    """The interface a limited broadcast leaves by: the one owning src, else the first up one with a MAC."""
    fallback = None
    for iface in _interfaces.values():
        if not iface.up or iface.mac is None:
            continue
        for ours, _ in iface.ipv4:
            if ours == src:
                return iface
        if fallback is None:
            fallback = iface
    return fallback


def output(pkb, src, dst, proto, ttl=DEFAULT_TTL, tos=0, df=False):
    """Sends pkb's window (a transport payload) as an IPv4 datagram to dst.

    src 0 (or None) means "pick one from the route". Returns 0, or an errno (ENETUNREACH when
    there is no route, EMSGSIZE when df forbids the fragmentation needed). pkb is consumed.
    The window may be a received packet's, rewritten as an answer: the header goes over the old one."""
    global _next_ident
    _counts["out_requests"] += 1
    known = _dst_cache.get(dst)
    if known is not None and known[0].up and known[2].state == arp.REACHABLE:
        iface, next_hop, neighbour = known
    else:
        if dst in _local or dst >> 24 == 127:
            return _loopback(pkb, src or dst, dst, proto, ttl, tos, df)
        neighbour = None
        if dst == addr.LIMITED_BROADCAST:
            iface = _broadcast_interface(src)
            next_hop = dst
        else:
            rt = route.lookup(dst, addr.AF_INET, _route_usable)
            if rt is None:
                iface = None
            else:
                iface = _interfaces[rt.ifname]
                next_hop = rt.gateway or dst            # rt.next_hop(dst): an on-link route's gateway is 0
                if iface.mac is not None and dst >> 28 != 0xE and dst not in _directed:
                    neighbour = arp.reachable_entry(iface, next_hop)
                    if neighbour is not None:
                        if len(_dst_cache) >= DST_CACHE_MAX:
                            _dst_cache.clear()
                        _dst_cache[dst] = (iface, next_hop, neighbour)
        if iface is None:
            stats.inc("ip", "out_no_routes")
            pkb.release()
            return ENETUNREACH
    if not src:
        src = select_source(iface, next_hop)
    flags = FLAG_DF if df else 0
    start = pkb.start
    total_len = HEADER_LEN + pkb.end - start
    mtu = path_mtu(dst, iface.mtu) if df else iface.mtu
    if guard.active:
        return _output_guarded(pkb, iface, next_hop, src, dst, proto, ttl, tos, flags, total_len, mtu)
    if total_len <= mtu:
        # pkb.push(HEADER_LEN) and write_header, without the view.
        start -= HEADER_LEN
        if start < 0:
            raise ValueError("no headroom left")
        pkb.start = start
        _next_ident = (_next_ident + 1) & 0xFFFF
        _put_header(pkb.mem, start, tos, total_len, _next_ident, flags, ttl, proto, src, dst)
        if neighbour is None:
            _to_link(iface, next_hop, dst, pkb)
        else:
            arp.transmit(neighbour, pkb)
        return 0
    if df or total_len > 65535:
        stats.inc("ip", "frag_fails")
        pkb.release()
        return EMSGSIZE
    header = bytearray(HEADER_LEN)
    write_header(header, HEADER_LEN, tos, total_len, _new_ident(), flags, ttl, proto, src, dst)
    return _fragment(pkb, header, iface, next_hop, dst, iface.mtu)


def _output_guarded(pkb, iface, next_hop, src, dst, proto, ttl, tos, flags, total_len, mtu):
    """output() while the firewall or NAT is on: the hooks see the whole header (SNAT rewrites it)
    before fragmentation and ARP. EPERM when a rule refused the datagram, as on Linux."""
    if total_len > mtu and (flags & FLAG_DF or total_len > 65535):
        stats.inc("ip", "frag_fails")
        pkb.release()
        return EMSGSIZE
    write_header(pkb.push(HEADER_LEN), HEADER_LEN, tos, total_len, _new_ident(), flags, ttl, proto, src, dst)
    if guard.output(iface, pkb) or guard.postrouting(iface, pkb):
        pkb.release()
        return EPERM
    if total_len <= mtu:
        _to_link(iface, next_hop, dst, pkb)
        return 0
    header = bytes(pkb.pull(HEADER_LEN))
    return _fragment(pkb, header, iface, next_hop, dst, iface.mtu)


def _loopback(pkb, src, dst, proto, ttl, tos, df):
    """Datagrams to ourselves go back through input on the next timer run (never re-entrantly)."""
    total_len = HEADER_LEN + len(pkb)
    if total_len > 65535:
        pkb.release()
        return EMSGSIZE
    write_header(pkb.push(HEADER_LEN), HEADER_LEN, tos, total_len, _new_ident(), FLAG_DF if df else 0,
                 ttl, proto, src, dst)
    lo = _interfaces.get("lo")
    if guard.active and (guard.output(lo, pkb) or guard.postrouting(lo, pkb)):
        pkb.release()
        return EPERM
    if lo is not None and lo.mac is None and lo.up:
        pkb.iface = lo
        lo.transmit(pkb)
    else:
        timer.schedule(0, input, None, pkb)
    return 0


def _copied_options(header):
    """The header for non-first fragments: only options with the 'copied' bit (RFC 791) are kept."""
    hdr_len = len(header)
    kept = bytearray(header[0:HEADER_LEN])
    pos = HEADER_LEN
    while pos < hdr_len:
        kind = header[pos]
        if kind == 0:                   # end of options list
            break
        if kind == 1:                   # no-operation
            pos += 1
            continue
        if pos + 1 >= hdr_len or header[pos + 1] < 2 or pos + header[pos + 1] > hdr_len:
            break                       # malformed: copy nothing more
        length = header[pos + 1]
        if kind & 0x80:
            kept += header[pos:pos + length]
        pos += length
    while len(kept) & 3:
        kept.append(0)
    return kept


def _fragment(pkb, header, iface, next_hop, dst, mtu):
    """Sends pkb's window (an IP payload) as fragments of at most mtu bytes, each header built from header.

    Offsets are 8-byte aligned; fragmenting a fragment keeps its offset and its MF on the last piece."""
    payload = pkb.data()
    flags = struct.unpack_from("!H", header, 6)[0]
    base_offset = (flags & OFFSET_MASK) << 3
    keep_mf = flags & FLAG_MF
    keep_df = flags & FLAG_DF
    first_header = header
    later_header = header if len(header) == HEADER_LEN else _copied_options(header)
    if (mtu - len(first_header)) & ~7 <= 0 or (mtu - len(later_header)) & ~7 <= 0:
        stats.inc("ip", "frag_fails")
        pkb.release()
        return EMSGSIZE
    size = len(payload)
    pos = 0
    while pos < size:
        head = first_header if pos == 0 else later_header
        head_len = len(head)
        chunk = min((mtu - head_len) & ~7, size - pos)
        last = pos + chunk >= size
        frag = PacketBuffer.alloc(chunk)
        frag.append(payload[pos:pos + chunk])
        view = frag.push(head_len)
        view[0:head_len] = head
        frag_flags = keep_df | ((base_offset + pos) >> 3)
        if not last or keep_mf:
            frag_flags |= FLAG_MF
        struct.pack_into("!H", view, 2, head_len + chunk)
        struct.pack_into("!H", view, 6, frag_flags)
        view[0] = (IPV4_VERSION << 4) | (head_len >> 2)
        struct.pack_into("!H", view, 10, 0)
        struct.pack_into("!H", view, 10, inet.checksum(view[0:head_len]))
        stats.inc("ip", "frag_creates")
        _to_link(iface, next_hop, dst, frag)
        pos += chunk
    stats.inc("ip", "frag_oks")
    pkb.release()
    return 0


def _to_link(iface, next_hop, dst, pkb):
    """Hands a finished datagram to the link: broadcast and multicast map to their MACs, the rest goes to ARP
    (which sets pkb.iface itself)."""
    if iface.mac is None:
        pkb.iface = iface
        iface.transmit(pkb)
    elif dst >> 28 == 0xE:                          # addr.is_multicast
        ether.push(pkb, addr.multicast_mac(dst), iface.mac, ether.ETH_P_IP)
        pkb.iface = iface
        iface.transmit(pkb)
    elif dst == addr.LIMITED_BROADCAST or (dst in _directed and is_broadcast(dst, iface)):
        ether.push(pkb, addr.BROADCAST_MAC, iface.mac, ether.ETH_P_IP)
        pkb.iface = iface
        iface.transmit(pkb)
    else:
        arp.resolve(iface, next_hop, pkb)


# --- wiring --------------------------------------------------------------------------------------

def _arp_failed(iface, pkb):
    _send_error(pkb.data(), ICMP_DEST_UNREACH, CODE_HOST_UNREACH)


def _reassembly_timed_out(iface, quote):
    _send_error(memoryview(quote), ICMP_TIME_EXCEEDED, CODE_REASM_EXCEEDED)


def init():
    """Registers IPv4 with Ethernet and installs the ARP and reassembly failure hooks."""
    global _next_ident
    ether.register_handler(ether.ETH_P_IP, input)
    if _drop_dst_cache not in route.change_hooks:
        route.change_hooks.append(_drop_dst_cache)
    arp.unreachable_hook = _arp_failed
    reasm.timeout_hook = _reassembly_timed_out
    _next_ident = machine.ticks_us() & 0xFFFF


def reset():
    """Forgets interfaces, learned MTUs and the forwarding switch (tests)."""
    global forwarding
    forwarding = False
    _interfaces.clear()
    _pmtu.clear()
    _addresses_changed()
