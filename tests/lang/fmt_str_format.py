# str.format: positional, numbered, named, attribute and index fields, nested specs.
print("{} {} {}".format("a", "b", "c"))
print("{2} {1} {0} {0}".format("x", "y", "z"))
print("{name}={value}".format(name="mtu", value=1500))
print("{0[0]} {0[1]} {1[key]}".format(("first", "second"), {"key": "looked up"}))


class Iface:
    name = "eth0"
    speed = 1000


print("{0.name} at {0.speed} Mb/s".format(Iface()))
print("{:>10}|{:<10}|{:^10}".format("r", "l", "c"))
print("{:*>10}|{:-<10}|{:_^10}".format(1, 2, 3))
print("{:08.3f} {:+d} {:x} {:#b}".format(3.14159, 5, 255, 5))
print("{:{w}.{p}f}".format(2.718281, w=10, p=3))
print("{0:{1}}|".format("pad", 6))
print("{!r} {!s} {!r:>8}".format("a", "b", "c"))
print("{{}} {{{}}}".format("inside"))
print("{:,} {:_}".format(1234567, 7654321))
print("{:.1%} {:e}".format(0.256, 1234.5))
fields = {"src": "10.0.0.1", "dst": "10.0.0.2", "proto": "udp"}
print("{src} -> {dst} ({proto})".format(**fields))
print("{} {}".format(*"xy"))
template = "{:<6}{:>6}"
for k, v in (("rx", 100), ("tx", 20000)):
    print(template.format(k, v))
for bad in ("{} {}", "{0} {}", "{missing}", "{0[5]}", "{:d}"):
    try:
        print(bad.format("only"))
    except (IndexError, KeyError, ValueError) as e:
        print(type(e).__name__, e)
print(format(42, "^9"), "{:^9}".format(42) == format(42, "^9"))
print("{0}{1}{0}".format("ab", "-"))
