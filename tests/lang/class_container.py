# Container dunders: __len__, __getitem__, __setitem__, __delitem__, __contains__.
class Table:
    def __init__(self):
        self.keys = []
        self.values = []

    def __len__(self):
        return len(self.keys)

    def __getitem__(self, key):
        for i, k in enumerate(self.keys):
            if k == key:
                return self.values[i]
        raise KeyError(key)

    def __setitem__(self, key, value):
        for i, k in enumerate(self.keys):
            if k == key:
                self.values[i] = value
                return
        self.keys.append(key)
        self.values.append(value)

    def __delitem__(self, key):
        i = self.keys.index(key)
        del self.keys[i]
        del self.values[i]

    def __contains__(self, key):
        return key in self.keys


t = Table()
t["eth0"] = "10.0.0.1"
t["lo"] = "127.0.0.1"
t["eth0"] = "10.0.0.2"
print(len(t), t["eth0"], t["lo"])
print("lo" in t, "wlan0" in t, "wlan0" not in t)
del t["lo"]
print(len(t), "lo" in t, bool(t))
try:
    t["missing"]
except KeyError as e:
    print(type(e).__name__, e)
try:
    del t["missing"]
except ValueError as e:
    print(type(e).__name__, e)
t[(1, 2)] = "tuple key"
print(t[(1, 2)], t[1, 2])
del t["eth0"]
del t[1, 2]
print(len(t), bool(t))


class Squares:
    def __getitem__(self, i):
        if i >= 5:
            raise IndexError(i)
        return i * i


print(list(Squares()), 9 in Squares(), 10 in Squares())
