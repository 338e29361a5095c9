# Keyword-only parameters after * or *args.
def send(data, *, flags=0, timeout):
    return f"{len(data)} bytes flags={flags} timeout={timeout}"


print(send(b"abc", timeout=5))
print(send(b"", flags=1, timeout=0))
try:
    send(b"x", 0, 5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    send(b"x")
except TypeError as e:
    print(type(e).__name__, e)


def log(*messages, level="info", sep=" "):
    return f"[{level}] " + sep.join(messages)


print(log("a", "b"))
print(log("disk", "full", level="warn"))
print(log(level="debug"))
print(log("x", "y", sep="/"))


def make(*, kind="tcp", port=0):
    return kind, port


print(make(), make(port=80), make(kind="udp", port=53))
try:
    make("udp")
except TypeError as e:
    print(type(e).__name__, e)


def mixed(a, b=1, *, c, d=2):
    return a + b + c + d


print(mixed(1, c=1), mixed(1, 2, c=3, d=4))
