# expect: 2:1 except*
try:
    value = int("12")
except* ValueError:
    value = 0
print(value)
