# min/max/sum/any/all with key and default, and their errors.
data = [4, -9, 7, 0, 7, -2]
print(min(data), max(data), min(data, key=abs), max(data, key=abs), min(4, 2, 8), max("a", "b", "ab"))
print(max(data, key=lambda n: n % 5), min([], default="empty"), max([], default=None), max([3], default=0))
print(min("kernel"), max("kernel"), min([[2], [1, 5], [1]]), max((1, "z"), (1, "a")))
words = ["eth0", "lo", "wlan0", "br0"]
print(min(words, key=len), max(words, key=len), max(words), min(words, key=lambda w: w[-1]))
print(max(5, 5.0), max(5.0, 5), min(1, True), max(True, 1))
print(sum(data), sum([]), sum(data, 100), sum([0.1] * 3), sum([[1], [2]], []), sum(range(1, 11)))
print(sum((x * x for x in range(5))), sum([True, True, False]), sum([2 ** 64, 2 ** 64]))
print(any([]), all([]), any([0, None, ""]), any([0, 1]), all([1, "x", [0]]), all([1, 0]))
print(any(x > 5 for x in data), all(isinstance(x, int) for x in data))
calls = []


def check(x):
    calls.append(x)
    return x > 0


print(any(check(x) for x in [-1, 2, 3]), calls)
calls.clear()
print(all(check(x) for x in [1, -2, 3]), calls)
for bad in (lambda: min([]), lambda: max(), lambda: min(1), lambda: sum(["a", "b"]), lambda: max([1, "a"]),
            lambda: sum([1], "s"), lambda: min([], key=len)):
    try:
        print(bad())
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(max({"a": 3, "b": 1}), min({"x": 0, "y": 2}.values()), max(range(10), key=lambda n: (n % 4, -n)))
print(max([2, 3, 3, 1], key=lambda n: n), max([(1, "first"), (1, "second")], key=lambda p: p[0]))
print(min([(1, "first"), (1, "second")], key=lambda p: p[0]))
print(sum([1.5, 2, 3]), type(sum([1, 2.0])).__name__, sum(b"\x01\x02"))
