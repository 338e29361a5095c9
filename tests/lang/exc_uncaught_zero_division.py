# Ends with an uncaught ZeroDivisionError inside a generator consumed by sum().
def rates(samples):
    for bytes_sent, seconds in samples:
        yield bytes_sent // seconds


samples = [(1000, 2), (3000, 3), (500, 5)]
print(list(rates(samples)))
print(sum(rates(samples)))
for b, s in samples:
    print(b, s, b / s, b % s, divmod(b, s))
try:
    1 % 0
except ZeroDivisionError as e:
    print(e)
try:
    1.5 / 0
except ZeroDivisionError as e:
    print(e)
try:
    divmod(7, 0)
except ZeroDivisionError as e:
    print(e)
samples.append((10, 0))
print("total", sum(rates(samples)))
print("unreachable")
