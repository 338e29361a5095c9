# A command-style program that reports results and exits with status 3 on validation failure.
import sys

ENTRIES = ["eth0 10.0.0.1/24", "eth1 192.168.1.1/16", "wlan0 172.16.0.1/33", "lo 127.0.0.1/8"]


def validate(entry):
    name, cidr = entry.split()
    addr, length = cidr.split("/")
    octets = [int(o) for o in addr.split(".")]
    if len(octets) != 4 or not all(0 <= o <= 255 for o in octets):
        return f"{name}: bad address"
    if not 0 <= int(length) <= 32:
        return f"{name}: bad prefix length {length}"
    return None


problems = []
for entry in ENTRIES:
    problem = validate(entry)
    status = "ok" if problem is None else "FAIL"
    print(f"{entry:<24} {status}")
    if problem:
        problems.append(problem)
print("checked", len(ENTRIES), "entries,", len(problems), "problems")
for p in problems:
    print(" -", p)
sys.stdout.flush()
if problems:
    sys.exit(3)
print("all good")
