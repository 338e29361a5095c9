# Nested dicts: deep merging, path lookups, and recursive printing in insertion order.
def deep_merge(base, extra):
    out = dict(base)
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = v
    return out


def lookup(tree, path, default=None):
    node = tree
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def show(tree, indent=0):
    for k, v in tree.items():
        if isinstance(v, dict):
            print("  " * indent + f"{k}:")
            show(v, indent + 1)
        else:
            print("  " * indent + f"{k} = {v!r}")


base = {"net": {"eth0": {"mtu": 1500, "dhcp": True}, "lo": {"mtu": 65536}}, "log": {"level": "info"}}
extra = {"net": {"eth0": {"mtu": 9000}, "tap0": {"mtu": 1280}}, "log": "off", "debug": False}
merged = deep_merge(base, extra)
show(merged)
print(base["net"]["eth0"], base["log"])
for path in ("net.eth0.mtu", "net.lo.mtu", "net.wlan0.mtu", "log.level", "debug", ""):
    print(repr(path), lookup(merged, path, "missing"))
counts = {}
for proto, port in (("tcp", 80), ("udp", 53), ("tcp", 443), ("tcp", 80)):
    counts.setdefault(proto, {}).setdefault(port, 0)
    counts[proto][port] += 1
print(counts)
