# A source-NAT table: allocate external ports per flow, translate both directions, expire entries.
class Nat:
    def __init__(self, public_ip, first_port=40000, size=4):
        self.public_ip = public_ip
        self.free_ports = list(range(first_port, first_port + size))
        self.out = {}
        self.back = {}
        self.last_used = {}

    def outbound(self, src, sport, now):
        key = (src, sport)
        if key not in self.out:
            if not self.free_ports:
                self.expire(now, max_idle=0)
            if not self.free_ports:
                raise OSError(105, "No buffer space available")
            port = self.free_ports.pop(0)
            self.out[key] = port
            self.back[port] = key
        self.last_used[key] = now
        return self.public_ip, self.out[key]

    def inbound(self, dport):
        return self.back.get(dport)

    def expire(self, now, max_idle=30):
        for key, stamp in sorted(self.last_used.items(), key=lambda kv: kv[1]):
            if now - stamp > max_idle:
                port = self.out.pop(key)
                del self.back[port]
                del self.last_used[key]
                self.free_ports.append(port)
                print("  expired", key, "port", port)
                if max_idle == 0:
                    break


nat = Nat("203.0.113.5")
print(nat.outbound("10.0.0.2", 5000, 0), nat.outbound("10.0.0.3", 5000, 1), nat.outbound("10.0.0.2", 5000, 2))
print(nat.inbound(40000), nat.inbound(40001), nat.inbound(40009))
for i in range(2):
    print(nat.outbound("10.0.0.9", 6000 + i, 3 + i))
print(sorted(nat.out.items()))
print(nat.outbound("10.0.0.10", 7000, 10))
print(nat.inbound(40001), sorted(nat.back))
nat.expire(100)
print(len(nat.out), nat.free_ports)
tiny = Nat("198.51.100.1", size=1)
print(tiny.outbound("10.0.0.1", 1, 0))
tiny.last_used[("10.0.0.1", 1)] = 5
try:
    print(tiny.outbound("10.0.0.2", 1, 5))
except OSError as e:
    print(type(e).__name__, e.errno, e.strerror)
