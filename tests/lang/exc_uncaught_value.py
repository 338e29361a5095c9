# Ends with an uncaught ValueError raised from a nested call.
def parse_header(line):
    name, sep, value = line.partition(":")
    if not sep:
        raise ValueError(f"malformed header line: {line!r}")
    return name.strip().lower(), value.strip()


headers = {}
lines = ["Host: example.org", "Content-Length: 12", "Accept:*/*", "broken line"]
for line in lines[:3]:
    name, value = parse_header(line)
    headers[name] = value
    print("parsed", name, "=", value)
print(headers)
length = int(headers["content-length"])
print("length", length, length * 2)
try:
    parse_header("still broken")
except ValueError as e:
    print("caught once:", e)


def process(all_lines):
    out = []
    for l in all_lines:
        out.append(parse_header(l))
    return out


print("processing all")
process(lines)
print("not reached")
