# Parsing key/value and URL-like text with partition, split, strip and find.
def parse_url(url):
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "http", url
    hostport, slash, path = rest.partition("/")
    host, colon, port = hostport.partition(":")
    path, _, query = ("/" + path if slash else "/").partition("?")
    params = {}
    for pair in query.split("&") if query else []:
        k, _, v = pair.partition("=")
        params[k] = v
    return scheme, host, int(port) if colon else (443 if scheme == "https" else 80), path, params


for url in ("http://krait.local:8080/status?verbose=1&fmt=json", "https://example.org", "10.0.0.1/ping",
            "ftp://host:21/pub/file.txt", "http://h/?a=&b"):
    print(url, "->", parse_url(url))
headers = "Host: krait\r\nContent-Length: 42\r\nX-Empty:\r\nBad Header\r\n"
parsed = {}
for line in headers.split("\r\n"):
    if not line:
        continue
    name, colon, value = line.partition(":")
    if not colon:
        print("skipping", repr(line))
        continue
    parsed[name.strip().lower()] = value.strip()
print(parsed)
record = "name=eth0; mtu=1500 ;flags=UP,RUNNING; empty="
fields = dict(part.strip().split("=", 1) for part in record.split(";"))
print(fields, fields["flags"].split(","))
line = "   # comment only"
print(repr(line.strip()), line.strip().startswith("#"), line.find("#"), line.rfind(" "))
