# __getattr__ is consulted only for missing attributes; getattr/setattr/hasattr/delattr.
class Config:
    defaults = {"mtu": 1500, "speed": 100}

    def __init__(self):
        self.name = "eth0"

    def __getattr__(self, attr):
        if attr in Config.defaults:
            return Config.defaults[attr]
        raise AttributeError(f"no setting {attr!r}")


c = Config()
print(c.name, c.mtu, c.speed)
c.mtu = 9000
print(c.mtu, Config.defaults["mtu"])
print(hasattr(c, "speed"), hasattr(c, "duplex"))
try:
    c.duplex
except AttributeError as e:
    print(type(e).__name__, e)
print(getattr(c, "duplex", "half"))
setattr(c, "duplex", "full")
print(getattr(c, "duplex"))
delattr(c, "duplex")
print(hasattr(c, "duplex"))
for attr in ("name", "mtu", "speed", "other"):
    print(attr, getattr(c, attr, None))


class Record:
    pass


r = Record()
for i, field in enumerate(("src", "dst", "proto")):
    setattr(r, field, i * 10)
print(r.src, r.dst, r.proto, sorted(vars(r)))
try:
    getattr(r, "ttl")
except AttributeError as e:
    print(type(e).__name__, e)
try:
    delattr(r, "ttl")
except AttributeError as e:
    print(type(e).__name__)
try:
    getattr(r, 5)
except TypeError as e:
    print(type(e).__name__, e)
print(getattr(5, "real"), getattr("ab", "upper")())
