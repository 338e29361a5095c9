# split/rsplit/splitlines/partition/rpartition/join with maxsplit and separators.
line = "  alpha  beta\tgamma\n delta  "
print(line.split(), line.split(" "), line.split(None, 1), line.rsplit(None, 1))
csv = "a,b,,c,"
print(csv.split(","), csv.split(",", 2), csv.rsplit(",", 2), csv.split(",", 0), "".split(","), "".split())
print("a::b::c".split("::"), "a::b::c".rsplit("::", 1), "abc".split("abc"))
print("1 2 3".split(maxsplit=1), "1 2 3".rsplit(maxsplit=1))
text = "first\nsecond\r\nthird\rfourth\n\nsixth"
print(text.splitlines(), text.splitlines(True), "".splitlines(), "one\n".splitlines())
print("key=value=x".partition("="), "key=value=x".rpartition("="), "novalue".partition("="))
print("novalue".rpartition("="), "=lead".partition("="))
print("-".join(["a", "b", "c"]), "".join([]), ", ".join("xyz"), "/".join(("usr", "lib")))
print(" ".join(str(n) for n in range(5)), "\n".join(["l1", "l2"]))
try:
    ",".join(["a", 1])
except TypeError as e:
    print(type(e).__name__, e)
try:
    "a b".split("")
except ValueError as e:
    print(type(e).__name__, e)
header = "GET /index.html HTTP/1.1"
method, target, version = header.split(" ")
print(method, target, version.split("/")[1])
kv = "host=krait;port=8080;debug"
print({k: v for k, _, v in (p.partition("=") for p in kv.split(";"))})
print("a,b;c d".replace(";", ",").replace(" ", ",").split(","))
print("x".join("abc"), "ab".join(["1", "2", "3"]))
print("é,ü,ß".split(","), "€".join(["1", "2"]))
print("  padded  ".split(" "), "a  b".split(" "))
print("1\t2\x0b3\x0c4\x1c5".split())
