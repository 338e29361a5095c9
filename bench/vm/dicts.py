# Dictionary inserts, lookups, updates and deletes with int and str keys.
d = {}
for i in range(300000):
    d[i] = i * 2
names = {}
for i in range(150000):
    key = "k" + str(i % 5000)
    names[key] = names.get(key, 0) + 1
hits = 0
for i in range(0, 600000, 2):
    if i in d:
        hits += d[i]
for i in range(0, 300000, 3):
    del d[i]
print(len(d), len(names), hits, sum(names.values()))
