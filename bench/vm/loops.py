# Nested loops over ranges with integer arithmetic.
total = 0
for i in range(5000):
    for j in range(400):
        total += (i ^ j) & 15
n = 0
k = 0
while k < 400000:
    n += k % 7
    k += 1
print(total, n)
