# Exhaust the heap, recover from MemoryError, then keep working normally.
CHUNK = 65536
HEAP = 4194304
held = []
try:
    while True:
        held.append(bytearray(CHUNK))
except MemoryError:
    print("caught MemoryError")
count = len(held)
print("bounded", 0 < count and count * CHUNK <= HEAP)
held = None
print("freed")
try:
    huge = bytearray(64 * HEAP)
except MemoryError as e:
    print("huge", type(e).__name__)
squares = [i * i for i in range(10000)]
print("sum", sum(squares))
again = [bytearray(CHUNK) for _ in range(8)]
print("reallocated", len(again), sum(len(b) for b in again))
words = {str(i): i for i in range(2000)}
print("dict", len(words), words["1999"])
