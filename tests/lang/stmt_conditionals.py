# if/elif/else chains, conditional expressions, and short-circuit and/or values.
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    elif n < 100:
        return "medium"
    else:
        return "large"


print([classify(n) for n in (-5, 0, 3, 42, 1000)])
print(0 or "default", "" or [] or None, 1 and 2, 0 and 1 / 0, None or 0)
print("a" and "b" or "c", "" and "b" or "c")
calls = []


def t(v):
    calls.append(v)
    return v


r = t(0) and t(1)
r2 = t(2) or t(3)
r3 = t(None) or t("") or t("last")
print(r, r2, r3, calls)
x = 7
print("odd" if x % 2 else "even", "big" if x > 5 else "small" if x > 2 else "tiny")
print(not x, not not x, not None, not [])
if []:
    print("empty list is true?")
elif {}:
    print("empty dict is true?")
elif 0.0:
    print("zero float is true?")
else:
    print("all empty values are false")
values = [0, 1, "", "x", None, (), (0,), 0.0]
print([bool(v) for v in values])
flag = x > 3 and x < 10 and x != 5
print(flag, x > 3 and "in range", x < 3 and "in range")
if x > 3:
    if x > 6:
        print("nested both")
    else:
        print("nested first")
result = (lambda: "yes")() if x else (lambda: "no")()
print(result)
print(any([]), all([]), any([0, "", None]), all([1, "a", [0]]))
