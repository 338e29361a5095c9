# Polymorphism through overriding: a driver interface with several implementations.
class Driver:
    name = "generic"

    def __init__(self):
        self.sent = []

    def send(self, frame):
        if len(frame) > self.mtu():
            raise ValueError(f"{self.name}: frame of {len(frame)} exceeds mtu {self.mtu()}")
        self.sent.append(self.encode(frame))
        return len(frame)

    def mtu(self):
        return 1500

    def encode(self, frame):
        return frame

    def describe(self):
        return f"{self.name} mtu={self.mtu()} sent={len(self.sent)}"


class E1000(Driver):
    name = "e1000"

    def mtu(self):
        return 9000


class Rtl8139(Driver):
    name = "rtl8139"

    def encode(self, frame):
        return frame + b"\x00" * (-len(frame) % 4)


class Loopback(Driver):
    name = "lo"

    def mtu(self):
        return 65536

    def encode(self, frame):
        return frame[::-1]


drivers = [Driver(), E1000(), Rtl8139(), Loopback()]
for frame in (b"abc", b"x" * 2000, b"12345"):
    for d in drivers:
        try:
            d.send(frame)
        except ValueError as e:
            print("error:", e)
for d in drivers:
    print(d.describe(), [len(f) for f in d.sent], d.sent[0])
print([type(d).__name__ for d in drivers if isinstance(d, Driver)])
print(sorted(drivers, key=lambda d: d.mtu())[0].name, max(drivers, key=lambda d: d.mtu()).name)
