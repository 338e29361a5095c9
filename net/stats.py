"""Counters by layer and reason, and a `netstat -s`-style report.

Every drop in the stack is counted here under its layer ("ip", "icmp",
"arp", ...) and a short reason key, so a malformed packet leaves a trace
instead of vanishing.
"""

_counters = {}          # layer -> {key: count}, both in first-seen order

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


def inc(layer, key, n=1):
    table = _counters.get(layer)
    if table is None:
        table = {}
        _counters[layer] = table
    table[key] = table.get(key, 0) + n


def drop(layer, reason):
    """Counts one dropped packet under its layer and reason."""
    inc(layer, reason)


def get(layer, key):
    table = _counters.get(layer)
    if table is None:
        return 0
    return table.get(key, 0)


def snapshot():
    """A copy of every counter: {layer: {key: count}}."""
    return {layer: dict(table) for layer, table in _counters.items()}


def reset():
    _counters.clear()


def _describe(layer, key):
    wording = _WORDING.get(layer)
    if wording is not None and key in wording:
        return wording[key]
    return key.replace("_", " ")


def format_stats():
    """Report like `netstat -s`: a 'Layer:' line, then one indented line per counter."""
    lines = []
    for layer, table in _counters.items():
        lines.append(layer[:1].upper() + layer[1:] + ":")
        for key, count in table.items():
            lines.append(f"    {count} {_describe(layer, key)}")
    return "\n".join(lines) + ("\n" if lines else "")
