# A tiny tokenizer and recursive-descent calculator for shell-like expressions.
def tokenize(text):
    tokens = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch.isdigit():
            j = i + 1
            while j < len(text) and (text[j].isdigit() or text[j] in "xabcdefABCDEF"):
                j += 1
            tokens.append(("num", int(text[i:j], 0)))
            i = j
        elif ch.isalpha() or ch == "_":
            j = i
            while j < len(text) and (text[j].isalnum() or text[j] == "_"):
                j += 1
            tokens.append(("name", text[i:j]))
            i = j
        elif text[i:i + 2] in ("<<", ">>", "**"):
            tokens.append(("op", text[i:i + 2]))
            i += 2
        elif ch in "+-*/%()&|^":
            tokens.append(("op", ch))
            i += 1
        else:
            raise SyntaxError(f"unexpected {ch!r} at {i}")
    return tokens


OPS = {"|": lambda a, b: a | b, "^": lambda a, b: a ^ b, "&": lambda a, b: a & b,
       "<<": lambda a, b: a << b, ">>": lambda a, b: a >> b, "+": lambda a, b: a + b,
       "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a // b if b else 0,
       "%": lambda a, b: a % b if b else 0}


PRECEDENCE = [("|",), ("^",), ("&",), ("<<", ">>"), ("+", "-"), ("*", "/", "%")]


def parse(tokens, env):
    pos = 0

    def atom():
        nonlocal pos
        kind, value = tokens[pos]
        pos += 1
        if kind == "num":
            return value
        if kind == "name":
            return env[value]
        if value == "(":
            result = level(0)
            pos += 1
            return result
        if value == "-":
            return -atom()
        raise SyntaxError(f"unexpected {value!r}")

    def level(n):
        nonlocal pos
        if n == len(PRECEDENCE):
            return atom()
        left = level(n + 1)
        while pos < len(tokens) and tokens[pos][1] in PRECEDENCE[n]:
            op = tokens[pos][1]
            pos += 1
            right = level(n + 1)
            left = OPS[op](left, right)
        return left
    return level(0)


env = {"mtu": 1500, "hdr": 40, "mask": 0xFF00}
for expr in ("1 + 2 * 3", "(1 + 2) * 3", "mtu - hdr", "0x10 << 4 | 1", "mask & 0x1234 >> 4", "-5 % 3",
             "7 / 2 + 100 / 0", "2 ^ 3 & 1", "mtu $ 2", "undefined + 1"):
    try:
        print(expr, "=>", tokenize(expr)[:3], "=", parse(tokenize(expr), env))
    except (SyntaxError, KeyError) as e:
        print(expr, "=>", type(e).__name__, e)
