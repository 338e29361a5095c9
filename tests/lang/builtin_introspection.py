# isinstance/issubclass with tuples, type(), callable, getattr/setattr/hasattr on builtins and classes.
class Base:
    pass


class Derived(Base):
    def method(self):
        return "m"


objs = [1, True, 1.5, "s", b"b", [1], (1,), {1: 1}, None, Base(), Derived(), len, Derived.method]
for o in objs:
    print(type(o).__name__, isinstance(o, int), isinstance(o, (str, bytes)), isinstance(o, Base), callable(o))
print(issubclass(bool, int), issubclass(int, bool), issubclass(Derived, (str, Base)), issubclass(Base, Base))
print(issubclass(KeyError, (IndexError, LookupError)), isinstance(KeyError(), Exception))
print(isinstance(Derived, type), isinstance(3, object), issubclass(type, object))
try:
    isinstance(1, 1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    issubclass(1, int)
except TypeError as e:
    print(type(e).__name__, e)
print(callable(Base), callable(Base()), callable(print), callable("x".upper), callable(None))
d = Derived()
print(hasattr(d, "method"), hasattr(d, "nope"), getattr(d, "method")(), getattr(d, "nope", 5))
setattr(d, "dynamic", [1])
print(d.dynamic, hasattr(Derived, "dynamic"), hasattr(Derived, "method"))
print(getattr([1, 2], "count")(1), getattr("abc", "find")("c"), hasattr(5, "bit_length"))
try:
    setattr(5, "x", 1)
except AttributeError as e:
    print(type(e).__name__)
try:
    "abc".nope
except AttributeError as e:
    print(type(e).__name__, e)
try:
    None.nope
except AttributeError as e:
    print(type(e).__name__, e)
print(type(d) is Derived, type(d) == Base, type(d).__name__, Derived.__name__)
print(isinstance(d, (int, (str, Base))), type(None)() is None)
