"""The routing table: longest-prefix match, then lowest metric.

Routes are kept per address family (AF_INET now, AF_INET6 later) in two
orders: as added (what format_table prints, so the seed's example prints as
the seed shows it) and by preference (what lookup scans: the first match is
the answer).
"""
from net import addr

ON_LINK = 0                 # gateway value of a directly connected route
CONNECTED_METRIC = 0        # like Linux's kernel-protocol routes


class Route:
    def __init__(self, family, dest, prefix_len, gateway, ifname, metric):
        self.family = family
        self.dest = dest
        self.prefix_len = prefix_len
        self.mask = addr.prefix_mask(prefix_len)
        self.gateway = gateway          # ON_LINK, or the next hop's address
        self.ifname = ifname
        self.metric = metric

    def on_link(self):
        return self.gateway == ON_LINK

    def matches(self, dst):
        return (dst & self.mask) == self.dest

    def next_hop(self, dst):
        return dst if self.gateway == ON_LINK else self.gateway

    def __repr__(self):
        return f"Route({addr.format_ipv4(self.dest)}/{self.prefix_len} via {addr.format_ipv4(self.gateway)} dev {self.ifname} metric {self.metric})"


_added = {}                 # family -> [Route] in insertion order
_preferred = {}             # family -> [Route] longest prefix first, then lowest metric
change_hooks = []           # fn(): called after every change to the table (IPv4 drops its destination cache)


def _changed():
    for hook in change_hooks:
        hook()


def _lists(family):
    if family not in _added:
        _added[family] = []
        _preferred[family] = []
    return _added[family], _preferred[family]


def _prefix_len_of(netmask_or_len):
    """Accepts a prefix length (0..32) or a netmask int (anything larger)."""
    if netmask_or_len >= 0 and netmask_or_len <= 32:
        return netmask_or_len
    return addr.mask_prefix(netmask_or_len)


def add(dest, netmask, gateway, ifname, metric=0, family=addr.AF_INET):
    """Adds a route; netmask is a prefix length or a netmask int. Returns the Route.

    An identical (dest, prefix, gateway, interface, metric) route is not added twice."""
    prefix_len = _prefix_len_of(netmask)
    dest &= addr.prefix_mask(prefix_len)
    added, preferred = _lists(family)
    for route in added:
        if (route.dest == dest and route.prefix_len == prefix_len and route.gateway == gateway
                and route.ifname == ifname and route.metric == metric):
            return route
    route = Route(family, dest, prefix_len, gateway, ifname, metric)
    added.append(route)
    index = 0
    while index < len(preferred):
        other = preferred[index]
        if other.prefix_len < prefix_len or (other.prefix_len == prefix_len and other.metric > metric):
            break
        index += 1
    preferred.insert(index, route)
    _changed()
    return route


def delete(dest, netmask, gateway=None, ifname=None, metric=None, family=addr.AF_INET):
    """Deletes the routes to dest/netmask matching the optional fields; returns how many went."""
    prefix_len = _prefix_len_of(netmask)
    dest &= addr.prefix_mask(prefix_len)
    added, preferred = _lists(family)
    doomed = [r for r in added if r.dest == dest and r.prefix_len == prefix_len
              and (gateway is None or r.gateway == gateway)
              and (ifname is None or r.ifname == ifname)
              and (metric is None or r.metric == metric)]
    for route in doomed:
        added.remove(route)
        preferred.remove(route)
    if doomed:
        _changed()
    return len(doomed)


def delete_interface(ifname, family=addr.AF_INET):
    """Drops every route through an interface (when it goes away)."""
    added, preferred = _lists(family)
    doomed = [r for r in added if r.ifname == ifname]
    for route in doomed:
        added.remove(route)
        preferred.remove(route)
    if doomed:
        _changed()
    return len(doomed)


def lookup(dst, family=addr.AF_INET, usable=None):
    """The best route to dst, or None. usable(route) -> bool can skip routes (e.g. via a down interface)."""
    for route in _lists(family)[1]:
        if (dst & route.mask) == route.dest and (usable is None or usable(route)):
            return route
    return None


def routes(family=addr.AF_INET):
    """The routes in the order they were added (a copy)."""
    return list(_lists(family)[0])


def add_connected(address, prefix_len, ifname):
    """The on-link route an address brings with it (Linux's 'proto kernel' route)."""
    return add(address, prefix_len, ON_LINK, ifname, CONNECTED_METRIC)


def delete_connected(address, prefix_len, ifname):
    return delete(address, prefix_len, ON_LINK, ifname, CONNECTED_METRIC)


def format_table(family=addr.AF_INET):
    """The table in the seed's format (a Markdown table, routes in the order added)."""
    lines = ["| Destination | Netmask | Gateway | Interface | Metric |",
             "| :--- | :--- | :--- | :--- | :--- |"]
    for route in _lists(family)[0]:
        gateway = "*On-Link*" if route.gateway == ON_LINK else addr.format_ipv4(route.gateway)
        lines.append(f"| {addr.format_ipv4(route.dest)} | {addr.format_ipv4(route.mask)} | {gateway} | {route.ifname} | {route.metric} |")
    return "\n".join(lines) + "\n"


def load_seed_example():
    """The seed's example table: default via 192.168.1.1 on eth0, the eth0 LAN on-link, 10/8 via tun0."""
    add(0, 0, addr.parse_ipv4("192.168.1.1"), "eth0", 10)
    add(addr.parse_ipv4("192.168.1.0"), addr.parse_ipv4("255.255.255.0"), ON_LINK, "eth0", 1)
    add(addr.parse_ipv4("10.0.0.0"), addr.parse_ipv4("255.0.0.0"), addr.parse_ipv4("10.0.0.1"), "tun0", 5)


def reset():
    _added.clear()
    _preferred.clear()
    _changed()
