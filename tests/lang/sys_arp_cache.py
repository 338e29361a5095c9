# An ARP cache with aging, capacity limit (oldest evicted), and pending-request queues.
class ArpCache:
    def __init__(self, capacity, ttl):
        self.capacity = capacity
        self.ttl = ttl
        self.entries = {}
        self.pending = {}

    def insert(self, ip, mac, now):
        if ip not in self.entries and len(self.entries) >= self.capacity:
            oldest = min(self.entries, key=lambda k: self.entries[k][1])
            print("  evict", oldest)
            del self.entries[oldest]
        self.entries[ip] = (mac, now)
        return self.pending.pop(ip, [])

    def lookup(self, ip, now):
        entry = self.entries.get(ip)
        if entry is None:
            return None
        mac, stamp = entry
        if now - stamp > self.ttl:
            del self.entries[ip]
            return None
        return mac

    def resolve(self, ip, packet, now):
        mac = self.lookup(ip, now)
        if mac is not None:
            return f"send {packet} to {mac}"
        queue = self.pending.setdefault(ip, [])
        queue.append(packet)
        return "queued; request sent" if len(queue) == 1 else "queued"


def mac_of(n):
    return ":".join(f"{b:02x}" for b in (2, 0, 0, 0, 0, n))


cache = ArpCache(capacity=3, ttl=10)
print(cache.resolve("10.0.0.2", "p1", 0))
print(cache.resolve("10.0.0.2", "p2", 1))
print("released", cache.insert("10.0.0.2", mac_of(2), 2))
print(cache.resolve("10.0.0.2", "p3", 3))
for n, t in ((3, 4), (4, 5), (5, 6)):
    print("insert", n, cache.insert(f"10.0.0.{n}", mac_of(n), t))
print(sorted(cache.entries))
print(cache.lookup("10.0.0.3", 14), cache.lookup("10.0.0.3", 15), cache.lookup("10.0.0.9", 0))
print(sorted(cache.entries))
print(cache.insert("10.0.0.4", mac_of(40), 20), cache.entries["10.0.0.4"])
print(cache.pending)
