# Single inheritance: overriding, method resolution, isinstance/issubclass chains.
class Device:
    kind = "device"

    def __init__(self, name):
        self.name = name

    def describe(self):
        return f"{self.kind} {self.name} ({self.status()})"

    def status(self):
        return "unknown"


class NetDevice(Device):
    kind = "netdev"

    def status(self):
        return "link up"


class Loopback(NetDevice):
    def __init__(self):
        super().__init__("lo")

    def describe(self):
        return "loopback: " + super().describe()


devs = [Device("d0"), NetDevice("eth0"), Loopback()]
for d in devs:
    print(d.describe())
print([type(d).__name__ for d in devs])
print(isinstance(devs[2], Device), isinstance(devs[0], NetDevice))
print(issubclass(Loopback, Device), issubclass(Device, Loopback), issubclass(Device, object))
print(Loopback.kind, Loopback().name)
NetDevice.kind = "changed"
print(devs[1].describe(), devs[2].describe())
print(Device.describe(devs[2]))


class Base:
    def who(self):
        return "base"

    def call(self):
        return self.who()


class Child(Base):
    def who(self):
        return "child"


print(Base().call(), Child().call())
