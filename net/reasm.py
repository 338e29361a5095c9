"""IPv4 reassembly (RFC 791, with RFC 5722's rule on overlaps).

Datagrams are keyed by (src, dst, proto, id). Fragment payloads are copied
out of the receive buffer at once, so a NIC's ring buffer is never held
while the rest of a datagram is awaited.

Overlaps: an exact duplicate (same offset, length and bytes) is ignored;
any other overlap kills the whole datagram, and the key is remembered
until its timeout so its later fragments are dropped too (RFC 5722's rule,
applied to IPv4: overlapping fragments are how filters get evaded).

Limits against fragment bombs, each counted under "reasm": MAX_DATAGRAMS
in progress, MAX_BYTES of payload held in total, MAX_FRAGMENTS per datagram
and MAX_DATAGRAM_LEN for the reassembled datagram.
"""
import struct
import inet
from net import stats, timer
from net.pkbuf import PacketBuffer

TIMEOUT_MS = 30000
MAX_DATAGRAMS = 64
MAX_BYTES = 256 * 1024
MAX_FRAGMENTS = 256         # 64 KiB over an MTU of 576 needs 120
MAX_DATAGRAM_LEN = 65535

_table = {}                 # key -> _Datagram
_held_bytes = 0
timeout_hook = None         # fn(iface, quote): quote = first fragment's IP header + 8 bytes


class _Datagram:
    def __init__(self, key, iface):
        self.key = key
        self.iface = iface
        self.frags = []             # [start, end, bytes] sorted by start, never overlapping
        self.received = 0           # payload bytes held
        self.total = -1             # payload length, known once the last fragment came
        self.header = None          # the first fragment's IP header (options included)
        self.quote = None           # the first fragment's header + 8 bytes, for ICMP
        self.dead = False           # killed by an overlap or a limit: later fragments are dropped
        self.timer = timer.schedule(TIMEOUT_MS, _expire, self)


def held_bytes():
    return _held_bytes


def in_progress():
    return len(_table)


def _free_fragments(dg):
    global _held_bytes
    _held_bytes -= dg.received
    dg.received = 0
    dg.frags = []


def _kill(dg, reason):
    """Drops a datagram's data but keeps its key as a tombstone until the timeout."""
    stats.drop("reasm", reason)
    stats.inc("ip", "reasm_fails")
    _free_fragments(dg)
    dg.dead = True


def _remove(dg):
    timer.cancel(dg.timer)
    _free_fragments(dg)
    if _table.get(dg.key) is dg:
        del _table[dg.key]


def _expire(dg):
    dg.timer = None
    if not dg.dead:
        stats.inc("ip", "reasm_timeout")
        stats.inc("ip", "reasm_fails")
        if dg.quote is not None and timeout_hook is not None:
            timeout_hook(dg.iface, dg.quote)
    _remove(dg)


def add(iface, pkb, hdr):
    """Takes one fragment (pkb's window at its IP header, trimmed to its total length).

    Returns a new PacketBuffer holding the whole datagram once complete, else None.
    The fragment's buffer is always released."""
    result = _add(iface, pkb, hdr)
    pkb.release()
    return result


def _add(iface, pkb, hdr):
    global _held_bytes
    stats.inc("ip", "reasm_reqds")
    start = hdr.frag_offset
    length = hdr.total_len - hdr.hdr_len
    end = start + length
    key = (hdr.src, hdr.dst, hdr.proto, hdr.ident)
    dg = _table.get(key)
    if hdr.hdr_len + end > MAX_DATAGRAM_LEN:
        if dg is not None and not dg.dead:
            _kill(dg, "oversize")
        else:
            stats.drop("reasm", "oversize")
        return None
    if hdr.more_fragments and (length == 0 or length & 7):
        stats.drop("reasm", "bad_fragment_length")
        return None
    if dg is None:
        if len(_table) >= MAX_DATAGRAMS:
            stats.drop("reasm", "too_many_datagrams")
            return None
        dg = _Datagram(key, iface)
        _table[key] = dg
    if dg.dead:
        stats.drop("reasm", "after_overlap")
        return None
    if not hdr.more_fragments:
        if (dg.total >= 0 and dg.total != end) or (dg.frags and dg.frags[-1][1] > end):
            _kill(dg, "inconsistent_length")
            return None
        dg.total = end
    elif dg.total >= 0 and end > dg.total:
        _kill(dg, "inconsistent_length")
        return None
    data = pkb.data()[hdr.hdr_len:hdr.total_len]
    index = _insertion_index(dg.frags, start)
    verdict = _overlap(dg.frags, index, start, end, data)
    if verdict == "duplicate":
        stats.drop("reasm", "duplicate")
        return None
    if verdict == "overlap":
        _kill(dg, "overlap")
        return None
    if len(dg.frags) >= MAX_FRAGMENTS:
        _kill(dg, "too_many_fragments")
        return None
    if _held_bytes + length > MAX_BYTES:
        stats.drop("reasm", "memory_limit")
        return None
    dg.frags.insert(index, [start, end, bytes(data)])
    dg.received += length
    _held_bytes += length
    if start == 0:
        whole = pkb.data()
        dg.header = bytes(whole[0:hdr.hdr_len])
        dg.quote = bytes(whole[0:min(hdr.total_len, hdr.hdr_len + 8)])
    if dg.total >= 0 and dg.received == dg.total and dg.header is not None:
        return _assemble(dg)
    return None


def _insertion_index(frags, start):
    lo = 0
    hi = len(frags)
    while lo < hi:
        mid = (lo + hi) >> 1
        if frags[mid][0] < start:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _overlap(frags, index, start, end, data):
    """'duplicate' (exact copy of a held fragment), 'overlap', or None."""
    if index < len(frags):
        nxt = frags[index]
        if nxt[0] == start and nxt[1] == end:
            return "duplicate" if nxt[2] == bytes(data) else "overlap"
        if nxt[0] < end:
            return "overlap"
    if index > 0 and frags[index - 1][1] > start:
        return "overlap"
    return None


def _assemble(dg):
    """Builds the whole datagram: the first fragment's header, fixed up, then the payload in order."""
    header_len = len(dg.header)
    pkb = PacketBuffer.alloc(header_len + dg.total)
    pkb.append(dg.header)
    for frag in dg.frags:
        pkb.append(frag[2])
    view = pkb.data()
    flags = struct.unpack_from("!H", view, 6)[0] & 0x4000       # keep DF, clear MF and the offset
    struct.pack_into("!H", view, 2, header_len + dg.total)
    struct.pack_into("!H", view, 6, flags)
    struct.pack_into("!H", view, 10, 0)
    struct.pack_into("!H", view, 10, inet.checksum(view[0:header_len]))
    stats.inc("ip", "reasm_oks")
    _remove(dg)
    return pkb


def reset():
    global _held_bytes
    for dg in list(_table.values()):
        timer.cancel(dg.timer)
    _table.clear()
    _held_bytes = 0
