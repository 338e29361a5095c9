# An LRU cache built on dict insertion order: hits move to the end, the oldest is evicted.
class LRU:
    def __init__(self, capacity):
        self.capacity = capacity
        self.data = {}
        self.hits = self.misses = 0

    def get(self, key):
        if key not in self.data:
            self.misses += 1
            return None
        value = self.data.pop(key)
        self.data[key] = value
        self.hits += 1
        return value

    def put(self, key, value):
        if key in self.data:
            self.data.pop(key)
        elif len(self.data) >= self.capacity:
            oldest = next(iter(self.data))
            print("  evict", oldest)
            del self.data[oldest]
        self.data[key] = value

    def __repr__(self):
        return f"LRU({list(self.data)}, hits={self.hits}, misses={self.misses})"


cache = LRU(3)
for k in ("a", "b", "c"):
    cache.put(k, k.upper())
print(cache)
print(cache.get("a"), cache)
cache.put("d", "D")
print(cache)
print(cache.get("b"), cache.get("c"), cache)
cache.put("a", "A2")
cache.put("e", "E")
print(cache)
trace = [1, 2, 3, 1, 4, 1, 2, 5, 1, 2, 3, 4, 5]
lru = LRU(3)
for page in trace:
    if lru.get(page) is None:
        lru.put(page, page * 10)
print(lru, list(lru.data.values()))
