# expect: 10:1 multiple inheritance
class Reader:
    def read(self):
        return b""


class Writer:
    def write(self, data):
        return len(data)
class Stream(Reader, Writer):
    pass
