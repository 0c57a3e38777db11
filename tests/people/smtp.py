"""A tiny SMTP receiver for the tests: enough of RFC 5321 for smtplib to deliver one mail."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


@dataclass
class Inbox:
    mails: list[str] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 test ESMTP\r\n")
        data: list[bytes] = []
        in_data = False
        while line := await reader.readline():
            if in_data:
                if line in (b".\r\n", b".\n"):
                    in_data = False
                    self.mails.append(b"".join(data).decode())
                    self.arrived.set()
                    writer.write(b"250 OK\r\n")
                else:
                    data.append(line)
                continue
            command = line[:4].upper()
            if command == b"DATA":
                in_data, data = True, []
                writer.write(b"354 go on\r\n")
            elif command == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:
                writer.write(b"250 OK\r\n")
            await writer.drain()
        writer.close()


async def start_inbox() -> tuple[Inbox, asyncio.Server, int]:
    inbox = Inbox()
    server = await asyncio.start_server(inbox.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    return inbox, server, port
