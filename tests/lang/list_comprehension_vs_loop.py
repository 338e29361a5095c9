# Equivalent loop and comprehension forms give the same results; list growth and identity.
words = "the krait kernel runs python drivers and a python tcp stack".split()
loop_lengths = []
for w in words:
    if "a" in w:
        loop_lengths.append(len(w))
comp_lengths = [len(w) for w in words if "a" in w]
print(loop_lengths, comp_lengths, loop_lengths == comp_lengths)
nested_loop = []
for w in words[:3]:
    for ch in w:
        if ch in "aeiou":
            nested_loop.append(ch)
print(nested_loop == [ch for w in words[:3] for ch in w if ch in "aeiou"], nested_loop)
index = {}
for i, w in enumerate(words):
    index.setdefault(w, []).append(i)
print(index)
print({w: [i for i, x in enumerate(words) if x == w] for w in words} == index)
growing = []
for i in range(10):
    growing.append(i)
    growing += [i * 10]
    growing.extend(())
print(len(growing), growing[-4:])
matrix = []
for r in range(3):
    row = []
    for c in range(3):
        row.append(r * c)
    matrix.append(row)
print(matrix == [[r * c for c in range(3)] for r in range(3)], matrix)
uniq = []
for w in words:
    if w not in uniq:
        uniq.append(w)
print(uniq, len(uniq), len(words))
print(list(map(len, words)) == [len(w) for w in words], list(filter(str.isalpha, ["a1", "b", "c2"])))
