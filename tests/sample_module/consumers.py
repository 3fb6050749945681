from workspace.spaces.consumers import SocketHandler, str_field


class EchoSocket(SocketHandler):
    frames = {"essai.echo": "echo"}
    events = {"essai.hello": "hello"}

    async def connect(self):
        if self.subscribed:
            await self.group_add("essai")

    async def disconnect(self):
        if self.subscribed:
            await self.group_discard("essai")

    async def echo(self, content):
        await self.send_json({"type": "essai.echo", "text": str_field(content, "text", max_length=100)})

    async def hello(self, event):
        await self.send_json(event)
