# A generator pipeline over log lines: parse, filter, transform, aggregate.
LOG = """\
10:00:01 eth0 rx 1500
10:00:02 eth0 tx 60
10:00:02 lo rx 84
bad line
10:00:03 eth1 rx 1200
10:00:04 eth0 rx 900
10:00:05 eth1 tx 40
"""


def lines(text):
    for line in text.splitlines():
        yield line


def parse(src):
    for line in src:
        parts = line.split()
        if len(parts) != 4:
            print("skip", repr(line))
            continue
        yield {"time": parts[0], "iface": parts[1], "dir": parts[2], "bytes": int(parts[3])}


def only(src, key, value):
    return (r for r in src if r[key] == value)


def running_total(src):
    total = 0
    for r in src:
        total += r["bytes"]
        yield r["iface"], total


for iface, total in running_total(only(parse(lines(LOG)), "dir", "rx")):
    print(iface, total)
per_iface = {}
for rec in parse(lines(LOG)):
    per_iface[rec["iface"]] = per_iface.get(rec["iface"], 0) + rec["bytes"]
print(per_iface)


def batched(src, n):
    batch = []
    for item in src:
        batch.append(item)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch


print(list(batched(range(7), 3)))
print([sum(b) for b in batched((x * x for x in range(10)), 4)])
