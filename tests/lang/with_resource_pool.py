# Context managers managing a pool of buffers: acquire/release accounting under errors.
class Pool:
    def __init__(self, size):
        self.free = [bytearray(16) for _ in range(size)]
        self.in_use = 0
        self.peak = 0

    def borrow(self):
        return Borrowed(self)


class Borrowed:
    def __init__(self, pool):
        self.pool = pool
        self.buf = None

    def __enter__(self):
        if not self.pool.free:
            raise RuntimeError("pool exhausted")
        self.buf = self.pool.free.pop()
        self.pool.in_use += 1
        self.pool.peak = max(self.pool.peak, self.pool.in_use)
        return self.buf

    def __exit__(self, exc_type, exc, tb):
        self.buf[:] = bytes(len(self.buf))
        self.pool.free.append(self.buf)
        self.pool.in_use -= 1
        if exc_type is ValueError:
            print("  suppressed", exc)
            return True
        return None


pool = Pool(2)
with pool.borrow() as a:
    a[0:5] = b"hello"
    print(bytes(a[:5]), pool.in_use)
print(pool.in_use, len(pool.free))
with pool.borrow() as a, pool.borrow() as b:
    print(pool.in_use, a is not b)
    try:
        with pool.borrow():
            pass
    except RuntimeError as e:
        print(type(e).__name__, e)
print(pool.in_use, pool.peak)
with pool.borrow() as buf:
    buf[0] = 1
    raise ValueError("bad checksum")
print("after suppressed", pool.in_use)
try:
    with pool.borrow() as buf:
        raise KeyError("propagates")
except KeyError as e:
    print("propagated", e, pool.in_use, all(not any(b) for b in pool.free))
