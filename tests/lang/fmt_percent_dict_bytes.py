# printf-style formatting with dict mappings, bytes targets and width/precision from arguments.
record = {"name": "eth0", "rx": 123456, "tx": 7890, "rate": 0.8765}
print("%(name)s rx=%(rx)d tx=%(tx)d rate=%(rate).1f%%" % record)
print("%(name)-8s|%(rx)10d|%(rate)8.3f" % record)
print("%(rx)x %(rx)o %(rx)e" % record)
print("%s %s" % ("tuple", ("inner",)))
print("%5.1f|%-8.3e|%+.0f|% .2f" % (3.14159, 31415.9, 2.5, 1.005))
print("%3s|%-3s|%.1s|" % ("abcd", "ab", "xyz"))
print("%03d %+03d %x %X %#X" % (7, 7, 3054, 3054, 3054))
print("%c|%5c|%-3c|" % ("z", 65, "q"))
print("%s" % {"a": 1}, "%r" % "q", "%s" % "é")
print(b"%s|%5d|%-4x|" % (b"bytes", 42, 255))
print(b"%c%c" % (72, b"i"), b"%%" % ())
try:
    b"%s" % "str"
except TypeError as e:
    print(type(e).__name__, e)
print("%.*f|%*.*f" % (2, 3.14159, 8, 3, 2.71828))
lines = []
for name, value in sorted(record.items()):
    lines.append("%-6s = %s" % (name, value))
print("\n".join(lines))
print("%d%%" % 50, "%s%%%s" % ("a", "b"))
try:
    "%(missing)s" % record
except KeyError as e:
    print(type(e).__name__, e)
try:
    "%d %d" % (1,)
except TypeError as e:
    print(type(e).__name__, e)
print("%i|%5.2s|%-6.3f|" % (-12, "hello", -0.5))
