# expect: 3:5 match statement
def classify(code):
    match code:
        case 0:
            return "ok"
        case _:
            return "error"
