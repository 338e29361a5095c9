# list methods: append/extend/insert/remove/pop/index/count/reverse/copy/clear.
a = [3, 1, 4]
a.append(1)
a.extend([5, 9])
a.extend("ab")
a.extend(range(2))
print(a, len(a))
a.insert(0, "first")
a.insert(100, "last")
a.insert(-1, "before last")
a.insert(-100, "very first")
print(a)
print(a.pop(), a.pop(0), a.pop(2), a)
a.remove(1)
print(a, a.index(1), a.index(5), a.count(1), a.count("zz"))
print(a.index(1, 3), a.index(4, 0, 5))
for bad in (lambda: a.remove("nope"), lambda: a.index("nope"), lambda: [].pop(), lambda: a.pop(50),
            lambda: a.index(3, 5)):
    try:
        bad()
    except (ValueError, IndexError) as e:
        print(type(e).__name__, e)
b = a.copy()
b.reverse()
print(a, b, a == b[::-1])
b.clear()
print(b, len(b))
nested = [[1, 2], [3]]
shallow = nested.copy()
shallow[0].append(99)
print(nested, shallow is nested, shallow[0] is nested[0])
stack = []
for ch in "push(pop)(x)":
    if ch == "(":
        stack.append(ch)
    elif ch == ")":
        stack.pop()
print("balanced", not stack)
queue = list(range(5))
while queue:
    print("dequeue", queue.pop(0), queue)
print(list((1, 2)), list("hi"), list({"k": 1}), list(range(3, 0, -1)), list())
print([1, 2] + [3], [0] * 4, [[0]] * 2, 3 in [1, 2, 3], [] == [], [1, [2]] == [1, [2]])
