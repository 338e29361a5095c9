# Building strings: iteration, accumulation, reversal, character counting, and caesar shifts.
text = "Krait runs Python on bare metal"
counts = {}
for ch in text.lower():
    if ch.isalpha():
        counts[ch] = counts.get(ch, 0) + 1
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
print("".join(reversed(text)), text[::-1] == "".join(reversed(text)))
acc = ""
for i, word in enumerate(text.split()):
    acc += word[0].upper() if i % 2 == 0 else word[0].lower()
print(acc)


def caesar(s, shift):
    out = []
    for ch in s:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + shift) % 26 + 97))
        elif "A" <= ch <= "Z":
            out.append(chr((ord(ch) - 65 + shift) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out)


enc = caesar(text, 3)
print(enc, caesar(enc, -3) == text, caesar("xyz XYZ", 4))
vowels = sum(1 for ch in text if ch in "aeiouAEIOU")
print(vowels, len(text) - vowels, text.count(" ") + 1)
print([w for w in text.split() if len(w) > 4], max(text.split(), key=len))
camel = "".join(w.capitalize() for w in "parse_tcp_header_fields".split("_"))
print(camel, camel[0].lower() + camel[1:])
snake = ""
for ch in "parseTcpHeaderFields":
    snake += "_" + ch.lower() if ch.isupper() else ch
print(snake)
print("-".join(text[i:i + 4] for i in range(0, len(text), 4)))
table = ""
for row in range(1, 4):
    table += " ".join(f"{row * col:2d}" for col in range(1, 6)) + "\n"
print(table, end="")
print(repr("".join(chr(c) for c in range(0x3b1, 0x3b6))), "é" * 3 + "ü")
s = "x"
for _ in range(10):
    s = s + s
print(len(s), s.count("xx"), s[:5])
