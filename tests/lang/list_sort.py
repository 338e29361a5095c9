# list.sort and sorted: keys, reverse, stability, mixed types errors, and sorting tuples.
nums = [5, -3, 8, 0, -3, 2, 10, 7]
print(sorted(nums), sorted(nums, reverse=True), sorted(nums, key=abs), sorted(nums, key=lambda n: -n))
nums.sort()
print(nums)
nums.sort(key=lambda n: n % 3)
print(nums)
words = ["banana", "Apple", "cherry", "apple", "Banana", "fig", "date"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len))
print(sorted(words, key=lambda w: (len(w), w)), sorted(words, key=len, reverse=True))
records = [("eth0", 3, 1500), ("lo", 1, 65536), ("eth1", 3, 9000), ("tap0", 2, 1500), ("br0", 1, 1500)]
print(sorted(records))
print(sorted(records, key=lambda r: r[1]))
print(sorted(records, key=lambda r: (r[2], r[0])))
by_prio = sorted(records, key=lambda r: r[1], reverse=True)
print([r[0] for r in by_prio])
stable = sorted([(1, "b"), (0, "x"), (1, "a"), (0, "y")], key=lambda p: p[0])
print(stable)
print(sorted("kernel"), sorted(b"bytes"), sorted((3, 1, 2)), sorted({"b": 1, "a": 2}))
print(sorted([[2, 1], [1, 2], [1], []]), sorted([2 ** 70, -1, 2 ** 65, 0.5]))
try:
    sorted([1, "a", 2])
except TypeError as e:
    print(type(e).__name__, e)
try:
    [3, None, 1].sort()
except TypeError as e:
    print(type(e).__name__, e)
big = [(i * 7919) % 1000 for i in range(1000)]
big.sort()
print(big[:5], big[-5:], all(big[i] <= big[i + 1] for i in range(999)))
x = [3, 1, 2]
y = sorted(x)
print(x, y, x.sort(), x)
print(sorted([], key=len), sorted([1]), sorted(range(5), key=lambda n: n % 2))
