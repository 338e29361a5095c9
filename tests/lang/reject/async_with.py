# expect: 5:9 async with
def locked(lock, data):
    out = []
    if data:
        async with lock:
            out.append(data)
    return out
