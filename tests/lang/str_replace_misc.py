# replace with counts, multiplication, concatenation, comparisons, and str() of values.
s = "one fish two fish red fish"
print(s.replace("fish", "cat"), s.replace("fish", "cat", 1), s.replace("fish", "", 2), s.replace("x", "y"))
print("aaa".replace("a", "bb"), "aaa".replace("", "-"), "abc".replace("", "|", 2), "".replace("", "x"))
print("ab" * 3, 3 * "xy", "z" * 0, "q" * -1, repr("" * 5))
print("abc" + "def", "a" + "" + "b")
print("abc" < "abd", "abc" < "ab", "B" < "a", "é" > "z", "" < "a", "abc" == "abc", "a" != "A")
print(sorted(["b", "A", "a", "B", "é", "E"]), max("hello"), min("hello"))
print(str(42), str(-3.5), str(None), str(True), str([1, "a"]), str((1,)), str({"k": 1}), str(b"x"))
print(len("hello"), len(""), len("日本語"), len("👍"), len("e\u0301"))
print("abc"[1], "abc"[-1], list("abc"), tuple("ab"))
try:
    "abc" + 1
except TypeError as e:
    print(type(e).__name__, e)
try:
    "abc" * "2"
except TypeError as e:
    print(type(e).__name__, e)
try:
    "abc"[0] = "x"
except TypeError as e:
    print(type(e).__name__, e)
try:
    "abc" < 1
except TypeError as e:
    print(type(e).__name__, e)
parts = []
for i in range(5):
    parts.append(str(i) * i)
print("".join(parts), "-".join(parts).replace("-", "+", 2))
print("Mississippi".replace("ss", "SS").replace("i", "!", 2))
print("tab\there".replace("\t", "    "), "CRLF\r\n".replace("\r\n", "\n") == "CRLF\n")
print(str(10 ** 30), str(2 ** 64), str(-(2 ** 70)))
print("%s|%s" % ("a" * 3, "b".join("cd")))
