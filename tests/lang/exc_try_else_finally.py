# try/except/else/finally ordering in every combination.
def attempt(action):
    log = []
    try:
        log.append("try")
        if action == "raise":
            raise ValueError("boom")
        if action == "return":
            return log + ["returned"]
        log.append("no error")
    except ValueError as e:
        log.append(f"except {e}")
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log


for action in ("ok", "raise", "return"):
    print(action, attempt(action))


def finally_overrides():
    try:
        return "try"
    finally:
        return "finally"


print(finally_overrides())


def finally_swallows():
    for i in range(3):
        try:
            raise KeyError(i)
        finally:
            if i < 2:
                continue
            break
    return i


print(finally_swallows())


def nested():
    out = []
    try:
        try:
            out.append(1)
            raise TypeError("inner")
        finally:
            out.append(2)
    except TypeError as e:
        out.append(str(e))
    finally:
        out.append(3)
    return out


print(nested())
try:
    pass
except Exception:
    print("never")
else:
    print("else without error")
finally:
    print("finally always")
