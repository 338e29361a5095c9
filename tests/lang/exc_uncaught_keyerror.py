# Ends with an uncaught KeyError from a dict lookup after some output.
routes = {"10.0.0.0/8": "eth0", "192.168.0.0/16": "eth1", "0.0.0.0/0": "gw"}


def lookup(prefix):
    return routes[prefix]


for prefix in ("10.0.0.0/8", "0.0.0.0/0"):
    print(prefix, "->", lookup(prefix))
print(routes.get("172.16.0.0/12", "none"))
try:
    lookup("1.2.3.4/32")
except KeyError as e:
    print("missing", e)
counts = {}
for iface in routes.values():
    counts[iface] = counts.get(iface, 0) + 1
print(counts)
total = 0
for k in list(routes):
    total += len(k)
print("total length", total)
del routes["0.0.0.0/0"]
print(len(routes))
print(lookup("0.0.0.0/0"))
