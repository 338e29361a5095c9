# Scope errors: reading a local before assignment, free variables deleted, undefined names.
def before_assign():
    try:
        print(value)
    except UnboundLocalError as e:
        print(type(e).__name__, e)
    value = 1
    return value


print(before_assign())


def conditional(flag):
    if flag:
        result = "set"
    return result


print(conditional(True))
try:
    conditional(False)
except UnboundLocalError as e:
    print(type(e).__name__, e)


def closure_before_define():
    def get():
        return later
    try:
        get()
    except NameError as e:
        print(type(e).__name__, e)
    later = "defined"
    return get()


print(closure_before_define())
try:
    print(undefined_name)
except NameError as e:
    print(type(e).__name__, e)


def deleted():
    x = 5
    del x
    try:
        return x
    except UnboundLocalError as e:
        return str(e)


print(deleted())
for i in range(3):
    pass
print("loop variable survives", i)
print([j for j in range(2)])
try:
    print(j)
except NameError as e:
    print(type(e).__name__, e)
