#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A deliberately bad network between a kiosk and beledci-server, for tests.

    lossy-proxy.py UPSTREAM_PORT [--drop-connections 0.3] [--drop-responses 0.3] [--seed N]

Listens on a free loopback port and prints "listening on http://127.0.0.1:PORT/". For each
connection it accepts it first decides whether to drop it at once (closing it before reading
anything). Otherwise, for each HTTP/1.1 request on it, it forwards the request to the server,
reads the server's whole answer -- so the server has done its work and committed -- and then
decides whether to throw that answer away and close the connection instead of passing it on.
The kiosk cannot tell a lost answer from a lost request: exactly the case the once-per-UUID
rule exists for. On exit (SIGTERM) it prints what it did on standard error.
"""

import argparse
import asyncio
import random
import signal
import sys

MAX_HEADER = 64 * 1024
MAX_BODY = 16 * 1024 * 1024

stats = {"connections": 0, "dropped_connections": 0, "requests": 0, "dropped_responses": 0}


async def read_message(reader):
    """Reads one HTTP/1.1 message with a Content-Length body (or none). Returns the raw bytes
    of the head and the body, or None at the end of the stream."""
    head = await reader.readuntil(b"\r\n\r\n")
    if len(head) > MAX_HEADER:
        raise ValueError("header too large")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        if name.strip().lower() == b"transfer-encoding":
            raise ValueError("chunked messages are not supported by this proxy")
    if length > MAX_BODY:
        raise ValueError("body too large")
    body = await reader.readexactly(length) if length else b""
    return head, body


def status_has_body(head, method):
    code = int(head.split(b" ", 2)[1])
    return not (method == b"HEAD" or code in (204, 304) or 100 <= code < 200)


async def handle(client_reader, client_writer, args, rng):
    stats["connections"] += 1
    if rng.random() < args.drop_connections:
        stats["dropped_connections"] += 1
        client_writer.close()
        return

    upstream_reader = upstream_writer = None
    try:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1",
                                                                         args.upstream)
        while True:
            try:
                head, body = await read_message(client_reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                break
            stats["requests"] += 1
            method = head.split(b" ", 1)[0]
            upstream_writer.write(head + body)
            await upstream_writer.drain()

            answer_head = await upstream_reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in answer_head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            answer_body = b""
            if status_has_body(answer_head, method) and length:
                answer_body = await upstream_reader.readexactly(length)

            if rng.random() < args.drop_responses:
                # The server has answered, so it has committed: the kiosk never hears of it.
                stats["dropped_responses"] += 1
                break
            client_writer.write(answer_head + answer_body)
            await client_writer.drain()
            if b"connection: close" in answer_head.lower():
                break
    except (ConnectionError, asyncio.IncompleteReadError, ValueError) as e:
        print(f"lossy-proxy: {e}", file=sys.stderr)
    finally:
        for writer in (client_writer, upstream_writer):
            if writer is not None:
                writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("upstream", type=int)
    parser.add_argument("--drop-connections", type=float, default=0.3)
    parser.add_argument("--drop-responses", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    server = await asyncio.start_server(lambda r, w: handle(r, w, args, rng),
                                        "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"listening on http://127.0.0.1:{port}/", flush=True)

    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)
    async with server:
        await stop
    print(f"lossy-proxy: {stats}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    asyncio.run(main())
