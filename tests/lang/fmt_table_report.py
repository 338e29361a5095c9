# A formatted text report mixing f-strings, % and str.format as drivers print status tables.
stats = [
    ("eth0", 1234567, 890123, 0, 1500),
    ("lo", 5555, 5555, 0, 65536),
    ("wlan0", 98765432, 1234, 17, 1500),
    ("tap1", 0, 0, 3, 1280),
]
header = f"{'iface':<8}{'rx':>12}{'tx':>12}{'err':>5}{'mtu':>7}"
print(header)
print("-" * len(header))
for name, rx, tx, err, mtu in stats:
    print(f"{name:<8}{rx:>12,}{tx:>12,}{err:>5}{mtu:>7}")
total_rx = sum(s[1] for s in stats)
total_tx = sum(s[2] for s in stats)
print("%-8s%12d%12d" % ("total", total_rx, total_tx))
print("{:<8}{:>11.1f}%{:>11.1f}%".format("share", 100.0 * stats[2][1] / total_rx, 100.0 * stats[0][2] / total_tx))


def human(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024:
            return f"{n:.1f} {unit}" if unit != "B" else f"{n} {unit}"
        n /= 1024
    return f"{n:.2f} TiB"


for _, rx, tx, _, _ in stats:
    print(human(rx).rjust(12), human(tx).rjust(12))
print(human(2 ** 45))


def hexdump_line(offset, data):
    hexpart = " ".join(f"{b:02x}" for b in data)
    text = "".join(chr(b) if 32 <= b < 127 else "." for b in data)
    return f"{offset:08x}  {hexpart:<47}  |{text}|"


blob = bytes(range(40, 80)) + b"\x00\xff\n"
for off in range(0, len(blob), 16):
    print(hexdump_line(off, blob[off:off + 16]))
