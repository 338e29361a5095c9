# Nested function definitions, recursion through closures, and functions stored in data.
def parse_config(text):
    def clean(line):
        return line.split("#", 1)[0].strip()

    def convert(value):
        if value.isdigit():
            return int(value)
        if value in ("yes", "no"):
            return value == "yes"
        return value

    result = {}
    for raw in text.splitlines():
        line = clean(raw)
        if not line:
            continue
        key, _, value = line.partition("=")
        result[key.strip()] = convert(value.strip())
    return result


cfg = parse_config("""
# network config
mtu = 1500
dhcp = yes   # use dhcp
name = eth0
retries=5
debug = no
""")
print(cfg)


def walk(tree):
    out = []

    def visit(node, depth):
        out.append("  " * depth + node[0])
        for child in node[1:]:
            visit(child, depth + 1)
    visit(tree, 0)
    return out


for line in walk(("root", ("net", ("ip",), ("tcp",)), ("drivers", ("e1000",)))):
    print(line)
dispatch = {
    "add": lambda a, b: a + b,
    "neg": lambda a: -a,
    "cat": lambda *parts: "".join(parts),
}
for op, args in (("add", (2, 3)), ("neg", (7,)), ("cat", ("a", "b", "c")), ("bad", ())):
    fn = dispatch.get(op)
    print(op, fn(*args) if fn else "unknown op")


def counter_factory():
    def count_up(n):
        return [] if n == 0 else count_up(n - 1) + [n]
    return count_up


print(counter_factory()(5))
