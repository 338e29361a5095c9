# sorted() and reversed() over many iterable kinds; sort stability with key; reversed sequences.
print(sorted("kernel"), sorted((3, 1, 2)), sorted({3: "c", 1: "a"}), sorted(range(5, 0, -1)))
print(sorted({"b": 2, "a": 1}.items()), sorted(b"\x03\x01\x02"), sorted(x for x in [2, 1]))
print(list(reversed("abc")), list(reversed([1, 2, 3])), list(reversed((1, 2))), list(reversed(range(1, 10, 3))))
print(list(reversed(b"xyz")), list(reversed(bytearray(b"ab"))), list(reversed({"k1": 1, "k2": 2})))
try:
    reversed({1, 2})
except TypeError as e:
    print(type(e).__name__, e)
try:
    reversed(x for x in "ab")
except TypeError as e:
    print(type(e).__name__, e)
people = [("ann", 30), ("bob", 25), ("cat", 30), ("dan", 25), ("eve", 35)]
by_age = sorted(people, key=lambda p: p[1])
print(by_age)
print(sorted(by_age, key=lambda p: p[1], reverse=True))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted([3, 1, 2], reverse=False), sorted([], reverse=True), sorted("bBaA", key=str.lower))
rev = reversed([1, 2, 3])
print(next(rev), list(rev), list(rev))
s = "racecar"
print("".join(reversed(s)) == s, list(reversed(sorted(s))) == sorted(s, reverse=True))
nums = [5, 2, 8, 2, 9, 1]
print(sorted(nums)[::-1] == sorted(nums, reverse=True), sorted(nums, key=lambda n: n % 3))
print(sorted([[3, "x"], [1, "z"], [3, "a"]]), sorted([(1, 2), (1,), ()]))
