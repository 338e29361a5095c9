# Default arguments: evaluated once, shared mutable defaults, None sentinels.
def greet(name, greeting="hello", punct="!"):
    return greeting + ", " + name + punct


print(greet("eth0"))
print(greet("lo", "hi"))
print(greet("tap", punct="?"))
print(greet(greeting="yo", name="wlan"))


def append_to(item, bucket=[]):
    bucket.append(item)
    return bucket


print(append_to(1))
print(append_to(2))
print(append_to(3, []))
print(append_to(4))


def safe_append(item, bucket=None):
    if bucket is None:
        bucket = []
    bucket.append(item)
    return bucket


print(safe_append(1), safe_append(2))
counter = 10


def snapshot(value=counter):
    return value


counter = 20
print(snapshot(), snapshot(5))
print(snapshot.__name__)


def many(a, b=2, c=3, d=4):
    return a * 1000 + b * 100 + c * 10 + d


print(many(1), many(1, 9), many(1, d=0), many(1, 2, 3, 4), many(d=1, c=1, b=1, a=1))
