# super() in __init__, in overridden methods, in classmethods, and two levels deep.
class Buffer:
    def __init__(self, size):
        self.size = size
        self.log = ["Buffer"]

    def describe(self):
        return f"size={self.size}"

    @classmethod
    def create(cls, size):
        return cls(size)


class RingBuffer(Buffer):
    def __init__(self, size, wrap=True):
        super().__init__(size)
        self.wrap = wrap
        self.log.append("RingBuffer")

    def describe(self):
        return "ring " + super().describe() + f" wrap={self.wrap}"


class LockedRing(RingBuffer):
    def __init__(self, size):
        super().__init__(size, wrap=False)
        self.log.append("LockedRing")

    def describe(self):
        return "locked " + super().describe()

    @classmethod
    def create(cls, size):
        obj = super().create(size * 2)
        obj.log.append("created")
        return obj


r = RingBuffer(8)
print(r.describe(), r.log)
l = LockedRing(4)
print(l.describe(), l.log)
c = LockedRing.create(3)
print(type(c).__name__, c.describe(), c.log)
print(type(Buffer.create(1)).__name__, type(RingBuffer.create(2)).__name__)


class Explicit(RingBuffer):
    def describe(self):
        return super(Explicit, self).describe() + "!"


print(Explicit(16).describe())


class Skipper(LockedRing):
    def describe(self):
        return super(RingBuffer, self).describe()


print(Skipper(5).describe())
