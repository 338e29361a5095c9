print("pkg.sub init")
LEVEL = 2
