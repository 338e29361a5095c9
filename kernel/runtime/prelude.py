"""The Krait prelude: parts of the builtins written in Python, run before every program.

_format implements the format-spec mini-language, _str_mod the % operator, and
_METHODS adds methods to builtin types. Names in _EXPORTS become builtins.
"""


def _parse_spec(spec):
    fill = " "
    align = ""
    sign = ""
    alt = False
    zero = False
    width = -1
    grouping = ""
    prec = -1
    typ = ""
    i = 0
    n = len(spec)
    if n >= 2 and spec[1] in "<>=^":
        fill = spec[0]
        align = spec[1]
        i = 2
    elif n >= 1 and spec[0] in "<>=^":
        align = spec[0]
        i = 1
    if i < n and spec[i] in "+- ":
        sign = spec[i]
        i += 1
    if i < n and spec[i] == "z":
        i += 1
    if i < n and spec[i] == "#":
        alt = True
        i += 1
    if i < n and spec[i] == "0":
        zero = True
        i += 1
    start = i
    while i < n and spec[i].isdigit():
        i += 1
    if i > start:
        width = int(spec[start:i])
    if i < n and spec[i] in ",_":
        grouping = spec[i]
        i += 1
    if i < n and spec[i] == ".":
        i += 1
        start = i
        while i < n and spec[i].isdigit():
            i += 1
        if i == start:
            raise ValueError("Format specifier missing precision")
        prec = int(spec[start:i])
    if i < n:
        typ = spec[i]
        i += 1
    if i != n:
        raise ValueError("Invalid format specifier '" + spec + "' for object of type '" + "str" + "'")
    return fill, align, sign, alt, zero, width, grouping, prec, typ


def _group(digits, sep, every):
    out = []
    i = len(digits)
    while i > every:
        out.append(digits[i - every:i])
        i -= every
    out.append(digits[:i])
    out.reverse()
    return sep.join(out)


def _pad(body, prefix, fill, align, width, default_align):
    if not align:
        align = default_align
    total = len(prefix) + len(body)
    if width <= total:
        return prefix + body
    padding = width - total
    if align == "<":
        return prefix + body + fill * padding
    if align == ">":
        return fill * padding + prefix + body
    if align == "^":
        left = padding // 2
        return fill * left + prefix + body + fill * (padding - left)
    return prefix + fill * padding + body


def _format_int(value, fill, align, sign, alt, zero, width, grouping, prec, typ, spec):
    if prec >= 0:
        raise ValueError("Precision not allowed in integer format specifier")
    if typ == "c":
        body = chr(value)
        return _pad(body, "", fill, align, width, "<")
    neg = value < 0
    v = -value if neg else value
    prefix = ""
    if typ in ("", "d", "n"):
        digits = str(v)
        every = 3
    elif typ == "x" or typ == "X":
        digits = hex(v)[2:]
        if typ == "X":
            digits = digits.upper()
        prefix = ("0X" if typ == "X" else "0x") if alt else ""
        every = 4
    elif typ == "o":
        digits = oct(v)[2:]
        prefix = "0o" if alt else ""
        every = 4
    elif typ == "b":
        digits = bin(v)[2:]
        prefix = "0b" if alt else ""
        every = 4
    else:
        raise ValueError("Unknown format code '" + typ + "' for object of type 'int'")
    if grouping:
        if zero and width > 0 and not align:
            target = width - len(prefix) - (1 if (neg or sign in "+ ") else 0)
            while len(digits) + (len(digits) - 1) // every < target:
                digits = "0" + digits
        digits = _group(digits, grouping, every)
    signch = "-" if neg else ("+" if sign == "+" else (" " if sign == " " else ""))
    if zero and not align:
        return _pad(digits, signch + prefix, "0", "=", width, "=")
    return _pad(digits, signch + prefix, fill, align, width, ">")


def _format_float(value, fill, align, sign, alt, zero, width, grouping, prec, typ, spec):
    if typ == "n":
        typ = "g"
    if typ == "":
        body = _fltfmt(value, "r", prec, alt)
    elif typ in "eEfFgG%":
        body = _fltfmt(value, typ, prec, alt)
    else:
        raise ValueError("Unknown format code '" + typ + "' for object of type 'float'")
    neg = body.startswith("-")
    if neg:
        body = body[1:]
    if grouping:
        dot = len(body)
        for i in range(len(body)):
            if body[i] in ".eE%":
                dot = i
                break
        intpart = body[:dot]
        if intpart.isdigit():
            if zero and width > 0 and not align:
                target = width - (1 if (neg or sign in "+ ") else 0) - (len(body) - dot)
                while len(intpart) + (len(intpart) - 1) // 3 < target:
                    intpart = "0" + intpart
            body = _group(intpart, grouping, 3) + body[dot:]
    signch = "-" if neg else ("+" if sign == "+" else (" " if sign == " " else ""))
    if zero and not align:
        return _pad(body, signch, "0", "=", width, "=")
    return _pad(body, signch, fill, align, width, ">")


def _format(value, spec):
    fill, align, sign, alt, zero, width, grouping, prec, typ = _parse_spec(spec)
    if isinstance(value, int) and not isinstance(value, bool) or isinstance(value, bool):
        if typ in ("e", "E", "f", "F", "g", "G", "%"):
            return _format_float(float(value), fill, align, sign, alt, zero, width, grouping, prec, typ, spec)
        return _format_int(int(value), fill, align, sign, alt, zero, width, grouping, prec, typ, spec)
    if isinstance(value, float):
        return _format_float(value, fill, align, sign, alt, zero, width, grouping, prec, typ, spec)
    if isinstance(value, str):
        if typ not in ("", "s"):
            raise ValueError("Unknown format code '" + typ + "' for object of type 'str'")
        if sign:
            raise ValueError("Sign not allowed in string format specifier")
        if alt:
            raise ValueError("Alternate form (#) not allowed in string format specifier")
        if align == "=":
            raise ValueError("'=' alignment not allowed in string format specifier")
        body = value
        if prec >= 0:
            body = body[:prec]
        if zero and not align:
            return _pad(body, "", "0", "<", width, "<")
        return _pad(body, "", fill, align, width, "<")
    if spec:
        raise TypeError("unsupported format string passed to " + type(value).__name__ + ".__format__")
    return str(value)


# ---- % formatting ----

def _bytes_mod(fmt, args):
    text = fmt.decode("latin-1")
    if isinstance(args, tuple):
        conv = tuple(_bytes_arg(a) for a in args)
    else:
        conv = _bytes_arg(args)
    return _str_mod(text, conv, True).encode("latin-1")


def _bytes_arg(a):
    if isinstance(a, (bytes, bytearray, memoryview)):
        return _BytesArg(bytes(a))
    return a


class _BytesArg:
    """A bytes-like argument of bytes %, seen by _str_mod as its latin-1 text."""
    def __init__(self, b):
        self.b = b

    def __str__(self):
        return self.b.decode("latin-1")

    def __repr__(self):
        return repr(self.b)


def _ascii_repr(v):
    out = []
    for ch in repr(v):
        o = ord(ch)
        if o < 128:
            out.append(ch)
        elif o < 256:
            out.append("\\x" + hex(o)[2:].zfill(2))
        elif o < 0x10000:
            out.append("\\u" + hex(o)[2:].zfill(4))
        else:
            out.append("\\U" + hex(o)[2:].zfill(8))
    return "".join(out)


def _bytes_text(v, t):
    """The text one %s/%b/%c conversion of bytes % gives (latin-1, one char per byte)."""
    if t == "c":
        if isinstance(v, _BytesArg) and len(v.b) == 1:
            return str(v)
        if not isinstance(v, int):
            raise TypeError("%c requires an integer in range(256) or a single byte")
        if not 0 <= v < 256:
            raise OverflowError("%c arg not in range(256)")
        return chr(v)
    if isinstance(v, _BytesArg):
        return str(v)
    if hasattr(v, "__bytes__"):
        return v.__bytes__().decode("latin-1")
    raise TypeError("%b requires a bytes-like object, or an object that implements __bytes__, not '"
                    + type(v).__name__ + "'")


def _str_mod(fmt, args, for_bytes=False):
    if isinstance(args, tuple):
        values = args
        mapping = None
    else:
        values = (args,)
        mapping = args if (hasattr(args, "keys") and not isinstance(args, str)) else None
    out = []
    i = 0
    n = len(fmt)
    vi = 0
    while i < n:
        c = fmt[i]
        if c != "%":
            j = fmt.find("%", i)
            if j < 0:
                j = n
            out.append(fmt[i:j])
            i = j
            continue
        i += 1
        if i >= n:
            raise ValueError("incomplete format")
        key = None
        if fmt[i] == "(":
            depth = 1
            j = i + 1
            while j < n and depth:
                if fmt[j] == "(":
                    depth += 1
                elif fmt[j] == ")":
                    depth -= 1
                j += 1
            key = fmt[i + 1:j - 1]
            i = j
        flags = ""
        while i < n and fmt[i] in "-+ #0":
            flags += fmt[i]
            i += 1
        width = -1
        if i < n and fmt[i] == "*":
            width = values[vi]
            vi += 1
            i += 1
        else:
            start = i
            while i < n and fmt[i].isdigit():
                i += 1
            if i > start:
                width = int(fmt[start:i])
        prec = -1
        if i < n and fmt[i] == ".":
            i += 1
            if i < n and fmt[i] == "*":
                prec = values[vi]
                vi += 1
                i += 1
            else:
                start = i
                while i < n and fmt[i].isdigit():
                    i += 1
                prec = int(fmt[start:i]) if i > start else 0
        while i < n and fmt[i] in "hlL":
            i += 1
        if i >= n:
            raise ValueError("incomplete format")
        t = fmt[i]
        i += 1
        if t == "%":
            out.append("%")
            continue
        if key is not None:
            if mapping is None:
                raise TypeError("format requires a mapping")
            v = _bytes_arg(mapping[key.encode("latin-1")]) if for_bytes else mapping[key]
        else:
            if vi >= len(values):
                raise TypeError("not enough arguments for format string")
            v = values[vi]
            vi += 1
        left = "-" in flags
        spec_sign = "+" if "+" in flags else (" " if " " in flags else "")
        if t in "diu":
            if not isinstance(v, (int, float)):
                raise TypeError("%" + t + " format: a real number is required, not " + type(v).__name__)
            v = int(v)
            s = str(-v if v < 0 else v)
            if prec >= 0:
                s = "0" * (prec - len(s)) + s
            signch = "-" if v < 0 else spec_sign
            s = _num_pad(s, signch, "", width, left, "0" in flags)
        elif t in "xXo":
            if not isinstance(v, int):
                raise TypeError("%" + t + " format: an integer is required, not " + type(v).__name__)
            av = -v if v < 0 else v
            s = (hex(av)[2:] if t != "o" else oct(av)[2:])
            if t == "X":
                s = s.upper()
            if prec >= 0:
                s = "0" * (prec - len(s)) + s
            pre = ""
            if "#" in flags:
                pre = "0o" if t == "o" else ("0X" if t == "X" else "0x")
            s = _num_pad(s, "-" if v < 0 else spec_sign, pre, width, left, "0" in flags)
        elif t in "eEfFgG":
            if not isinstance(v, (int, float)):
                raise TypeError("must be real number, not " + type(v).__name__)
            body = _fltfmt(float(v), t, 6 if prec < 0 else prec, "#" in flags)
            neg = body.startswith("-")
            if neg:
                body = body[1:]
            s = _num_pad(body, "-" if neg else spec_sign, "", width, left, "0" in flags)
        elif for_bytes and t in "sbc":
            s = _bytes_text(v, t)
            if prec >= 0 and t != "c":
                s = s[:prec]
            s = _text_pad(s, width, left)
        elif t == "c":
            s = v if isinstance(v, str) else chr(v)
            s = _text_pad(s, width, left)
        elif for_bytes and t in "ra":
            s = _ascii_repr(v)
            if prec >= 0:
                s = s[:prec]
            s = _text_pad(s, width, left)
        elif t in "sra":
            s = str(v) if t == "s" else repr(v)
            if prec >= 0:
                s = s[:prec]
            s = _text_pad(s, width, left)
        else:
            raise ValueError("unsupported format character '" + t + "' (0x" + hex(ord(t))[2:] + ") at index " + str(i - 1))
        out.append(s)
    if mapping is None and vi < len(values):
        raise TypeError("not all arguments converted during " + ("bytes" if for_bytes else "string") + " formatting")
    return "".join(out)


def _num_pad(body, signch, pre, width, left, zero):
    total = len(signch) + len(pre) + len(body)
    if width <= total:
        return signch + pre + body
    if left:
        return signch + pre + body + " " * (width - total)
    if zero:
        return signch + pre + "0" * (width - total) + body
    return " " * (width - total) + signch + pre + body


def _text_pad(s, width, left):
    if width <= len(s):
        return s
    if left:
        return s + " " * (width - len(s))
    return " " * (width - len(s)) + s


# ---- str.format ----

def _field_value(name, args, kwargs, auto):
    i = 0
    n = len(name)
    while i < n and name[i] not in ".[":
        i += 1
    first = name[:i]
    if first == "":
        if auto[0] < 0:
            raise ValueError("cannot switch from manual field specification to automatic field numbering")
        idx = auto[0]
        auto[0] += 1
        if idx >= len(args):
            raise IndexError("Replacement index " + str(idx) + " out of range for positional args tuple")
        obj = args[idx]
    elif first.isdigit():
        if auto[0] > 0:
            raise ValueError("cannot switch from automatic field numbering to manual field specification")
        auto[0] = -1
        if int(first) >= len(args):
            raise IndexError("Replacement index " + first + " out of range for positional args tuple")
        obj = args[int(first)]
    else:
        obj = kwargs[first]
    while i < n:
        if name[i] == ".":
            j = i + 1
            while j < n and name[j] not in ".[":
                j += 1
            obj = getattr(obj, name[i + 1:j])
            i = j
        else:
            j = name.index("]", i)
            key = name[i + 1:j]
            obj = obj[int(key)] if key.isdigit() else obj[key]
            i = j + 1
    return obj


def _vformat(fmt, args, kwargs, auto):
    out = []
    i = 0
    n = len(fmt)
    while i < n:
        c = fmt[i]
        if c == "{":
            if i + 1 < n and fmt[i + 1] == "{":
                out.append("{")
                i += 2
                continue
            depth = 1
            j = i + 1
            while j < n and depth:
                if fmt[j] == "{":
                    depth += 1
                elif fmt[j] == "}":
                    depth -= 1
                j += 1
            if depth:
                raise ValueError("expected '}' before end of string")
            field = fmt[i + 1:j - 1]
            i = j
            conv = None
            spec = ""
            k = 0
            while k < len(field) and field[k] not in "!:":
                if field[k] == "[":
                    k = field.index("]", k)
                k += 1
            name = field[:k]
            rest = field[k:]
            if rest.startswith("!"):
                conv = rest[1:2]
                rest = rest[2:]
            if rest.startswith(":"):
                spec = rest[1:]
            if "{" in spec:
                spec = _vformat(spec, args, kwargs, auto)
            value = _field_value(name, args, kwargs, auto)
            if conv == "r":
                value = repr(value)
            elif conv == "s":
                value = str(value)
            elif conv == "a":
                value = repr(value)
            elif conv is not None:
                raise ValueError("Unknown conversion specifier " + conv)
            out.append(format(value, spec))
        elif c == "}":
            if i + 1 < n and fmt[i + 1] == "}":
                out.append("}")
                i += 2
                continue
            raise ValueError("Single '}' encountered in format string")
        else:
            j = i
            while j < n and fmt[j] not in "{}":
                j += 1
            out.append(fmt[i:j])
            i = j
    return "".join(out)


def _str_format(self, *args, **kwargs):
    return _vformat(self, args, kwargs, [0])


def _str_format_map(self, mapping):
    return _vformat(self, (), mapping, [0])


def _check_fill(fillchar):
    if not isinstance(fillchar, str) or len(fillchar) != 1:
        raise TypeError("The fill character must be exactly one character long")


def _str_center(self, width, fillchar=" "):
    _check_fill(fillchar)
    n = len(self)
    if width <= n:
        return self
    total = width - n
    left = total // 2 + (total & width & 1)
    return fillchar * left + self + fillchar * (total - left)


def _str_ljust(self, width, fillchar=" "):
    _check_fill(fillchar)
    n = len(self)
    return self if width <= n else self + fillchar * (width - n)


def _str_rjust(self, width, fillchar=" "):
    _check_fill(fillchar)
    n = len(self)
    return self if width <= n else fillchar * (width - n) + self


def _str_zfill(self, width):
    n = len(self)
    if width <= n:
        return self
    if self and self[0] in "+-":
        return self[0] + "0" * (width - n) + self[1:]
    return "0" * (width - n) + self


def _str_title(self):
    out = []
    prev = False
    for ch in self:
        if ch.isalpha():
            out.append(ch.lower() if prev else ch.upper())
            prev = True
        else:
            out.append(ch)
            prev = False
    return "".join(out)


def _str_capitalize(self):
    if not self:
        return self
    return self[0].upper() + self[1:].lower()


def _str_removeprefix(self, prefix):
    if self.startswith(prefix):
        return self[len(prefix):]
    return self


def _str_removesuffix(self, suffix):
    if suffix and self.endswith(suffix):
        return self[:len(self) - len(suffix)]
    return self


def _str_expandtabs(self, tabsize=8):
    out = []
    col = 0
    for ch in self:
        if ch == "\t":
            if tabsize > 0:
                spaces = tabsize - col % tabsize
                out.append(" " * spaces)
                col += spaces
        elif ch in "\n\r":
            out.append(ch)
            col = 0
        else:
            out.append(ch)
            col += 1
    return "".join(out)


def _str_istitle(self):
    cased = False
    prev = False
    for ch in self:
        if ch.isupper():
            if prev:
                return False
            prev = True
            cased = True
        elif ch.islower():
            if not prev:
                return False
            prev = True
            cased = True
        else:
            prev = False
    return cased


def _str_isidentifier(self):
    if not self:
        return False
    if not (self[0].isalpha() or self[0] == "_"):
        return False
    for ch in self:
        if not (ch.isalnum() or ch == "_"):
            return False
    return True


def _str_isprintable(self):
    for ch in self:
        o = ord(ch)
        if o < 32 or o == 127:
            return False
    return True


def _str_translate(self, table):
    out = []
    for ch in self:
        o = ord(ch)
        if o in table:
            r = table[o]
            if r is None:
                continue
            out.append(chr(r) if isinstance(r, int) else r)
        else:
            out.append(ch)
    return "".join(out)


def _str_maketrans(x, y=None, z=None):
    table = {}
    if y is None:
        for k, v in x.items():
            table[ord(k) if isinstance(k, str) else k] = v
        return table
    for a, b in zip(x, y):
        table[ord(a)] = ord(b)
    if z is not None:
        for c in z:
            table[ord(c)] = None
    return table


def _str_casefold(self):
    return self.lower()


def _list_sort_key_default(x):
    return x


def _dict_repr_keys(self):
    return list(self)




def _b_partition(self, sep):
    i = self.find(sep)
    if i < 0:
        return self[:], self[:0], self[:0]
    return self[:i], self[i:i + len(sep)], self[i + len(sep):]


def _b_rpartition(self, sep):
    i = self.rfind(sep)
    if i < 0:
        return self[:0], self[:0], self[:]
    return self[:i], self[i:i + len(sep)], self[i + len(sep):]


_BSPACE = b" \t\n\r\x0b\x0c"


def _b_lstrip(self, chars=None):
    if chars is None:
        chars = _BSPACE
    i = 0
    while i < len(self) and self[i] in chars:
        i += 1
    return self[i:]


def _b_rstrip(self, chars=None):
    if chars is None:
        chars = _BSPACE
    j = len(self)
    while j > 0 and self[j - 1] in chars:
        j -= 1
    return self[:j]


def _b_rsplit(self, sep=None, maxsplit=-1):
    if sep is None:
        parts = self.split()
        if maxsplit < 0 or len(parts) <= maxsplit + 1:
            return parts
        keep = parts[len(parts) - maxsplit:]
        head = self.rstrip()
        for p in reversed(keep):
            head = head[:len(head) - len(p)].rstrip()
        return [head] + keep
    out = []
    rest = self
    while maxsplit != 0:
        i = rest.rfind(sep)
        if i < 0:
            break
        out.append(rest[i + len(sep):])
        rest = rest[:i]
        maxsplit -= 1
    out.append(rest)
    out.reverse()
    return out


def _b_splitlines(self, keepends=False):
    out = []
    i = 0
    n = len(self)
    while i < n:
        j = i
        while j < n and self[j] not in b"\r\n":
            j += 1
        e = j
        if j < n:
            if self[j] == 13 and j + 1 < n and self[j + 1] == 10:
                j += 2
            else:
                j += 1
        out.append(self[i:j] if keepends else self[i:e])
        i = j
    return out


def _b_isdigit(self):
    return len(self) > 0 and all(48 <= c <= 57 for c in self)


def _b_isalpha(self):
    return len(self) > 0 and all(65 <= c <= 90 or 97 <= c <= 122 for c in self)


def _b_isalnum(self):
    return len(self) > 0 and all(48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 for c in self)


def _b_isspace(self):
    return len(self) > 0 and all(c in _BSPACE for c in self)


def _b_isupper(self):
    return any(65 <= c <= 90 for c in self) and not any(97 <= c <= 122 for c in self)


def _b_islower(self):
    return any(97 <= c <= 122 for c in self) and not any(65 <= c <= 90 for c in self)


def _b_ljust(self, width, fill=b" "):
    return self if width <= len(self) else self + fill * (width - len(self))


def _b_rjust(self, width, fill=b" "):
    return self if width <= len(self) else fill * (width - len(self)) + self


def _b_center(self, width, fill=b" "):
    n = len(self)
    if width <= n:
        return self
    total = width - n
    left = total // 2 + (total & width & 1)
    return fill * left + self + fill * (total - left)


def _b_zfill(self, width):
    n = len(self)
    if width <= n:
        return self
    if self and self[0] in b"+-":
        return self[:1] + b"0" * (width - n) + self[1:]
    return b"0" * (width - n) + self


def _b_removeprefix(self, p):
    return self[len(p):] if self.startswith(p) else self[:]


def _b_removesuffix(self, p):
    return self[:len(self) - len(p)] if p and self.endswith(p) else self[:]


def _b_title(self):
    return self.decode("latin-1").title().encode("latin-1")


def _b_capitalize(self):
    return self.decode("latin-1").capitalize().encode("latin-1")


def _b_swapcase(self):
    return self.decode("latin-1").swapcase().encode("latin-1")


def _b_rindex(self, sub, *args):
    i = self.rfind(sub, *args)
    if i < 0:
        raise ValueError("subsection not found")
    return i


def _ba_insert(self, index, value):
    n = len(self)
    if index < 0:
        index += n
        if index < 0:
            index = 0
    if index > n:
        index = n
    self[index:index] = bytes((value,))


def _ba_reverse(self):
    self[:] = self[::-1]


def _ba_remove(self, value):
    i = self.find(bytes((value,)))
    if i < 0:
        raise ValueError("value not found in bytearray")
    del self[i]


_BYTES_METHODS = {
    "partition": _b_partition, "rpartition": _b_rpartition, "lstrip": _b_lstrip,
    "rstrip": _b_rstrip, "rsplit": _b_rsplit, "splitlines": _b_splitlines,
    "isdigit": _b_isdigit, "isalpha": _b_isalpha, "isalnum": _b_isalnum, "isspace": _b_isspace,
    "isupper": _b_isupper, "islower": _b_islower, "ljust": _b_ljust, "rjust": _b_rjust,
    "center": _b_center, "zfill": _b_zfill, "removeprefix": _b_removeprefix,
    "removesuffix": _b_removesuffix, "title": _b_title, "capitalize": _b_capitalize,
    "swapcase": _b_swapcase, "rindex": _b_rindex,
}
_BYTEARRAY_METHODS = dict(_BYTES_METHODS)
_BYTEARRAY_METHODS["insert"] = _ba_insert
_BYTEARRAY_METHODS["reverse"] = _ba_reverse
_BYTEARRAY_METHODS["remove"] = _ba_remove


_METHODS = {
    "bytes": _BYTES_METHODS,
    "bytearray": _BYTEARRAY_METHODS,
    "str": {
        "format": _str_format, "format_map": _str_format_map, "center": _str_center,
        "ljust": _str_ljust, "rjust": _str_rjust, "zfill": _str_zfill, "title": _str_title,
        "capitalize": _str_capitalize, "removeprefix": _str_removeprefix,
        "removesuffix": _str_removesuffix, "expandtabs": _str_expandtabs, "istitle": _str_istitle,
        "isidentifier": _str_isidentifier, "isprintable": _str_isprintable,
        "translate": _str_translate, "maketrans": staticmethod(_str_maketrans),
        "casefold": _str_casefold,
    },
}

_EXPORTS = []
