# Converting numbers to text in the ways drivers and tools do: padding, hex dumps, units.
def mac(b):
    return ":".join(f"{x:02x}" for x in b)


def ip(n):
    return f"{n >> 24 & 255}.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


print(mac(b"\x02\x00\x5e\x10\xab\xff"), ip(0xC0A80101), ip(0), ip(0xFFFFFFFF))
for n in (0, 9, 10, 255, 4096, 65535, 2 ** 32 - 1):
    print(str(n).rjust(10), hex(n).rjust(12), f"{n:#010x}", f"{n:>16b}"[-16:], oct(n))


def size(n):
    units = ["B", "K", "M", "G"]
    i = 0
    while n >= 1024 and i < len(units) - 1:
        n /= 1024
        i += 1
    return f"{n:.1f}{units[i]}" if i else f"{n}{units[i]}"


print([size(n) for n in (0, 1023, 1024, 1536, 10 ** 6, 2 ** 30, 5 * 2 ** 40)])
print(str(3.0), str(1e6), str(1e16), str(0.000001), str(1 / 7)[:8], str(-0.5))
print(repr(1e-7), repr(123456789.123), repr(2 ** 0.5))
print("%6.2f|%-6d|%06.1f" % (3.14159, 42, -2.5), "{:>8.3e}".format(12345.678))
uptime = 93784
d, rem = divmod(uptime, 86400)
h, rem = divmod(rem, 3600)
m, s = divmod(rem, 60)
print(f"up {d}d {h:02d}:{m:02d}:{s:02d}")
print(int("  0042 "), int("-0x1f", 16), float("1e3"), str(int("1" * 30)))
print(",".join(str(x) for x in range(-3, 4)), "".join(map(str, [1, 2, 3])))
