# Infinite generators consumed partially: counters, cycles, sequence numbers with wraparound.
def count(start=0, step=1):
    n = start
    while True:
        yield n
        n += step


def cycle(items):
    while True:
        for x in items:
            yield x


def take(n, gen):
    return [next(gen) for _ in range(n)]


def seq_numbers(start, modulus=2 ** 32):
    n = start
    while True:
        yield n
        n = (n + 1460) % modulus


print(take(5, count()), take(4, count(10, -3)), take(7, cycle("ab")), take(3, cycle([None])))
s = seq_numbers(2 ** 32 - 3000)
print(take(5, s))
c = count(1)
evens = (x for x in c if x % 2 == 0)
print(take(5, evens), next(c))


def primes():
    found = []
    for n in count(2):
        if all(n % p for p in found if p * p <= n):
            found.append(n)
            yield n


p = primes()
print(take(15, p), next(p))
ids = count(1000)
pool = {f"conn{i}": next(ids) for i in range(3)}
print(pool, next(ids))


def interleave(*gens):
    while True:
        for g in gens:
            yield next(g)


print(take(9, interleave(count(0), count(100), cycle("xy"))))
