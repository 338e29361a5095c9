# Longest-prefix-match routing with integer addresses and masks.
def parse_ip(text):
    a, b, c, d = (int(p) for p in text.split("."))
    for octet in (a, b, c, d):
        if not 0 <= octet <= 255:
            raise ValueError(f"bad octet in {text}")
    return (a << 24) | (b << 16) | (c << 8) | d


def format_ip(n):
    return ".".join(str((n >> shift) & 0xFF) for shift in (24, 16, 8, 0))


def prefix_mask(length):
    return (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF


class RouteTable:
    def __init__(self):
        self.routes = []

    def add(self, cidr, iface, gateway=None):
        net, length = cidr.split("/")
        length = int(length)
        self.routes.append((parse_ip(net) & prefix_mask(length), length, iface, gateway))
        self.routes.sort(key=lambda r: -r[1])

    def lookup(self, ip_text):
        ip = parse_ip(ip_text)
        for net, length, iface, gw in self.routes:
            if ip & prefix_mask(length) == net:
                return f"{format_ip(net)}/{length} via {gw or 'direct'} dev {iface}"
        return "unreachable"


table = RouteTable()
table.add("10.0.0.0/8", "eth0")
table.add("10.1.0.0/16", "eth1")
table.add("10.1.2.0/24", "eth2", "10.1.2.254")
table.add("0.0.0.0/0", "eth0", "192.168.1.1")
table.add("192.168.1.0/24", "eth0")
table.add("10.1.2.128/25", "tap0")
for dst in ("10.9.9.9", "10.1.9.9", "10.1.2.3", "10.1.2.200", "8.8.8.8", "192.168.1.77", "255.255.255.255"):
    print(dst, "->", table.lookup(dst))
print([f"{format_ip(prefix_mask(n))}" for n in (0, 1, 8, 20, 24, 31, 32)])
print(hex(parse_ip("192.168.1.1")), format_ip(3232235777), format_ip(parse_ip("0.0.0.0")))
for bad in ("300.1.1.1", "1.2.3", "a.b.c.d"):
    try:
        table.lookup(bad)
    except ValueError as e:
        print(type(e).__name__, e)
empty = RouteTable()
print(empty.lookup("1.1.1.1"))
