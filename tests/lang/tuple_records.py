# Tuples as lightweight records: sorting, grouping, unpacking in loops, and as dict keys.
packets = [
    ("10.0.0.1", 80, "tcp", 1500),
    ("10.0.0.2", 53, "udp", 80),
    ("10.0.0.1", 443, "tcp", 900),
    ("10.0.0.3", 53, "udp", 120),
    ("10.0.0.2", 80, "tcp", 60),
]
for src, port, proto, size in packets:
    print(f"{src:<10} {port:>5} {proto} {size}")
by_flow = {}
for src, port, proto, size in packets:
    key = (src, port)
    count, total = by_flow.get(key, (0, 0))
    by_flow[key] = (count + 1, total + size)
print(by_flow)
print(sorted(packets, key=lambda p: (p[2], -p[3])))
print(max(packets, key=lambda p: p[3])[0], min(p[3] for p in packets))
protos = {}
for p in packets:
    protos.setdefault(p[2], []).append(p[1])
print(protos)
SRC, PORT, PROTO, SIZE = range(4)
print([p[SIZE] for p in packets if p[PROTO] == "udp"])
first, *middle, last = packets
print(first[0], len(middle), last[-1])
pairs = list(zip(*[(p[0], p[1]) for p in packets]))
print(pairs[0][:2], pairs[1])
print(sorted(set(p[0] for p in packets)), len({p[:2] for p in packets}))
point = (3, 4)
x, y = point
print((x ** 2 + y ** 2) ** 0.5, point * 2, point + (5,), point[::-1])
print(tuple(sorted((3, 1, 2))), tuple(reversed(point)), point.index(4), point.count(3))
