# while loops: counters, break/continue, nested loops, and loop-carried state.
n = 27
steps = 0
peak = n
while n != 1:
    n = n // 2 if n % 2 == 0 else 3 * n + 1
    peak = max(peak, n)
    steps += 1
print("collatz", steps, peak)
a, b = 1071, 462
while b:
    a, b = b, a % b
print("gcd", a)
stack = [1, [2, [3, 4]], 5]
flat = []
while stack:
    item = stack.pop()
    if isinstance(item, list):
        stack.extend(item)
    else:
        flat.append(item)
print(flat)
i = 0
found = []
while i < 20:
    i += 1
    if i % 3:
        continue
    if i > 15:
        break
    found.append(i)
print(found, i)
row = 0
while row < 4:
    col = 0
    line = ""
    while col <= row:
        line += str(col)
        col += 1
    print(line.rjust(4, "."))
    row += 1
queue = [("a", 0)]
seen = []
graph = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": [], "e": ["a"]}
while queue:
    node, depth = queue.pop(0)
    if node in seen:
        continue
    seen.append(node)
    for nxt in graph[node]:
        queue.append((nxt, depth + 1))
print(seen)
bits = 0
value = 0xDEADBEEF
while value:
    bits += value & 1
    value >>= 1
print("popcount", bits)
