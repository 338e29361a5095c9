# f-strings: expressions, conversions, nested quotes, debugging '=' and literal braces.
name = "eth0"
mtu = 1500
addr = (10, 0, 0, 1)
print(f"{name} has mtu {mtu}")
print(f"{name!r} {name!s} {'quoted'!r}")
print(f"{mtu * 2} {mtu // 7} {mtu % 7} {-mtu}")
print(f"{'.'.join(str(o) for o in addr)}")
print(f"{{literal}} {{{mtu}}}")
print(f"{name.upper()}:{len(name)}")
print(f"{addr[0]}.{addr[-1]}")
d = {"key": "value"}
print(f"{d['key']} {d}")
print(f"{mtu=} {name=}")
print(f"{mtu + 1 = }")
print(f"{True} {None} {3.5} {[1, 'a']}")
print(f"{'nested ' + f'{mtu}'}")
width = 8
print(f"[{name:>{width}}] [{name:<{width}}] [{name:^{width}}]")
print(f"[{mtu:{width}d}] [{mtu:0{width}}]")
x = 255
print(f"{x:x} {x:X} {x:o} {x:b} {x:#x} {x:#o} {x:#b}")
print(f"{3.14159:.2f} {2.5:e} {1e-7:g} {0.5:%}")
print(f"""triple {name}""")
print(f"{name}" f"{mtu}" "plain")
print(f"{(lambda v: v * 3)(4)}")
print(f"{x if x > 100 else 0}")
multi = f"line1 {name}\nline2 {mtu}"
print(multi)
print(f"{'é' * 3} {len('é')}")
