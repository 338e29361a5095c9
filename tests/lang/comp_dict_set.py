# Dict and set comprehensions; key collisions keep the last value, sets are printed sorted.
words = ["apple", "bob", "kayak", "apple", "cat", "level", "bob"]
lengths = {w: len(w) for w in words}
print(lengths)
first_index = {}
for i, w in enumerate(words):
    first_index.setdefault(w, i)
print(first_index)
last_index = {w: i for i, w in enumerate(words)}
print(last_index)
palindromes = {w for w in words if w == w[::-1]}
print(sorted(palindromes), len(palindromes))
print({n % 5 for n in range(20)} == {0, 1, 2, 3, 4})
squares = {n: n * n for n in range(6) if n % 2}
print(squares)
inverted = {v: k for k, v in squares.items()}
print(inverted)
by_len = {}
for w in sorted(set(words)):
    by_len.setdefault(len(w), []).append(w)
print(by_len)
nested = {i: {j: i * j for j in range(3)} for i in range(3)}
print(nested)
print(nested[2][2], len(nested))
pairs = {(a, b) for a in range(3) for b in range(3) if a < b}
print(sorted(pairs))
letters = {c for c in "mississippi"}
print(sorted(letters))
counts = {c: "mississippi".count(c) for c in "mississippi"}
print(counts)
print({k: v for k, v in zip("abc", range(10))})
print({x for x in ()}, {k: k for k in []})
empty_set = {x for x in [1] if x > 5}
print(empty_set, type(empty_set).__name__)
print({(i % 2 == 0): i for i in range(5)})
print({1: "int", 1.0: "float", True: "bool"})
