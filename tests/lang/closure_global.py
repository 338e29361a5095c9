# global declarations write module variables; reading needs no declaration.
total = 0
names = []


def add(n):
    global total
    total += n
    return total


def remember(name):
    names.append(name)


def reset():
    global total, names
    total = 0
    names = []


print(add(5), add(7), total)
remember("a")
remember("b")
print(names)
reset()
print(total, names)


def create():
    global created
    created = "made at runtime"


try:
    print(created)
except NameError as e:
    print(type(e).__name__, e)
create()
print(created)


def reads_global():
    return total + 1


total = 41
print(reads_global())


def unbound():
    print(total)
    total = 3


try:
    unbound()
except UnboundLocalError as e:
    print(type(e).__name__, e)
print(isinstance(UnboundLocalError(), NameError))
