# Word statistics over a text: frequencies, longest words, line lengths, and character classes.
TEXT = """Krait boots under QEMU with an emulated e1000 NIC.
Real Linux hosts ping it, curl it and route through it!
Its drivers and TCP/IP stack are written in Python; the VM is C.
"""
lines = TEXT.splitlines()
print(len(lines), [len(l) for l in lines], max(lines, key=len)[:20])
words = []
for line in lines:
    for raw in line.split():
        word = raw.strip(".,;!").lower()
        if word:
            words.append(word)
print(len(words), words[:6])
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
print(top)
print(sorted({w for w in words if len(w) >= 7}), max(words, key=len))
classes = {"upper": 0, "lower": 0, "digit": 0, "space": 0, "other": 0}
for ch in TEXT:
    if ch.isupper():
        classes["upper"] += 1
    elif ch.islower():
        classes["lower"] += 1
    elif ch.isdigit():
        classes["digit"] += 1
    elif ch.isspace():
        classes["space"] += 1
    else:
        classes["other"] += 1
print(classes, sum(classes.values()) == len(TEXT))
print(TEXT.count("it"), TEXT.lower().count("it"), TEXT.find("TCP"), TEXT.rfind("it"))
acronyms = [w.strip(".,;!") for w in TEXT.split() if w.strip(".,;!").isupper() and len(w.strip(".,;!")) > 1]
print(acronyms)
print(" ".join(w.capitalize() for w in words[:5]), "|".join(sorted(set(words))[:6]))
