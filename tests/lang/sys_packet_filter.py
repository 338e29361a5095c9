# A first-match packet filter with CIDR and port-range rules, counters, and a default policy.
def ip_to_int(text):
    out = 0
    for part in text.split("."):
        out = out << 8 | int(part)
    return out


class Rule:
    def __init__(self, action, proto="any", src="0.0.0.0/0", dports=(0, 65535)):
        net, length = src.split("/")
        self.mask = (0xFFFFFFFF << (32 - int(length))) & 0xFFFFFFFF
        self.net = ip_to_int(net) & self.mask
        self.action, self.proto, self.dports, self.hits = action, proto, dports, 0
        self.text = f"{action} {proto} from {src} ports {dports[0]}-{dports[1]}"

    def matches(self, pkt):
        return ((self.proto == "any" or self.proto == pkt["proto"])
                and ip_to_int(pkt["src"]) & self.mask == self.net
                and self.dports[0] <= pkt["dport"] <= self.dports[1])


class Filter:
    def __init__(self, rules, default="drop"):
        self.rules, self.default, self.default_hits = rules, default, 0

    def decide(self, pkt):
        for rule in self.rules:
            if rule.matches(pkt):
                rule.hits += 1
                return rule.action
        self.default_hits += 1
        return self.default


fw = Filter([
    Rule("drop", "tcp", "10.66.0.0/16"),
    Rule("accept", "tcp", dports=(22, 22)),
    Rule("accept", "tcp", "10.0.0.0/8", (80, 443)),
    Rule("accept", "udp", dports=(53, 53)),
    Rule("reject", "icmp", "192.168.0.0/24"),
])
packets = [("tcp", "10.66.1.1", 22), ("tcp", "1.2.3.4", 22), ("tcp", "10.1.2.3", 443), ("tcp", "1.2.3.4", 80),
           ("udp", "8.8.8.8", 53), ("udp", "8.8.8.8", 123), ("icmp", "192.168.0.9", 0), ("icmp", "192.168.1.9", 0)]
for proto, src, dport in packets:
    print(f"{proto:<5}{src:>14}:{dport:<5} -> {fw.decide({'proto': proto, 'src': src, 'dport': dport})}")
for rule in fw.rules:
    print(rule.hits, rule.text)
print("default", fw.default, fw.default_hits)
