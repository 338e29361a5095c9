# Many short-lived small objects: tuples, lists, dicts, strings, bigints, instances.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def round_of_garbage(i):
    t = (i, i + 1, i + 2)
    lst = [i, str(i), t]
    d = {"k": lst, "n": i}
    p = Point(i, -i)
    big = (1 << 100) + i
    s = "item-" + str(i) * 3
    return len(lst) + len(d) + p.x + p.y + (big & 0xFF) + len(s)


total = 0
for i in range(400000):
    total += round_of_garbage(i)
    if i % 100000 == 0:
        print("progress", i, total)
print("total", total)
