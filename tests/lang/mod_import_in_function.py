# Imports inside functions and conditionals bind local names; modules are cached.
def use_util():
    import pkg.util
    return pkg.util.double(8)


def use_alias():
    from pkg import util as helper
    return helper.clamp(999, hi=10)


print(use_util())
print(use_alias())
try:
    print(util)
except NameError as e:
    print(type(e).__name__, e)
if True:
    import _lib_consts as consts
print(consts.MTU)
for i in range(3):
    import pkg
    print(i, pkg.NAME)
import pkg.util
print(pkg.util.CALLS)
import sys
print(type(sys.argv).__name__, len(sys.argv))
print(sys.argv[0].endswith("mod_import_in_function.py"))


class Holder:
    import _lib_consts as inner
    limit = inner.MTU // 2


print(Holder.limit, Holder.inner.ETH_HEADER)
