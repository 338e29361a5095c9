# expect: 5:1 async def
VALUE = 3


async def fetch(n):
    return n * 2


print(VALUE)
