# dict patterns: counting, grouping, inverting, merging with defaults, nested lookups.
log = ["eth0 up", "eth1 down", "eth0 down", "lo up", "eth0 up", "eth1 up", "wlan0 down"]
state = {}
changes = {}
for line in log:
    iface, status = line.split()
    state[iface] = status
    changes[iface] = changes.get(iface, 0) + 1
print(state)
print(changes)
by_status = {}
for iface, status in state.items():
    by_status.setdefault(status, []).append(iface)
print(by_status)
defaults = {"mtu": 1500, "up": False, "addrs": []}
override = {"up": True, "name": "eth0"}
merged = {**defaults, **override}
print(merged, defaults["up"])
config = {"net": {"eth0": {"mtu": 9000}, "lo": {}}, "debug": True}
print(config["net"]["eth0"]["mtu"], config["net"]["lo"].get("mtu", 1500), config.get("missing", {}).get("x"))
config["net"].setdefault("tap0", {})["mtu"] = 1280
print(config)
squares = dict((n, n * n) for n in range(5))
print(squares, {v: k for k, v in squares.items()})
letters = {}
for word in ("apple", "avocado", "banana", "blueberry", "cherry"):
    letters.setdefault(word[0], []).append(word)
print({k: len(v) for k, v in letters.items()})
print(sorted(letters, key=lambda k: -len(letters[k])))
totals = {}
for proto, size in (("tcp", 100), ("udp", 50), ("tcp", 25), ("icmp", 8)):
    totals[proto] = totals.get(proto, 0) + size
print(totals, sum(totals.values()), max(totals, key=totals.get))
d = dict.fromkeys("abc", 0)
for ch in "abacab":
    d[ch] += 1
print(d, list(d.items())[0])
