# Module bodies run at first import, in dependency order; later imports are free.
print("main start")
import _lib_consts
print("after consts")
import pkg.sub.deep
print("after deep")
import pkg.shapes
print("after shapes")
from pkg.proto import registry
print("after proto")
import pkg
import pkg.util
import _lib_state
print("after state")
import _lib_state
print("second state import printed nothing")
print(_lib_consts.MTU, pkg.sub.deep.nested_double(2), pkg.shapes.Square(3).area(), registry.lookup_name(1))


def lazy():
    import _lib_consts
    return _lib_consts.payload_room(8)


print(lazy(), lazy())
modules = [_lib_consts, pkg, pkg.util, pkg.sub, pkg.sub.deep, pkg.shapes, registry, _lib_state]
print([m.__name__ for m in modules])
print(all(modules[i] is not modules[j] for i in range(len(modules)) for j in range(i)))
print("main end")
