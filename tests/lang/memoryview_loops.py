# memoryview in loops: sliding windows, chunked copies and sums without copying the source.
source = bytearray(range(256)) * 4
view = memoryview(source)
chunks = [view[i:i + 100] for i in range(0, len(view), 100)]
print(len(chunks), [len(c) for c in chunks][-3:], sum(len(c) for c in chunks))
print([c[0] for c in chunks], chunks[-1].tobytes()[-4:])
total = 0
for c in chunks:
    for b in c[::25]:
        total += b
print(total)
dest = bytearray(len(source))
dv = memoryview(dest)
for off in range(0, len(source), 128):
    dv[off:off + 128] = view[off:off + 128]
print(dest == source, dest[:4], dest[-4:])
for i in range(0, 1024, 256):
    view[i] = 0xEE
print([c[0] for c in chunks[:3]], source[256], chunks[2][56])
best = max(range(0, len(view) - 8, 8), key=lambda off: sum(view[off:off + 8]))
print(best, list(view[best:best + 8]))
matches = [off for off in range(len(view) - 1) if view[off] == 0xEE and view[off + 1] == 1]
print(matches)
stats = {}
for b in view[:300]:
    stats[b >> 6] = stats.get(b >> 6, 0) + 1
print(stats)
evens = view[::2]
odds = view[1::2]
print(len(evens), len(odds), evens[1], odds[1], bytes(evens[:5]), bytes(odds[-3:]))
