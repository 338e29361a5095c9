# finally with break/continue/return in loops and nested functions; order of cleanup.
log = []


def worker(items):
    for item in items:
        try:
            if item == "skip":
                continue
            if item == "stop":
                break
            if item == "fail":
                raise RuntimeError(item)
            log.append(("work", item))
        except RuntimeError as e:
            log.append(("error", str(e)))
        finally:
            log.append(("finally", item))
    return len(log)


print(worker(["a", "skip", "fail", "b", "stop", "never"]))
for entry in log:
    print(entry)


def nested_finally():
    order = []
    try:
        try:
            try:
                raise KeyError("deep")
            finally:
                order.append("inner")
        finally:
            order.append("middle")
    except KeyError:
        order.append("handled")
    finally:
        order.append("outer")
    return order


print(nested_finally())


def return_value_kept():
    value = "original"
    try:
        return value
    finally:
        value = "changed"


print(return_value_kept())


def exception_replaced():
    try:
        raise ValueError("first")
    finally:
        raise TypeError("second")


try:
    exception_replaced()
except TypeError as e:
    print(type(e).__name__, e, type(e.__context__).__name__)
count = 0
while True:
    try:
        count += 1
        if count == 3:
            break
    finally:
        print("loop finally", count)
