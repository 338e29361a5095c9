# Classes receiving slices in __getitem__/__setitem__/__delitem__ and using slice.indices.
class Buffer:
    def __init__(self, data):
        self.data = list(data)

    def __len__(self):
        return len(self.data)

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.indices(len(self.data))
            print("  slice", (key.start, key.stop, key.step), "->", (start, stop, step))
            return Buffer(self.data[i] for i in range(start, stop, step))
        if isinstance(key, tuple):
            return [self[k] for k in key]
        if key < 0:
            key += len(self.data)
        if not 0 <= key < len(self.data):
            raise IndexError("buffer index out of range")
        return self.data[key]

    def __setitem__(self, key, value):
        self.data[key] = value

    def __delitem__(self, key):
        del self.data[key]

    def __repr__(self):
        return f"Buffer({self.data})"


b = Buffer(range(10))
print(b[2:5], b[::3], b[::-2], b[-3:], b[100:], b[:])
print(b[1], b[-1], b[1, 3, -2])
try:
    b[10]
except IndexError as e:
    print(type(e).__name__, e)
b[2:4] = ["x", "y", "z"]
print(b)
del b[::2]
print(b, len(b))
b[0] = "first"
del b[-1]
print(b, list(b))
print(b[1:3][0:1], b[:-1][::-1])
s = slice(None, None, None)
print(s.indices(4), slice(-2, None).indices(4), slice(10, -10, -1).indices(4), slice(1, 2, -1).indices(4))
