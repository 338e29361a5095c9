# Case methods and character classification, mostly ASCII with simple accented letters.
samples = ["hello World", "KERNEL panic", "ÀÉÎõü", "mixed123_ABC", "", "  ", "Tab\tNew\nLine", "o'neil x-ray"]
for s in samples:
    print(repr(s), s.upper(), s.lower(), s.title(), s.capitalize(), s.swapcase())
for s in ("abc", "ABC", "Abc", "123", "a1", "", " ", "\t\n", "x y", "ÄÖ", "3.5", "Title Case", "_x"):
    print(repr(s), s.isalpha(), s.isdigit(), s.isalnum(), s.isspace(), s.isupper(), s.islower(),
          s.istitle(), s.isdecimal(), s.isidentifier())
print("snake_case_name".title(), "hello-world foo_bar".title(), "2nd place".title())
print("é".upper(), "É".lower(), "ω".upper(), "Ω".lower(), "ä".isalpha(), "€".isalpha())
print("mIxEd".upper().lower() == "mixed", "ABC".lower().islower(), "a1!".upper())
words = ["Zebra", "apple", "Mango", "banana"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=str.upper, reverse=True))
print([w[0].isupper() for w in words], [w.istitle() for w in words])
print("a".isascii(), "é".isascii(), "".isascii())
print("x".isprintable(), "\n".isprintable(), "_var1".isidentifier(), "1var".isidentifier())


def normalize_header(name):
    return "-".join(part.capitalize() for part in name.strip().split("-"))


for h in ("content-type", "X-FORWARDED-FOR", " host ", "accept-ENCODING"):
    print(repr(h), normalize_header(h))
print("MAC".lower() in ("mac", "ip"), "ip".upper().center(6, "*"))
