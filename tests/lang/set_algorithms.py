# Sets in algorithms: dedup preserving order, graph reachability, and intersection of groups.
def dedup(items):
    seen = set()
    out = []
    for x in items:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


print(dedup([3, 1, 3, 2, 1, 5, 2]), dedup("abracadabra"))
graph = {1: [2, 3], 2: [4], 3: [4, 5], 4: [6], 5: [6], 6: [], 7: [1]}


def reachable(start):
    seen = {start}
    frontier = [start]
    while frontier:
        node = frontier.pop()
        for nxt in graph[node]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    return seen


for node in (1, 4, 7):
    print(node, sorted(reachable(node)))
groups = {"admins": {"alice", "bob"}, "devs": {"bob", "carol", "dave"}, "ops": {"alice", "dave"}}
print(sorted(groups["admins"] & groups["devs"]), sorted(groups["devs"] - groups["ops"]))
everyone = set()
for members in groups.values():
    everyone |= members
print(sorted(everyone))
in_two = sorted(p for p in everyone if sum(p in g for g in groups.values()) >= 2)
print(in_two)
primes = set(range(2, 60))
for n in range(2, 8):
    primes -= set(range(n * n, 60, n))
print(sorted(primes))
ports_open = {22, 80, 443}
ports_allowed = frozenset({80, 443, 8080})
print(sorted(ports_open - ports_allowed), sorted(ports_open & ports_allowed), ports_open <= ports_allowed)
print(sorted({x % 7 for x in range(100)}), len({(x, y) for x in range(5) for y in range(x)}))
a = set(range(10))
a.intersection_update(range(5, 15))
a.difference_update({7})
a.symmetric_difference_update({5, 20})
print(sorted(a))
print(sorted(set(b"hello")), sorted(frozenset("aab")))
