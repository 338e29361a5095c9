# A page-frame bitmap allocator: first-fit runs, freeing, double-free and exhaustion errors.
class BitmapAllocator:
    def __init__(self, pages):
        self.pages = pages
        self.bits = bytearray((pages + 7) // 8)

    def _used(self, n):
        return self.bits[n >> 3] >> (n & 7) & 1

    def _set(self, n, used):
        if used:
            self.bits[n >> 3] |= 1 << (n & 7)
        else:
            self.bits[n >> 3] &= ~(1 << (n & 7)) & 0xFF

    def alloc(self, count=1):
        run = 0
        for n in range(self.pages):
            run = run + 1 if not self._used(n) else 0
            if run == count:
                start = n - count + 1
                for p in range(start, n + 1):
                    self._set(p, True)
                return start
        raise MemoryError(f"no run of {count} free pages")

    def free(self, start, count=1):
        for p in range(start, start + count):
            if not self._used(p):
                raise ValueError(f"double free of page {p}")
            self._set(p, False)

    def used(self):
        return sum(bin(b).count("1") for b in self.bits)


a = BitmapAllocator(20)
x = a.alloc(4)
y = a.alloc()
z = a.alloc(8)
print(x, y, z, a.used(), a.bits.hex())
a.free(y)
print(a.alloc(2), a.alloc(), a.used())
a.free(x, 4)
print(a.alloc(3), a.alloc(3), a.bits.hex())
try:
    a.alloc(10)
except MemoryError as e:
    print(type(e).__name__, e)
try:
    a.free(19)
except ValueError as e:
    print(type(e).__name__, e)
print(a.used(), [a._used(n) for n in range(20)])
