# The interpreter remembers where a global or builtin was found: every rebinding, deletion and shadowing must show.
import _lib_cache as lib

x = 1


def read_x():
    return x


def read_len(s):
    return len(s)


print(read_x(), read_len("abc"))
x = 2                                   # a new value, same key
print(read_x())
globals()["x"] = 3                      # through the dict itself
print(read_x())
del x
try:
    read_x()
except NameError as e:
    print(type(e).__name__, e)
x = 4
print(read_x())
len = lambda s: 99                      # a global now shadows the builtin
print(read_len("abc"))
del len                                 # and the builtin shows again
print(read_len("abc"))
for i in range(40):                     # the globals dict grows (rebuilt tables, moved entries)
    globals()["filler%d" % i] = i
print(read_x(), read_len("ab"), filler39)  # noqa: F821
for i in range(40):
    del globals()["filler%d" % i]
print(read_x(), read_len("ab"))


def read_lib():
    return lib.value, lib.get()


print(read_lib())
lib.value = "changed"                   # module attribute rebound from outside
print(read_lib())
lib.set_value("set inside")             # rebound by the module's own global store
print(read_lib())
del lib.value
try:
    read_lib()
except AttributeError as e:
    print(type(e).__name__, e)
lib.value = "back"
lib.__dict__["extra"] = 1               # a new key in the module's dict
print(read_lib(), lib.extra)


def loop_reads(n):
    total = 0
    for i in range(n):
        total += abs(-i) + x
    return total


print(loop_reads(5))
abs = lambda v: 0                       # shadow a builtin used in a hot loop, then remove it
print(loop_reads(5))
del abs
print(loop_reads(5))
