# Importing the same module several ways runs its body once; names bound at import time are snapshots.
import _lib_state
from _lib_state import counter as counter_at_import, register
import _lib_state as again
import pkg
import pkg.sub
import pkg.sub.deep
from pkg.sub import deep

print(_lib_state is again, deep is pkg.sub.deep)
register("x", 1)
register("y", 2)
print(_lib_state.counter, counter_at_import)
from _lib_state import counter as counter_now
print(counter_now)


def importer():
    import _lib_state as inside
    return inside.counter


print(importer())
for _ in range(3):
    import _lib_state
print(_lib_state.snapshot())
again.counter = 50
print(importer(), _lib_state.counter)
print(pkg.describe(), pkg.sub.LEVEL)
print(deep.shared.bump(), pkg.sub.deep.shared.value)
import pkg.util as u1
from pkg import util as u2
print(u1 is u2 is pkg.util, len(u1.CALLS))
print(deep.nested_double(1), u2.CALLS)
print(sorted(k for k in dir(pkg.sub) if not k.startswith("_")))
