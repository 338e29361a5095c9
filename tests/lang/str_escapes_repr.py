# String literals: escapes, raw strings, implicit concatenation, and how repr quotes them.
samples = ["tab\there", "new\nline", "back\\slash", "quote'single", 'quote"double', "both'\"", "\x00\x1f\x7f",
           "bell\a", "\r\n", "\u00e9", "\N{GREEK SMALL LETTER ALPHA}", "\U0001F40D", r"raw\n\t", "", " "]
for s in samples:
    print(repr(s), len(s))
print("adjacent " "literals " 'join', "a" "b" == "ab")
print(r"C:\new\table", len(r"\n"), r"\\" == "\\\\", rb"\x00" == b"\\x00")
print("\101\102\103", "\x41\x42", "\u0041", "\0" == "\x00", "\177" == "\x7f")
multi = """first line
  second line with 'quotes' and "double"
third\tline"""
print(multi)
print(repr(multi))
print(len(multi.splitlines()), multi.count("\n"))
text = '''single-quoted triple'''
print(text, type(text).__name__)
print(repr("'"), repr('"'), repr("'\""), repr("\\'"))
print(str("plain"), repr(str(123)), repr("12" + "3"))
print("%r" % "it's", "{!r}".format('say "x"'), f"{'tab	here'!r}")
print([chr(i) for i in range(7, 14)])
print(repr("\x80\x9f\xa0\xff"), repr("ÿ"))
print(b"\x41\x42\n".decode(), repr(b"\x41\x42\n".decode()))
print("\N{BLACK STAR}" == "\u2605", "\u2605".encode())
