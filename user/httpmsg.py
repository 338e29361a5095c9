"""httpmsg: HTTP/1.x message parsing and formatting for httpd.py and wget.py
(RFC 9110/9112): request and status lines, header fields, URLs, queries and
the chunked transfer coding. Pure functions over bytes: no sockets here.
"""
MAX_HEAD = 16384            # request line + header fields
MAX_HEADERS = 100

REASONS = {
    200: "OK", 204: "No Content", 301: "Moved Permanently", 302: "Found", 304: "Not Modified",
    400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    408: "Request Timeout", 411: "Length Required", 413: "Content Too Large", 414: "URI Too Long",
    431: "Request Header Fields Too Large", 500: "Internal Server Error", 501: "Not Implemented",
    503: "Service Unavailable", 505: "HTTP Version Not Supported",
}

_TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


class BadMessage(Exception):
    """A message that cannot be served or read; status is the response it calls for."""

    def __init__(self, status, text):
        Exception.__init__(self, text)
        self.status = status
        self.text = text


def is_token(text):
    """RFC 9110 5.6.2: one or more tchars. (strip() of every tchar leaves nothing: one call, not a loop.)"""
    return text != "" and text.strip(_TOKEN_CHARS) == ""


def head_end(buf):
    """The length of the head (through its empty line) at the start of buf, or -1 while incomplete.
    Lines end in CRLF; a bare LF is accepted as well (RFC 9112 2.2)."""
    at = buf.find(b"\n\r\n")
    bare = buf.find(b"\n\n")
    if at < 0 and bare < 0:
        return -1
    if at < 0 or (0 <= bare < at):
        return bare + 2
    return at + 3


def _lines(head):
    text = head.decode("latin-1")
    lines = text.split("\n")
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def parse_fields(lines):
    """Header field lines -> {lowercase name: value}; repeated fields are joined with ", "."""
    fields = {}
    if len(lines) > MAX_HEADERS:
        raise BadMessage(431, "too many header fields")
    for line in lines:
        if not line:
            continue
        if line[0] in " \t":
            raise BadMessage(400, "obsolete line folding")
        name, colon, value = line.partition(":")
        if not colon or not is_token(name):
            raise BadMessage(400, "malformed header field")
        name = name.lower()
        value = value.strip(" \t")
        if name in fields:
            fields[name] = fields[name] + ", " + value
        else:
            fields[name] = value
    return fields


def parse_version(text):
    """'HTTP/1.1' -> (1, 1)."""
    if len(text) != 8 or not text.startswith("HTTP/") or text[6] != "." \
            or not text[5].isdigit() or not text[7].isdigit():
        raise BadMessage(400, "malformed HTTP version")
    return (int(text[5]), int(text[7]))


class Request:
    def __init__(self, method, target, version, fields):
        self.method = method
        self.target = target
        self.version = version
        self.fields = fields
        path, _, query = target.partition("?")
        self.path = path
        self.query = parse_query(query)

    def keep_alive(self):
        """Whether the connection stays open after the response (RFC 9112 9.3)."""
        tokens = [t.strip().lower() for t in self.fields.get("connection", "").split(",")]
        if "close" in tokens:
            return False
        if self.version >= (1, 1):
            return True
        return "keep-alive" in tokens

    def body_length(self):
        """Bytes of request body that follow the head (Content-Length; chunked bodies are not taken)."""
        if "transfer-encoding" in self.fields:
            raise BadMessage(501, "request bodies in a transfer coding are not accepted")
        text = self.fields.get("content-length")
        if text is None:
            return 0
        if not text.isdigit() or len(text) > 12:
            raise BadMessage(400, "malformed Content-Length")
        return int(text)


def parse_request(head):
    """The head of a request (bytes through the empty line) -> Request; BadMessage when malformed."""
    lines = _lines(head)
    while lines and lines[0] == "":         # RFC 9112 2.2: empty lines before the request line are ignored
        lines.pop(0)
    if not lines:
        raise BadMessage(400, "empty request")
    words = lines[0].split(" ")
    if len(words) != 3 or not words[1]:
        raise BadMessage(400, "malformed request line")
    method, target, version_text = words
    if not is_token(method):
        raise BadMessage(400, "malformed method")
    version = parse_version(version_text)
    if version[0] != 1:
        raise BadMessage(505, "only HTTP/1.x is spoken here")
    fields = parse_fields(lines[1:])
    if version >= (1, 1) and "host" not in fields:
        raise BadMessage(400, "HTTP/1.1 request without Host")
    if not target.startswith("/"):
        if target.startswith("http://"):
            rest = target[7:]
            slash = rest.find("/")
            target = rest[slash:] if slash >= 0 else "/"
        elif target == "*" and method == "OPTIONS":
            pass
        else:
            raise BadMessage(400, "malformed request target")
    return Request(method, target, version, fields)


def unquote(text):
    """%XX escapes and '+' (in queries) decoded."""
    if "%" not in text and "+" not in text:
        return text
    out = bytearray()
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "%" and i + 2 < n and _is_hex(text[i + 1:i + 3]):
            out.append(int(text[i + 1:i + 3], 16))
            i += 3
            continue
        if ch == "+":
            out.append(32)
        else:
            out += ch.encode()
        i += 1
    return out.decode("utf-8", "replace")


def _is_hex(text):
    if len(text) != 2:
        return False
    for ch in text:
        if ch not in "0123456789abcdefABCDEF":
            return False
    return True


def parse_query(query):
    """'a=1&b=x' -> {'a': '1', 'b': 'x'} (the last value of a repeated name wins)."""
    out = {}
    if not query:
        return out
    for part in query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        out[unquote(name)] = unquote(value)
    return out


def response_head(version, status, fields):
    """A status line and header fields as bytes; fields: [(name, value)]."""
    reason = REASONS.get(status, "Unknown")
    lines = [f"HTTP/{version[0]}.{version[1]} {status} {reason}"]
    for name, value in fields:
        lines.append(f"{name}: {value}")
    lines.append("")
    lines.append("")
    return "\r\n".join(lines).encode()


def parse_status(head):
    """The head of a response -> (version, status, reason, fields)."""
    lines = _lines(head)
    if not lines:
        raise BadMessage(400, "empty response")
    version_text, _, rest = lines[0].partition(" ")
    version = parse_version(version_text)
    code, _, reason = rest.partition(" ")
    if len(code) != 3 or not code.isdigit():
        raise BadMessage(400, "malformed status line")
    return version, int(code), reason, parse_fields(lines[1:])


def parse_url(url):
    """'http://HOST[:PORT][/PATH]' -> (host, port, path)."""
    if not url.startswith("http://"):
        if "://" in url:
            raise ValueError(f"unsupported scheme in {url}")
        url = "http://" + url
    rest = url[7:]
    slash = rest.find("/")
    authority = rest if slash < 0 else rest[:slash]
    path = "/" if slash < 0 else rest[slash:]
    hash_at = path.find("#")
    if hash_at >= 0:
        path = path[:hash_at]
    if "@" in authority:
        raise ValueError("user information in URLs is not supported")
    host, colon, port_text = authority.partition(":")
    if not host:
        raise ValueError(f"no host in {url}")
    port = 80
    if colon:
        if not port_text.isdigit() or int(port_text) > 65535:
            raise ValueError(f"bad port in {url}")
        port = int(port_text)
    return host, port, path


def resolve_location(location, host, port):
    """A Location field relative to (host, port) -> (host, port, path)."""
    if location.startswith("http://"):
        return parse_url(location)
    if location.startswith("//"):
        return parse_url("http:" + location)
    if not location.startswith("/"):
        location = "/" + location
    return host, port, location


class ChunkedDecoder:
    """The chunked transfer coding (RFC 9112 7.1), fed in arbitrary pieces."""

    def __init__(self):
        self.pending = b""
        self.left = 0           # bytes of chunk data still to come
        self.state = "size"     # size, data, data-end, trailer, done

    def feed(self, data):
        """Decoded body bytes from the next piece of the message; `done` once the last chunk and trailer are in."""
        buf = self.pending + data
        out = []
        pos = 0
        n = len(buf)
        while pos < n and self.state != "done":
            if self.state == "data":
                take = min(self.left, n - pos)
                out.append(buf[pos:pos + take])
                pos += take
                self.left -= take
                if self.left == 0:
                    self.state = "data-end"
                continue
            eol = buf.find(b"\n", pos)
            if eol < 0:
                if n - pos > 4096:
                    raise BadMessage(400, "chunk line too long")
                break
            line = buf[pos:eol].rstrip(b"\r")
            pos = eol + 1
            if self.state == "size":
                size_text = line.split(b";")[0].strip()
                if not size_text or not _all_hex(size_text):
                    raise BadMessage(400, "malformed chunk size")
                self.left = int(size_text, 16)
                self.state = "data" if self.left else "trailer"
            elif self.state == "data-end":
                if line:
                    raise BadMessage(400, "chunk data longer than its size")
                self.state = "size"
            elif not line:
                self.state = "done"
        self.pending = buf[pos:]
        return b"".join(out)

    @property
    def done(self):
        return self.state == "done"


def _all_hex(data):
    for b in data:
        if b not in b"0123456789abcdefABCDEF":
            return False
    return len(data) <= 15
