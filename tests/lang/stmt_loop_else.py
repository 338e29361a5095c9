# for/else and while/else: the else runs only when the loop was not broken.
def find(items, target):
    for i, item in enumerate(items):
        if item == target:
            print("found", target, "at", i)
            break
    else:
        print(target, "not found")
        return -1
    return i


find([3, 5, 7], 5)
find([3, 5, 7], 4)
find([], 1)
n = 0
while n < 3:
    n += 1
else:
    print("while ended normally", n)
while True:
    n -= 1
    if n == 0:
        break
else:
    print("never printed")
print("after break", n)
for prime_candidate in range(2, 30):
    for d in range(2, prime_candidate):
        if prime_candidate % d == 0:
            break
    else:
        print(prime_candidate, end=" ")
print()
for i in range(3):
    if i == 1:
        continue
    print("body", i)
else:
    print("else after continue", i)
count = 0
while count < 10:
    count += 1
    if count % 2:
        continue
    if count > 6:
        break
    print("even", count)
else:
    print("not reached")
for x in []:
    print("empty body")
else:
    print("else on empty loop")
for outer in range(3):
    for inner in range(3):
        if inner == outer == 1:
            break
    else:
        print("outer", outer, "completed inner loop")
        continue
    print("outer", outer, "broke inner loop")
