# expect: 6:5 async def
class Device:
    def __init__(self):
        self.ready = False

    async def wait_ready(self):
        return self.ready
