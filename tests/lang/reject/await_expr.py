# expect: 7:14 await
def produce():
    return 1


def consume(source):
    result = await source
    return result
