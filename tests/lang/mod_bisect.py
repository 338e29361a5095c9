# bisect: every function on sorted lists with repeats, with lo/hi (positional and keyword), key=, other
# sequences, list-ordered entries (the timer list's [deadline, seq, ...]) and the errors CPython raises.
import bisect
from bisect import bisect_left, bisect_right, insort, insort_left, insort_right

data = [1, 2, 2, 2, 5, 7, 7, 9]
for x in (0, 1, 2, 3, 5, 6, 7, 8, 9, 10):
    print(x, bisect_left(data, x), bisect_right(data, x), bisect.bisect(data, x))
    print(bisect_left(data, x, 2), bisect_right(data, x, 1, 5), bisect_left(data, x, hi=4),
          bisect_right(data, x, lo=3, hi=None), bisect_left(data, x, 0, 0))
print(bisect_left([], 3), bisect_right([], 3), bisect_left(data, 7, 6, 3))

# a pseudo-random stream of insertions stays sorted, stable for equal keys
seed = 12345
out_l, out_r, out_i = [], [], []
for n in range(200):
    seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
    v = (seed >> 16) % 37
    insort_left(out_l, v)
    insort_right(out_r, v)
    insort(out_i, v)
print(out_l == sorted(out_l), out_l == out_r == out_i, out_l[:12], len(out_l))

pairs = []
for i, name in enumerate("dbeacbadfe"):
    insort(pairs, (name, i), key=lambda p: p[0])
print(pairs)
pairs2 = []
for i, name in enumerate("dbeacbadfe"):
    insort_left(pairs2, (name, i), key=lambda p: p[0])
print(pairs2)
print(bisect_left(pairs, "c", key=lambda p: p[0]), bisect_right(pairs, "c", key=lambda p: p[0]))
print(bisect_right(pairs, "c", 0, 3, key=lambda p: p[0]), bisect_left(["a", "c"], "b", key=None))

# entries ordered as lists: the first item, then the second (the third is never compared)
timers = []
for deadline, seq in ((50, 1), (20, 2), (50, 3), (10, 4), (20, 5), (99, 6), (20, 7)):
    insort(timers, [deadline, seq, object()])
print([(d, s) for d, s, _ in timers])

# other sequences: tuples, strings, ranges; insort on anything with insert()
print(bisect_left((1, 3, 5), 4), bisect_right("acegi", "e"), bisect_left(range(0, 100, 5), 42))


class Recorder(list):
    def insert(self, i, x):
        print("insert at", i, x)
        list.insert(self, i, x)


r = Recorder([1, 4, 9])
insort(r, 5)
insort_left(r, 4)
print(r)

# bools as bounds, floats and mixed numbers as items
print(bisect_left(data, 2, True), bisect_right([0.5, 1.5, 2.5], 1.5), bisect_left([1, 2.5, 3], 2))

for call in (lambda: bisect_left(data, 3, -1), lambda: bisect_right(data, 3, "a"),
             lambda: bisect_left(data, 3, 0, 2.5), lambda: bisect_left(data), lambda: bisect_left(5, 3),
             lambda: bisect_right([1, "a"], 2), lambda: insort([1, 2], 3, key=len),
             lambda: bisect_left(data, 3, 0, 20), lambda: bisect_left(data, 1, 0, 1, 5), lambda: insort()):
    try:
        print(call())
    except (TypeError, ValueError, IndexError) as e:
        print(type(e).__name__, e)
