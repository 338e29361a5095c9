# The parts of sys that programs use: argv, exit, stdout/stderr writing, maxsize.
import sys

print(len(sys.argv), sys.argv[1:])
print(sys.argv[0].endswith(".py"))
print(sys.maxsize == 2 ** 63 - 1)
print(sys.byteorder)
sys.stdout.write("written directly\n")
n = sys.stdout.write("abc")
print()
print(n)
print("to stderr", file=sys.stderr)
print(type(sys.modules).__name__, "sys" in sys.modules)
def check(x):
    if x < 0:
        sys.exit("negative")
    return x * 2
print(check(4))
try:
    sys.exit(7)
except SystemExit as e:
    print("caught exit", e.code)
try:
    sys.exit()
except SystemExit as e:
    print("caught exit", e.code)
print("done")
sys.exit(3)
print("never")
