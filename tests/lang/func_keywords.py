# Keyword arguments, and the TypeErrors for getting them wrong.
def connect(host, port, timeout=30, retries=5):
    return f"{host}:{port} t={timeout} r={retries}"


print(connect("10.0.0.1", 80))
print(connect(port=22, host="router"))
print(connect("a", 1, retries=0))
print(connect("b", 2, 3, 4))
cases = [
    lambda: connect("x"),
    lambda: connect("x", 1, port=2),
    lambda: connect("x", 1, speed=9),
    lambda: connect("x", 1, 2, 3, 4),
    lambda: connect(),
    lambda: connect(port=1),
]
for case in cases:
    try:
        print(case())
    except TypeError as e:
        print(type(e).__name__, e)


def no_args():
    return "none"


try:
    no_args(1)
except TypeError as e:
    print(e)
try:
    no_args(x=1)
except TypeError as e:
    print(e)
opts = {"timeout": 1, "retries": 2}
print(connect("h", 9, **opts))
print(connect(*["h", 10], **{"retries": 7}))
