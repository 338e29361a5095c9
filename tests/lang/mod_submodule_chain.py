# Deep packages with relative imports; init order is printed by the modules.
import pkg.sub.deep
from pkg.sub import deep as d
from pkg.sub.deep import nested_double, DeepError, shared

print(pkg.sub.LEVEL)
print(d is pkg.sub.deep)
print(nested_double(3))
print(pkg.util.CALLS)
print(shared.bump(5), d.shared.value)
try:
    d.fail("deep failure")
except DeepError as e:
    print(type(e).__name__, e)
try:
    d.fail("as base")
except Exception as e:
    print(isinstance(e, DeepError), e.args)
import pkg.sub
print(pkg.sub.deep.LEVEL, pkg.sub.deep.util is pkg.util)
print(sorted(k for k in dir(d) if not k.startswith("_")))
for name in ("util", "sub", "shapes"):
    print(name, hasattr(pkg, name))
counter_cls = d.Counter
print(counter_cls is pkg.util.Counter)
print(counter_cls(3).bump(4))
