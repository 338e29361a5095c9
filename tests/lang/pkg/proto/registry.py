print("pkg.proto.registry init")
_BY_NAME = {"ping": 1, "pong": 2, "data": 7}
_BY_ID = {v: k for k, v in _BY_NAME.items()}


def lookup_id(name):
    return _BY_NAME[name]


def lookup_name(ident):
    return _BY_ID.get(ident, f"unknown-{ident}")


def register(name, ident):
    _BY_NAME[name] = ident
    _BY_ID[ident] = name
