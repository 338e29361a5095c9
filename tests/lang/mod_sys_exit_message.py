# sys.exit with a string prints it to stderr and exits with status 1.
import sys


def validate(fields):
    for i, f in enumerate(fields):
        if not f.isdigit():
            return i
    return -1


rows = ["12", "7", "300", "x1", "5"]
for r in rows[:3]:
    print(r, int(r) * 2)
bad = validate(rows)
print("bad index", bad)
try:
    sys.exit(0)
except SystemExit as e:
    print("zero code", e.code, e.args)
try:
    sys.exit(None)
except SystemExit as e:
    print("none code", e.code)
try:
    raise SystemExit(5)
except SystemExit as e:
    print("raised", e.code)
total = sum(int(r) for r in rows if r.isdigit())
print("total", total)
if bad >= 0:
    sys.exit("invalid row " + rows[bad])
print("unreachable")
