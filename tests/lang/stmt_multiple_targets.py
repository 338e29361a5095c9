# Chained assignment, swapping, augmented targets with side effects, and evaluation order.
a = b = c = 0
print(a, b, c)
x = y = []
x.append(1)
print(x, y, x is y)
i, j = 0, 1
i, j = j, i + j
print(i, j)
for _ in range(10):
    i, j = j, i + j
print(i, j)
order = []


def val(tag, v):
    order.append(tag)
    return v


d = {}
d[val("key", "k")] = val("value", 1)
print(order)
order.clear()
lst = [0, 0, 0]
lst[val("index", 1)] += val("amount", 5)
print(lst, order)
order.clear()
p, q = val("first", 1), val("second", 2)
print(p, q, order)
matrix = [[0] * 2 for _ in range(2)]
matrix[0][1] = matrix[1][0] = 7
print(matrix)
k = 0
arr = [10, 20, 30]
k, arr[k] = 2, 99
print(k, arr)
first, second = second, first = "a", "b"
print(first, second)
t = u = (1, 2)
t += (3,)
print(t, u)
nums = list(range(5))
nums[0], nums[-1] = nums[-1], nums[0]
nums[1:3] = nums[2:0:-1]
print(nums)
