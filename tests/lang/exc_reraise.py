# Bare raise re-raises the active exception; exceptions as values; handler variables are cleared.
def risky(n):
    if n % 3 == 0:
        raise ValueError(f"multiple of three: {n}")
    return n


def wrapper(n):
    try:
        return risky(n)
    except ValueError:
        print("logging", n)
        raise


results = []
for n in range(1, 7):
    try:
        results.append(wrapper(n))
    except ValueError as e:
        results.append(str(e))
print(results)
saved = None
try:
    raise KeyError("kept")
except KeyError as e:
    saved = e
print(type(saved).__name__, saved)
try:
    print(e)
except NameError as err:
    print("handler name cleared:", type(err).__name__)
try:
    raise saved
except KeyError as again:
    print("raised again", again is saved)


def raise_outside():
    raise


try:
    raise_outside()
except RuntimeError as e:
    print(type(e).__name__, e)
errors = []
for exc_type in (TypeError, ValueError, KeyError):
    try:
        raise exc_type("from loop")
    except (TypeError, KeyError) as e:
        errors.append(("tuple handler", type(e).__name__))
    except Exception as e:
        errors.append(("generic", type(e).__name__))
print(errors)
try:
    try:
        raise ValueError("first")
    except ValueError:
        raise TypeError("second")
except TypeError as e:
    print(e, "context:", e.__context__)
