# A small shell command-line parser: quoting, escapes, pipelines and redirections.
def split_words(line):
    words, cur, quote, escaped, in_word = [], [], None, False, False
    for ch in line:
        if escaped:
            cur.append(ch)
            escaped = False
        elif ch == "\\" and quote != "'":
            escaped = in_word = True
        elif quote:
            if ch == quote:
                quote = None
            else:
                cur.append(ch)
        elif ch in "'\"":
            quote = ch
            in_word = True
        elif ch.isspace():
            if in_word:
                words.append("".join(cur))
                cur, in_word = [], False
        else:
            cur.append(ch)
            in_word = True
    if quote:
        raise ValueError(f"unterminated {quote} quote")
    if in_word:
        words.append("".join(cur))
    return words


def parse(line):
    stages = []
    for part in line.split("|"):
        words = split_words(part)
        cmd = {"argv": [], "stdout": None, "stdin": None}
        it = iter(words)
        for w in it:
            if w in (">", "<"):
                target = next(it, None)
                if target is None:
                    raise ValueError(f"missing file after {w}")
                cmd["stdout" if w == ">" else "stdin"] = target
            else:
                cmd["argv"].append(w)
        stages.append(cmd)
    return stages


for line in ('echo hello world', 'echo "quoted  text" \'single $x\'', 'cat < in.txt | grep -v "#" > out.txt',
             r'echo a\ b "c\"d"', "ping -c 3 10.0.0.1 | wc -l", 'echo ""', 'echo "open', "ls >"):
    try:
        print(repr(line), "->", parse(line))
    except ValueError as e:
        print(repr(line), "->", type(e).__name__, e)
