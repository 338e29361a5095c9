# **kwargs collects extra keywords into an insertion-ordered dict.
def config(name, **options):
    print(name, type(options).__name__, len(options))
    for key, value in options.items():
        print(" ", key, "=", value)
    return options


config("eth0")
config("eth1", mtu=9000, up=True, speed=1000)
opts = {"a": 1, "b": 2}
result = config("x", **opts, c=3)
print(result)
print(result is opts)


def everything(a, b=2, *args, c, d=4, **kw):
    return a, b, args, c, d, kw


print(everything(1, c=3))
print(everything(1, 2, 3, 4, 5, c=6, e=7, f=8))
print(everything(c=0, a=9, z=1))
try:
    config("x", **{"name": "dup"})
except TypeError as e:
    print(type(e).__name__, e)
try:
    config("x", **opts, a=5)
except TypeError as e:
    print(type(e).__name__, e)


def forward(*args, **kwargs):
    return everything(*args, **kwargs)


print(forward(5, 6, c=7, key="v"))
print(sorted(config("q", z=1, y=2, x=3)))
