# Lists are references: aliasing, copying, nested mutation, and identity versus equality.
a = [1, 2, 3]
b = a
b.append(4)
print(a, b, a is b)
c = a[:]
c.append(5)
print(a, c, a == c, a is c)
grid = [[0] * 2] * 2
grid[0][0] = 1
print(grid, grid[0] is grid[1])
grid = [[0] * 2 for _ in range(2)]
grid[0][0] = 1
print(grid)


def mutate(lst):
    lst.append("mutated")


def rebind(lst):
    lst = ["rebound"]
    return lst


mutate(a)
print(rebind(a), a)
d = {"k": []}
alias = d["k"]
alias.append(1)
print(d)
t = ([1], [2])
t[0].append(10)
print(t)
try:
    t[0] += [20]
except TypeError as e:
    print(type(e).__name__, e)
print(t)
self_ref = [1, 2]
self_ref.append(self_ref)
print(self_ref, len(self_ref), self_ref[2] is self_ref)
d2 = {}
d2["me"] = d2
print(d2)
x = [1, 2]
y = [1, 2]
print(x == y, x is y, x != y, [x] == [y])
lst = [0, 1, 2, 3, 4]
for item in lst[:]:
    if item % 2:
        lst.remove(item)
print(lst)
copies = [list(x), x.copy(), x[:], [*x]]
print(all(cp == x and cp is not x for cp in copies))
