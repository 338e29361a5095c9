# o[k] op= constant: one instruction in Krait (counters), the same meaning as the long form.
counts = {"a": 0, "b": 5}
for _ in range(3):
    counts["a"] += 1
counts["b"] -= 7
print(counts)

try:
    counts["missing"] += 1
except KeyError as e:
    print("KeyError", e)
print(sorted(counts))

big = {"n": 2 ** 62 - 2}
big["n"] += 5                      # past the small ints: a bignum
big["n"] -= 10
print(big)

items = [1, 2, 3]
items[0] += 10
items[-1] -= 4
items[1] *= 3
items[1] <<= 2
items[0:1] += [7]
print(items)
try:
    items[3] += 1
except IndexError as e:
    print("IndexError", e)

strings = {"s": "ab", 2: (1,), 1.5: 2.5}
strings["s"] += "cd"
strings[2] += (2, 3)
strings[1.5] *= 2
strings[2] *= 2
print(strings)

buf = bytearray(b"\x01\xff")
buf[0] += 1
print(buf)
try:
    buf[1] += 1
except ValueError as e:
    print("ValueError", e)

nested = {"x": {"y": 1}}
nested["x"]["y"] += 41
nested["x"]["y"] |= 128
print(nested)

counter = 10
globals()["counter"] += 5
print(counter)


class Logged:
    def __init__(self):
        self.d = {"n": 1}

    def __getitem__(self, k):
        print("get", k)
        return self.d[k]

    def __setitem__(self, k, v):
        print("set", k, v)
        self.d[k] = v


log = Logged()
log["n"] += 2
print(log.d)

try:
    counts["a"] += None
except TypeError as e:
    print("TypeError", e)
try:
    (1, 2)[0] += 1
except TypeError as e:
    print("TypeError", e)
print(counts)
