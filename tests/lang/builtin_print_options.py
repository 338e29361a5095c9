# print with sep, end, several arguments, no arguments, and file=sys.stdout.
import sys

print()
print("a", "b", "c")
print("a", "b", "c", sep="")
print("a", "b", "c", sep=", ")
print("a", "b", sep="\n")
print("no newline", end="")
print(" continued")
print("x", end="|")
print("y", end="|\n")
print(1, 2.5, None, True, [1], (2,), {"k": "v"}, b"raw", sep=" ; ")
print(*range(5))
print(*range(5), sep="-", end=".\n")
print("to stdout", file=sys.stdout)
print("sep none", "end none", sep=None, end=None)
print("", "", sep="[]")
print("multi\nline", "text")
print("tab\tseparated", "\\backslash")
print("unicode: ünïcödé €", "日本")
for i in range(3):
    print(i, end=" " if i < 2 else "\n")
print(*["joined", "words"], sep="_")
print(*[])
print("after empty star")
try:
    print("bad", sep=5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    print("bad", end=[])
except TypeError as e:
    print(type(e).__name__, e)
print(str(print("inner")))
print("%d items" % 3, f"{'f'}-string", "{}".format("fmt"), sep=" / ")
