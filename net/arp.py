"""ARP (RFC 826) for IPv4 over Ethernet: the neighbour cache and resolution.

Entries go INCOMPLETE (request sent, packets queued) -> REACHABLE (a reply
or a request from it confirmed it) -> STALE (REACHABLE_MS later: still used,
but the next use re-probes it) -> gone (STALE_MS unused, or no answer after
MAX_TRIES requests: the queued packets are then dropped and reported to the
unreachable hook so IP can send ICMP host unreachable).
"""
from micropython import const
import struct
import machine
from net import addr, ether, stats, timer
from net.pkbuf import PacketBuffer

INCOMPLETE = "INCOMPLETE"
REACHABLE = "REACHABLE"
STALE = "STALE"
FORGOTTEN = "FORGOTTEN"     # out of the cache: whoever still holds the entry must ask again

PACKET_LEN = const(28)
HTYPE_ETHERNET = const(1)
OP_REQUEST = const(1)
OP_REPLY = const(2)

MAX_TRIES = const(3)               # requests before giving up on an address
RETRY_MS = const(1000)
REACHABLE_MS = const(30000)
STALE_MS = const(60000)            # unused stale entries are forgotten after this
QUEUE_LIMIT = const(3)             # packets held per unresolved address; the oldest is dropped
RATE_LIMIT_PER_S = const(10)       # requests per interface per second, probes and retries alike

_cache = {}                 # (ifname, ip) -> Entry
_rate = {}                  # ifname -> [window_start_ms, requests_in_window]
unreachable_hook = None     # fn(iface, pkb): a queued datagram whose next hop never answered


class Entry:
    def __init__(self, iface, ip):
        self.iface = iface
        self.ip = ip
        self.mac = None
        self.header = None      # the Ethernet header of IPv4 frames to it, once the MAC is known
        self.state = INCOMPLETE
        self.updated_ms = machine.ticks_ms()
        self.tries = 0
        self.queue = []
        self.timer = None
        self.probed = False     # a STALE entry's confirmation request is out


def lookup(iface, ip):
    """The cached MAC for ip on iface, or None (no resolution is started)."""
    entry = _cache.get((iface.name, ip))
    if entry is None or entry.mac is None:
        return None
    return entry.mac


def reachable_entry(iface, ip):
    """The entry for ip on iface when ARP has confirmed it (REACHABLE), else None; its .header is the Ethernet
    header of IPv4 frames to it. A holder (IPv4's destination cache) checks entry.state before each use: the
    entry ages to STALE and, once forgotten, is FORGOTTEN."""
    entry = _cache.get((iface.name, ip))
    if entry is None or entry.state != REACHABLE:
        return None
    return entry


def entry_state(iface, ip):
    entry = _cache.get((iface.name, ip))
    return None if entry is None else entry.state


def _our_address(iface, ip):
    for address, _ in iface.ipv4:
        if address == ip:
            return True
    return False


def _source_for(iface, target):
    """Our address on the target's subnet, else our first address, else 0."""
    for address, prefix_len in iface.ipv4:
        if addr.network_of(address, prefix_len) == addr.network_of(target, prefix_len):
            return address
    if iface.ipv4:
        return iface.ipv4[0][0]
    return 0


def _rate_allows(iface):
    now = machine.ticks_ms()
    window = _rate.get(iface.name)
    if window is None or now - window[0] >= 1000:
        window = [now, 0]
        _rate[iface.name] = window
    if window[1] >= RATE_LIMIT_PER_S:
        stats.inc("arp", "rate_limited")
        return False
    window[1] += 1
    return True


def _send(iface, op, dst_mac, sender_ip, target_mac, target_ip):
    pkb = PacketBuffer.alloc(PACKET_LEN)
    pkb.append(bytes(PACKET_LEN))
    view = pkb.data()
    struct.pack_into("!HHBBH", view, 0, HTYPE_ETHERNET, ether.ETH_P_IP, 6, 4, op)
    view[8:14] = iface.mac
    struct.pack_into("!I", view, 14, sender_ip)
    view[18:24] = target_mac
    struct.pack_into("!I", view, 24, target_ip)
    ether.push(pkb, dst_mac, iface.mac, ether.ETH_P_ARP)
    pkb.iface = iface
    iface.transmit(pkb)


def _send_request(iface, target_ip, dst_mac=addr.BROADCAST_MAC):
    if not _rate_allows(iface):
        return
    stats.inc("arp", "out_requests")
    _send(iface, OP_REQUEST, dst_mac, _source_for(iface, target_ip), addr.ZERO_MAC, target_ip)


def announce(iface, ip):
    """Gratuitous ARP (a request for our own address) so neighbours update their caches."""
    if iface.mac is None:
        return
    stats.inc("arp", "out_gratuitous")
    _send(iface, OP_REQUEST, addr.BROADCAST_MAC, ip, addr.ZERO_MAC, ip)


def transmit(entry, pkb):
    """Sends the IPv4 datagram in pkb to the resolved neighbour of entry (ether.push with the neighbour's
    header made once by _confirm: one copy, no view, no packing)."""
    start = pkb.start - ether.HEADER_LEN
    if start < 0:
        raise ValueError("no headroom left")
    pkb.mem[start:pkb.start] = entry.header
    pkb.start = start
    iface = entry.iface
    pkb.iface = iface
    iface.transmit(pkb)


def _queue(entry, pkb):
    if pkb.borrowed:
        # A NIC's receive buffer (a forwarded datagram, an answer written over a request):
        # waiting seconds for ARP in it would stall the NIC's ring, so the queue keeps a copy.
        copy = pkb.clone()
        pkb.release()
        pkb = copy
    if len(entry.queue) >= QUEUE_LIMIT:
        stats.drop("arp", "queue_drops")
        entry.queue.pop(0).release()
    entry.queue.append(pkb)


def resolve(iface, ip, pkb, ethertype=ether.ETH_P_IP):
    """Sends the IP datagram in pkb to neighbour ip: now if its MAC is known, else once ARP answers."""
    key = (iface.name, ip)
    entry = _cache.get(key)
    if entry is not None and entry.state == REACHABLE:
        # Nearly every datagram: straight out (transmit, inlined).
        start = pkb.start - ether.HEADER_LEN
        if start < 0:
            raise ValueError("no headroom left")
        pkb.mem[start:pkb.start] = entry.header
        pkb.start = start
        pkb.iface = iface
        iface.transmit(pkb)
        return
    if entry is None:
        entry = Entry(iface, ip)
        _cache[key] = entry
        _queue(entry, pkb)
        _probe(entry)
        return
    if entry.state == INCOMPLETE:
        _queue(entry, pkb)
        return
    if entry.state == STALE and not entry.probed:
        # Still usable; confirm it with a unicast request (Linux's DELAY/PROBE, shortened):
        # without an answer within MAX_TRIES retry periods the entry is forgotten.
        entry.probed = True
        _send_request(iface, ip, entry.mac)
        timer.cancel(entry.timer)
        entry.timer = timer.schedule(RETRY_MS * MAX_TRIES, _expire, entry)
    transmit(entry, pkb)


def _probe(entry):
    """Sends the next request of an INCOMPLETE entry, or gives up after MAX_TRIES."""
    if entry.tries >= MAX_TRIES:
        _give_up(entry)
        return
    entry.tries += 1
    # The retry is armed before the request leaves: an answer handled during
    # the send (a fast peer) then finds the timer and cancels it.
    entry.timer = timer.schedule(RETRY_MS, _probe, entry)
    _send_request(entry.iface, entry.ip)


def _give_up(entry):
    stats.inc("arp", "resolve_failures")
    _forget(entry)
    queued = entry.queue
    entry.queue = []
    for pkb in queued:
        stats.drop("arp", "unresolved_drops")
        if unreachable_hook is not None:
            unreachable_hook(entry.iface, pkb)
        pkb.release()


def _forget(entry):
    timer.cancel(entry.timer)
    entry.timer = None
    entry.state = FORGOTTEN
    key = (entry.iface.name, entry.ip)
    if _cache.get(key) is entry:
        del _cache[key]


def _expire(entry):
    """REACHABLE ages to STALE; STALE that stayed unconfirmed is forgotten."""
    entry.timer = None
    if entry.state == REACHABLE:
        entry.state = STALE
        entry.timer = timer.schedule(STALE_MS, _expire, entry)
    else:
        _forget(entry)


def _confirm(entry, mac):
    """A reply or request from the neighbour: it is REACHABLE at mac; flush what waited for it."""
    timer.cancel(entry.timer)
    entry.mac = mac
    entry.header = mac + entry.iface.mac + b"\x08\x00"     # ether.ETH_P_IP
    entry.state = REACHABLE
    entry.tries = 0
    entry.probed = False
    entry.updated_ms = machine.ticks_ms()
    entry.timer = timer.schedule(REACHABLE_MS, _expire, entry)
    queued = entry.queue
    entry.queue = []
    for pkb in queued:
        transmit(entry, pkb)


def input(iface, pkb):
    """Handles a received ARP packet (window after the Ethernet header)."""
    if len(pkb) < PACKET_LEN:
        stats.drop("arp", "truncated")
        pkb.release()
        return
    view = pkb.data()
    htype, ptype, hlen, plen, op = struct.unpack_from("!HHBBH", view, 0)
    if htype != HTYPE_ETHERNET or ptype != ether.ETH_P_IP or hlen != 6 or plen != 4:
        stats.drop("arp", "unsupported")
        pkb.release()
        return
    if op != OP_REQUEST and op != OP_REPLY:
        stats.drop("arp", "bad_opcode")
        pkb.release()
        return
    sender_mac = bytes(view[8:14])
    sender_ip = struct.unpack_from("!I", view, 14)[0]
    target_ip = struct.unpack_from("!I", view, 24)[0]
    pkb.release()
    stats.inc("arp", "in_requests" if op == OP_REQUEST else "in_replies")
    if sender_mac[0] & 1 or sender_mac == iface.mac:
        stats.drop("arp", "bad_sender")         # multicast/broadcast source, or our own frame echoed
        return
    if _our_address(iface, sender_ip):
        stats.drop("arp", "address_conflict")
        return
    _learn(iface, sender_ip, sender_mac, _our_address(iface, target_ip))
    if op == OP_REQUEST and _our_address(iface, target_ip):
        stats.inc("arp", "out_replies")
        _send(iface, OP_REPLY, sender_mac, target_ip, sender_mac, sender_ip)


def _learn(iface, sender_ip, sender_mac, for_us):
    """RFC 826 merge: update a known sender; create an entry only when the packet was for us."""
    if sender_ip == 0 or sender_ip == addr.LIMITED_BROADCAST or addr.is_multicast(sender_ip):
        return                                  # address probes (RFC 5227) and nonsense teach nothing
    key = (iface.name, sender_ip)
    entry = _cache.get(key)
    if entry is None:
        if not for_us:
            return
        entry = Entry(iface, sender_ip)
        _cache[key] = entry
    _confirm(entry, sender_mac)


def flush(ifname=None):
    """Forgets all entries (of one interface), dropping their queued packets."""
    for entry in list(_cache.values()):
        if ifname is None or entry.iface.name == ifname:
            _forget(entry)
            for pkb in entry.queue:
                pkb.release()
            entry.queue = []


def format_table():
    """The cache like Linux's `ip neigh`: 'IP dev IFACE lladdr MAC STATE', one entry per line."""
    lines = []
    for entry in _cache.values():
        if entry.mac is None:
            lines.append(f"{addr.format_ipv4(entry.ip)} dev {entry.iface.name}  {entry.state}")
        else:
            lines.append(f"{addr.format_ipv4(entry.ip)} dev {entry.iface.name} lladdr {addr.format_mac(entry.mac)} {entry.state}")
    return "\n".join(lines) + ("\n" if lines else "")


def init():
    ether.register_handler(ether.ETH_P_ARP, input)


def reset():
    flush()
    _rate.clear()
