# Common range-based loops: stepping, pairs, reverse indexing, windowing and nested counting.
data = [5, 3, 8, 1, 9, 2, 7]
for i in range(len(data) - 1, -1, -1):
    print(i, data[i], end="; ")
print()
print([data[i] - data[i - 1] for i in range(1, len(data))])
print([data[i:i + 3] for i in range(0, len(data), 3)])
print([(i, j) for i in range(4) for j in range(i + 1, 4)])
print([sum(data[i:i + 3]) for i in range(len(data) - 2)])
count = 0
for i in range(10):
    for j in range(i):
        for k in range(j):
            count += 1
print(count)
print(list(range(0, 20, 5)), list(range(20, 0, -5)), list(range(-10, 10, 7)), list(range(1, 2, 100)))
total = 0
for n in range(1, 101):
    if n % 3 == 0 or n % 5 == 0:
        total += n
print(total)
print([n for n in range(2, 50) if all(n % d for d in range(2, int(n ** 0.5) + 1))])
r = range(5, 50, 5)
print(len(r), r.index(25), r[-1], r[::-1][0], 45 in r, 46 in r, list(r[1:4]))
for i, n in zip(range(3), range(100, 0, -10)):
    print(i, n)
bubbles = data[:]
for end in range(len(bubbles) - 1, 0, -1):
    for i in range(end):
        if bubbles[i] > bubbles[i + 1]:
            bubbles[i], bubbles[i + 1] = bubbles[i + 1], bubbles[i]
print(bubbles)
print(sum(range(0, 10 ** 6, 7)), len(range(0, 10 ** 9, 3)))
