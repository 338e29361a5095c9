# bytes.startswith/endswith with start/end, and str.isalpha/isalnum beyond ASCII.
for args in [(b"",5),(b"",3),(b"",2,1),(b"c",-1),(b"b",None,-1),(b"b",1),(b"a",0,0),(b"ab",0,2),(b"bc",1,10),((b"x",b"c"),2),(b"c",-100,100)]:
    print(args, b"abc".startswith(*args), b"abc".endswith(*args), bytearray(b"abc").startswith(*args))
print("é".isalpha(), "€".isalpha(), "a²".isalnum(), "日本".isalpha(), "Ωmega".isalpha(), "ab1".isalpha(), "×".isalpha(), "½".isalnum(), "é1".isalnum(), "ÿ".isalpha())
for bad in ["x", 1.5]:
    try:
        b"abc".startswith(b"a", bad)
    except TypeError as e:
        print(type(e).__name__, e)
try:
    b"abc".startswith("a")
except TypeError as e:
    print(type(e).__name__, e)
