"""Method calls from one call site while the class, the instance and the type of the receiver change."""
class A:
    def f(self):
        return "A.f"
class B(A):
    pass
def call(o):
    return o.f()
a, b = A(), B()
print([call(x) for x in (a, b, a, b)])
b.f = lambda: "instance f"          # an instance attribute hides the method
print(call(b), call(B()))
del b.f
print(call(b))
A.f = lambda self: "new A.f"         # the class's method replaced
print(call(a), call(b))
B.f = lambda self: "B.f"
print(call(a), call(b))
del B.f
print(call(b))
b.__class__ = A                      # the receiver's class changed
print(call(b))
class C:
    f = property(lambda self: lambda: "property f")
print(call(C()))
print([x.upper() for x in ("a", "b")], [len(x) for x in ([1], [1, 2])])
items = [[], [1]]
for it in items:
    it.append(0)
print(items)
for k in range(3):
    class D:
        def f(self, k=k):
            return f"D{k}"
    print(call(D()))
