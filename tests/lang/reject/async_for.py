# expect: 4:5 async for
def drain(queue):
    total = 0
    async for item in queue:
        total += item
    return total
