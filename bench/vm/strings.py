# String building, splitting, joining, searching and formatting.
parts = []
for i in range(120000):
    parts.append("field%d=%s" % (i, hex(i)))
line = ";".join(parts)
fields = line.split(";")
found = 0
for f in fields:
    name, _, value = f.partition("=")
    if value.endswith("f"):
        found += 1
upper = line.upper()
count = upper.count("FIELD1")
words = [f"{i:05d}-{i % 13:x}" for i in range(120000)]
print(len(fields), found, count, words[-1], line.find("field119999"))
