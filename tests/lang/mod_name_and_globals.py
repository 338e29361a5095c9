# __name__ of the main program and of imported modules; globals() as a dict.
import pkg.util
import _lib_consts

print(__name__)
print(pkg.util.__name__, _lib_consts.__name__)
g = globals()
print("pkg" in g, "_lib_consts" in g)
g["made_up"] = 42
print(made_up)
value = 1


def show():
    return value, "value" in globals()


print(show())
globals()["value"] = 2
print(show())
if __name__ == "__main__":
    print("running as main")
else:
    print("imported")
print(sorted(k for k in _lib_consts.PROTOCOLS))
print(_lib_consts.PROTOCOLS[6], _lib_consts.PROTOCOLS.get(99, "unknown"))
names = [n for n in dir(_lib_consts) if n.isupper()]
print(sorted(names))
print(getattr(_lib_consts, "MTU") - getattr(_lib_consts, "IP_HEADER"))
setattr(_lib_consts, "MTU", 9000)
print(_lib_consts.payload_room())
