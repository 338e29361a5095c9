# Recursive generators with yield from: tree walks, permutations and flattening.
def flatten(items):
    for item in items:
        if isinstance(item, (list, tuple)):
            yield from flatten(item)
        else:
            yield item


print(list(flatten([1, [2, [3, (4, 5)], []], 6, [[[7]]]])))


def permutations(seq):
    if len(seq) <= 1:
        yield seq
        return
    for i in range(len(seq)):
        for rest in permutations(seq[:i] + seq[i + 1:]):
            yield seq[i:i + 1] + rest


print(list(permutations("abc")), len(list(permutations([1, 2, 3, 4]))))


def subsets(items):
    if not items:
        yield []
        return
    for sub in subsets(items[1:]):
        yield sub
        yield [items[0]] + sub


print(sorted(subsets([1, 2, 3]), key=lambda s: (len(s), s)))
FS = {"/": ["etc", "usr"], "/etc": ["hosts", "net"], "/etc/net": ["ifcfg"], "/usr": ["bin"], "/usr/bin": []}


def walk(path):
    yield path
    for name in FS.get(path, []):
        child = path.rstrip("/") + "/" + name
        yield from walk(child)


for p in walk("/"):
    print(p)


def depth_first(n, depth=0):
    yield depth, n
    if n > 1:
        yield from depth_first(n // 2, depth + 1)
        yield from depth_first(n - n // 2 - 1, depth + 1)


print(list(depth_first(6)))
