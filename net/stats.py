"""Counters by layer and reason, and a `netstat -s`-style report.

Every drop in the stack is counted here under its layer ("ip", "icmp",
"arp", ...) and a short reason key, so a malformed packet leaves a trace
instead of vanishing. A counter at zero reads as absent: hot paths hold a
layer's table (table()) with their keys created at 0 and count with a plain
`t[key] += 1`, so reset() puts those keys back at 0.
"""

_counters = {}          # layer -> {key: count}, both in first-seen order
_hot = {}               # layer -> the keys table() created at 0

# Human wording for the report; keys without an entry print as "N key words".
_WORDING = {
    "ip": {
        "in_receives": "total packets received",
        "in_hdr_errors": "with invalid headers",
        "in_addr_errors": "with invalid addresses",
        "forwarded": "forwarded",
        "in_unknown_protos": "with unknown protocol",
        "in_discards": "incoming packets discarded",
        "in_delivers": "incoming packets delivered",
        "out_requests": "requests sent out",
        "out_no_routes": "dropped because of missing route",
        "out_discards": "outgoing packets dropped",
        "reasm_reqds": "fragments received",
        "reasm_oks": "reassemblies ok",
        "reasm_fails": "packet reassemblies failed",
        "reasm_timeout": "datagrams timed out in reassembly",
        "frag_oks": "fragmented datagrams sent",
        "frag_creates": "fragments created",
        "frag_fails": "datagrams needing fragmentation that could not be fragmented",
    },
    "icmp": {
        "in_msgs": "ICMP messages received",
        "in_errors": "input ICMP message failed",
        "out_msgs": "ICMP messages sent",
        "out_errors": "ICMP messages failed",
        "rate_limited": "ICMP errors suppressed by the rate limit",
        "in_echos": "echo requests received",
        "in_echo_reps": "echo replies received",
        "in_dest_unreachs": "destination unreachable received",
        "in_time_excds": "time exceeded received",
        "out_echos": "echo requests sent",
        "out_echo_reps": "echo replies sent",
        "out_dest_unreachs": "destination unreachable sent",
        "out_time_excds": "time exceeded sent",
    },
    "arp": {
        "in_requests": "requests received",
        "in_replies": "replies received",
        "out_requests": "requests sent",
        "out_replies": "replies sent",
        "out_gratuitous": "gratuitous announcements sent",
        "queue_drops": "queued packets dropped (queue full)",
        "resolve_failures": "resolutions failed",
        "unresolved_drops": "queued packets dropped (address unresolved)",
        "rate_limited": "requests suppressed by the rate limit",
    },
}


def table(layer, keys=()):
    """The counter dict of a layer, with keys created at 0: `t[key] += 1` is the cheapest count there is
    (a call to inc() costs several times more on every packet)."""
    counts = _counters.get(layer)
    if counts is None:
        counts = {}
        _counters[layer] = counts
    hot = _hot.get(layer, ())
    for key in keys:
        if key not in counts:
            counts[key] = 0
        if key not in hot:
            hot += (key,)
    _hot[layer] = hot
    return counts


def inc(layer, key, n=1):
    counts = _counters.get(layer)
    if counts is None:
        counts = {}
        _counters[layer] = counts
    counts[key] = counts.get(key, 0) + n


def drop(layer, reason):
    """Counts one dropped packet under its layer and reason."""
    inc(layer, reason)


def get(layer, key):
    counts = _counters.get(layer)
    if counts is None:
        return 0
    return counts.get(key, 0)


def snapshot():
    """A copy of every counter that is not zero: {layer: {key: count}}."""
    out = {}
    for layer, counts in _counters.items():
        nonzero = {key: count for key, count in counts.items() if count}
        if nonzero:
            out[layer] = nonzero
    return out


def reset():
    """Forgets every counter; the tables handed out by table() stay valid, their keys at 0."""
    for layer, counts in _counters.items():
        counts.clear()
        for key in _hot.get(layer, ()):
            counts[key] = 0


def _describe(layer, key):
    wording = _WORDING.get(layer)
    if wording is not None and key in wording:
        return wording[key]
    return key.replace("_", " ")


def format_stats():
    """Report like `netstat -s`: a 'Layer:' line, then one indented line per counter."""
    lines = []
    for layer, counts in snapshot().items():
        lines.append(layer[:1].upper() + layer[1:] + ":")
        for key, count in counts.items():
            lines.append(f"    {count} {_describe(layer, key)}")
    return "\n".join(lines) + ("\n" if lines else "")
