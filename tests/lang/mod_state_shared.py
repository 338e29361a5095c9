# A module object is shared by every importer: state changes are visible everywhere.
import _lib_state
import _lib_state as st
from _lib_state import register, snapshot


def add_many(names):
    for i, n in enumerate(names):
        register(n, i * i)


print(_lib_state.counter)
add_many(["eth0", "lo", "tap1"])
print(st.counter, snapshot())
st.counter = 100
print(_lib_state.counter)
print(register("wlan0", 9))
print(snapshot())
from _lib_state import counter
print(counter)
_lib_state.counter = 0
print(counter, _lib_state.counter)
print(len(st.registry), st.registry["lo"])
st.registry.clear()
print(snapshot())
st.new_attribute = "added"
print(_lib_state.new_attribute)
print(getattr(st, "missing", "default"))
try:
    st.missing_function()
except AttributeError as e:
    print(type(e).__name__, e)
