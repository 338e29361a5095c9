# Comprehensions with multiple for/if clauses, nested comprehensions and complex expressions.
ports = [22, 80, 443, 8080, 53, 123]
protos = ["tcp", "udp"]
print([(p, pr) for p in ports if p < 1024 for pr in protos if not (pr == "udp" and p in (22, 80, 443))])
print([p for p in ports if p % 2 == 0 if p > 50])
print({pr: [p for p in ports if (p in (53, 123)) == (pr == "udp")] for pr in protos})
print([[c for c in word if c not in "aeiou"] for word in ("kernel", "driver")])
print(["".join(sorted(w)) for w in "listen silent enlist".split()])
print([x if x % 3 else "fizz" for x in range(1, 10)])
print([(x, y, z) for x in range(1, 15) for y in range(x, 15) for z in range(y, 15) if x * x + y * y == z * z])
print(sum(x * y for x, y in zip(range(5), range(5, 10))))
print([i for i, (a, b) in enumerate(zip("kernel", "kerbal")) if a != b])
print({(a, b) for a in range(3) for b in range(3) if a + b == 2} == {(0, 2), (1, 1), (2, 0)})
print([len([y for y in range(x) if y % 2]) for x in range(6)])
print([{"n": n, "sq": n * n} for n in range(3)])
print(max([len(w), w] for w in "to be or not to be".split()))
print([row for row in ([i] * i for i in range(4)) if row])
print([c.upper() if i % 2 else c for i, c in enumerate("alternate")])
words = ["Alpha", "beta", "Gamma", "delta"]
print(sorted([w for w in words if w[0].isupper()] + [w.upper() for w in words if w[0].islower()]))
print([b for b in bytes(range(10)) if b & 1], [hex(b) for b in b"\x0f\xf0"])
print({k: v for k, v in zip("abcde", range(5)) if v % 2 == 0})
