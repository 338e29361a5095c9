# Chained comparisons evaluate each operand once and short-circuit.
calls = []


def val(v):
    calls.append(v)
    return v


print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 > 1, 1 == 1 == 1, 1 == 1 != 2)
print(val(1) < val(5) < val(3))
print(calls)
calls.clear()
print(val(5) < val(1) < val(3))
print(calls)
calls.clear()
print(0 <= val(7) < 10, calls)
for port in (0, 80, 1023, 1024, 65535, 65536):
    print(port, 0 < port < 1024, 1024 <= port <= 65535)
x = 5
print(1 < x <= 5 != 6 > 2 >= 2)
print("a" < "b" < "c", [1] < [1, 2] < [2], (1, 2) <= (1, 2) < (1, 3))
print(1 < 2 > 0 < 5 > 4)
print(None is None is not False)
a = [1]
b = a
print(a is b is a, a == [1] == b, 2 in a in [a])
print(1 < 2.5 < 3, -1 < False < 0.5)
try:
    print(1 < "x" < 2)
except TypeError as e:
    print(type(e).__name__, e)
print(not 1 < 0, not (1 < 2 < 3))
lo, hi = 10, 20
print([n for n in range(5, 25, 3) if lo <= n < hi])
print(min(3, 1) <= 1 < max(3, 1) == 3)
