# SPDX-License-Identifier: GPL-3.0-or-later
"""beledci-server's content endpoints and its hygiene, over real sockets: ETags and 304,
Range (206/416), object names, 405, 413 before the body is read, slow and idle clients cut
off, and no crash whatever arrives."""

import hashlib
import http.client
import json
import os
import random
import socket
import time

from common import Server, TempDir, check, finish, generate_keys, publish, wait_until

HEADER_TIMEOUT = 1
IDLE_TIMEOUT = 1
MAX_BODY = 65536


def request(server, method, path, headers=None, body=None):
    conn = http.client.HTTPConnection('127.0.0.1', server.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def raw(server, data, read_timeout=5.0):
    """Sends @data on a fresh connection and returns what comes back until the server closes
    it (or the timeout)."""
    s = socket.create_connection(('127.0.0.1', server.port), timeout=read_timeout)
    received = b''
    try:
        s.sendall(data)
        # Nothing more will come: the server need not wait for the rest.
        s.shutdown(socket.SHUT_WR)
    except OSError:
        pass   # the server may have answered and closed already
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            received += chunk
    except (socket.timeout, OSError):
        pass
    finally:
        s.close()
    return received


def seconds_until_closed(server, data, limit=10.0):
    s = socket.create_connection(('127.0.0.1', server.port), timeout=limit)
    started = time.monotonic()
    try:
        if data:
            s.sendall(data)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return time.monotonic() - started
    except ConnectionResetError:
        return time.monotonic() - started
    except socket.timeout:
        return None
    finally:
        s.close()


def healthy(server):
    status, _, body = request(server, 'GET', '/healthz')
    return status == 200 and json.loads(body)['status'] == 'ok'


def test_content(server, bundle):
    status, headers, body = request(server, 'GET', '/healthz')
    check(status == 200 and json.loads(body)['revision'] == 1, f'/healthz: {status} {body}')

    with open(os.path.join(bundle, 'manifest.json'), 'rb') as f:
        manifest = f.read()
    status, headers, body = request(server, 'GET', '/v1/manifest.json')
    etag = headers.get('ETag')
    check(status == 200 and body == manifest, 'the manifest is not served as published')
    check(etag == '"%s"' % hashlib.sha256(manifest).hexdigest(), f'manifest ETag: {etag}')
    check(headers.get('Cache-Control') == 'no-cache', 'the manifest may be cached without revalidation')
    for value in (etag, 'W/' + etag, '"x", ' + etag, '*'):
        status, _, body = request(server, 'GET', '/v1/manifest.json', {'If-None-Match': value})
        check(status == 304 and body == b'', f'If-None-Match: {value} gave {status}')
    status, _, _ = request(server, 'GET', '/v1/manifest.json', {'If-None-Match': '"other"'})
    check(status == 200, 'a stale ETag got a 304')
    status, _, body = request(server, 'GET', '/v1/manifest.json.minisig')
    check(status == 200 and body.startswith(b'untrusted comment: '), 'the signature is not served')

    status, headers, body = request(server, 'HEAD', '/v1/manifest.json')
    check(status == 200 and body == b'' and int(headers['Content-Length']) == len(manifest),
          'HEAD of the manifest')
    for method in ('POST', 'PUT', 'DELETE'):
        status, headers, _ = request(server, method, '/v1/manifest.json', body=b'')
        check(status == 405 and headers.get('Allow') == 'GET, HEAD', f'{method} gave {status}')

    objects = os.path.join(bundle, 'objects')
    name = max(os.listdir(objects), key=lambda n: os.path.getsize(os.path.join(objects, n)))
    with open(os.path.join(objects, name), 'rb') as f:
        data = f.read()
    size = len(data)
    path = '/v1/objects/' + name
    status, headers, body = request(server, 'GET', path)
    check(status == 200 and body == data and headers.get('ETag') == f'"{name}"', 'whole object')
    check(headers.get('Accept-Ranges') == 'bytes', 'objects do not announce Range support')
    status, _, _ = request(server, 'GET', path, {'If-None-Match': f'"{name}"'})
    check(status == 304, 'object If-None-Match')

    cases = [
        ('bytes=0-9', 206, data[0:10], f'bytes 0-9/{size}'),
        ('bytes=100-', 206, data[100:], f'bytes 100-{size - 1}/{size}'),
        ('bytes=-5', 206, data[-5:], f'bytes {size - 5}-{size - 1}/{size}'),
        (f'bytes=10-{size + 1000}', 206, data[10:], f'bytes 10-{size - 1}/{size}'),
        (f'bytes={size}-', 416, None, f'bytes */{size}'),
        ('bytes=0-1,5-6', 200, data, None),
        ('bytes=abc', 200, data, None),
        ('bytes=9-3', 200, data, None),
        ('items=0-4', 200, data, None),
        ('bytes=99999999999999999999999-', 200, data, None),
    ]
    for value, want_status, want_body, want_range in cases:
        status, headers, body = request(server, 'GET', path, {'Range': value})
        check(status == want_status, f'Range: {value} gave {status}, not {want_status}')
        if want_body is not None:
            check(body == want_body, f'Range: {value}: wrong bytes')
        if want_range is not None:
            check(headers.get('Content-Range') == want_range,
                  f'Range: {value}: Content-Range {headers.get("Content-Range")}')

    # Only a hash names an object.
    for bad in (name.upper(), name[:-1], name + '0', '..%2fmanifest.json', '%2e%2e%2f' * 6 + 'etc/passwd',
                name + '/x', 'x' * 64, ''):
        status, _, body = request(server, 'GET', '/v1/objects/' + bad)
        check(status in (400, 404) and body != data, f'/v1/objects/{bad} gave {status}')
    # Dot segments are resolved before routing (RFC 3986): never a file outside the bundle.
    for path in ('/v1/objects/../../../../../../etc/passwd', '/v1/../../etc/passwd'):
        status, _, body = request(server, 'GET', path)
        check(status == 404 and b'root:' not in body, f'{path} gave {status}')
    status, _, _ = request(server, 'GET', '/v1/nothing')
    check(status == 404, '/v1/nothing')


def test_body_limit(server):
    # Content-Length over the limit: 413 comes back without one byte of the body being sent.
    started = time.monotonic()
    reply = raw(server, b'POST /v1/records HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
                        b'Content-Length: 100000000\r\n\r\n', read_timeout=5)
    elapsed = time.monotonic() - started
    check(reply.startswith(b'HTTP/1.1 413'), f'an oversized Content-Length got {reply[:40]!r}')
    check(elapsed < 3, f'the 413 took {elapsed:.1f} s')

    # A chunked body that grows past the limit.
    s = socket.create_connection(('127.0.0.1', server.port), timeout=5)
    reply = b''
    try:
        s.sendall(b'POST /v1/records HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n')
        chunk = b'%x\r\n%s\r\n' % (8192, b'a' * 8192)
        for _ in range(MAX_BODY // 8192 + 4):
            s.sendall(chunk)
        while True:
            data = s.recv(65536)
            if not data:
                break
            reply += data
    except (ConnectionResetError, BrokenPipeError, socket.timeout):
        pass
    finally:
        s.close()
    check(reply.startswith(b'HTTP/1.1 413'), f'an oversized chunked body got {reply[:40]!r}')

    # Under the limit the request goes on to its handler (here: no token, so 401).
    status, _, _ = request(server, 'POST', '/v1/records', {'Content-Type': 'application/json'},
                           b'{"records": []}')
    check(status != 413, 'a small body got 413')
    check(healthy(server), 'the server is not healthy after the body limit tests')


def test_timeouts(server):
    closed = seconds_until_closed(server, b'GET /healthz HTTP/1.1\r\nHo')
    check(closed is not None and 0.5 < closed < HEADER_TIMEOUT + 3,
          f'slow headers were cut after {closed} s')
    closed = seconds_until_closed(server, b'')
    check(closed is not None and closed < HEADER_TIMEOUT + 3, f'a silent connection: {closed} s')

    # After a complete request the connection is closed (one request per connection: see
    # docs/sync-protocol.md 2.6), even if the client asked to keep it.
    s = socket.create_connection(('127.0.0.1', server.port), timeout=10)
    try:
        s.sendall(b'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n')
        started = time.monotonic()
        reply = b''
        chunk = s.recv(65536)
        while chunk:
            reply += chunk
            chunk = s.recv(65536)
        check(reply.startswith(b'HTTP/1.1 200') and b'Connection: close' in reply,
              f'keep-alive request: {reply[:60]!r}')
        check(time.monotonic() - started < 2, 'the connection stayed open after the response')
    except socket.timeout:
        check(False, 'a connection was never closed after its response')
    finally:
        s.close()

    # A body that stops arriving.
    closed = seconds_until_closed(server, b'POST /v1/records HTTP/1.1\r\nHost: x\r\n'
                                          b'Content-Length: 1000\r\n\r\n{"records": [')
    check(closed is not None and closed < IDLE_TIMEOUT + 3, f'a stalled body: {closed} s')

    # Many idle connections at once: all cut, the server still answers.
    sockets = [socket.create_connection(('127.0.0.1', server.port)) for _ in range(200)]
    try:
        time.sleep(HEADER_TIMEOUT + 1.5)
        check(healthy(server), 'the server does not answer beside 200 idle connections')
        still_open = 0
        for s in sockets:
            s.settimeout(0.5)
            try:
                if s.recv(1) != b'':
                    still_open += 1
            except socket.timeout:
                still_open += 1
            except ConnectionResetError:
                pass
        check(still_open == 0, f'{still_open} idle connections were not cut')
    finally:
        for s in sockets:
            s.close()


def open_descriptors(server):
    return len(os.listdir(f'/proc/{server.process.pid}/fd'))


def test_no_leaks(server):
    """Clients that close early, late or at once leave no connection behind in the server."""
    before = open_descriptors(server)
    for _ in range(100):
        request(server, 'GET', '/healthz')
    for _ in range(50):
        socket.create_connection(('127.0.0.1', server.port)).close()
    for _ in range(50):
        s = socket.create_connection(('127.0.0.1', server.port))
        s.sendall(b'GET /healthz HTTP/1.1\r\nHo')
        s.close()
    settled = wait_until(lambda: open_descriptors(server) <= before, HEADER_TIMEOUT + 3)
    check(settled, f'{open_descriptors(server) - before} descriptors still open after 200 clients left')


def test_malformed(server):
    requests = [
        b'\x00\x01\x02\x03\r\n\r\n',
        b'GET\r\n\r\n',
        b'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
        b'GET /healthz\r\n\r\n',
        b'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
        b'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
        b'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab',
        b'POST /v1/records HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n',
        b'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ' + b'a' * 200000 + b'\r\n\r\n',
        b'GET /' + b'a' * 100000 + b' HTTP/1.1\r\nHost: x\r\n\r\n',
        b'GET /%zz%00%ff HTTP/1.1\r\nHost: x\r\n\r\n',
        b'GET /v1/objects/%00 HTTP/1.1\r\nHost: x\r\n\r\n',
        b'GET http://evil.example/v1/manifest.json HTTP/1.1\r\nHost: x\r\n\r\n',
        b'GET /v1/objects/aa HTTP/1.1\r\nHost: x\r\nRange: bytes=' + b'9' * 5000 + b'-\r\n\r\n',
        b'GET /v1/manifest.json HTTP/1.1\r\nHost: x\r\nIf-None-Match: ' + b'"a",' * 10000 + b'\r\n\r\n',
        b'CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n',
        b'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n',
        b'GET /healthz HTTP/1.1\r\nHost: a/b\r\n\r\n',
        b'\r\n' * 1000,
    ]
    for data in requests:
        raw(server, data, read_timeout=3)
        if not check(server.alive() and healthy(server), f'the server fell over after {data[:60]!r}'):
            return

    # Random mutations of a valid request.
    rng = random.Random(5)
    template = (b'POST /v1/records HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
                b'Content-Length: 15\r\nRange: bytes=0-10\r\n\r\n{"records": []}')
    for _ in range(150):
        data = bytearray(template)
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.5:
                data[i] = rng.randrange(256)
            elif choice < 0.75:
                del data[i]
            else:
                data[i:i] = bytes([rng.randrange(256)]) * rng.randint(1, 50)
        raw(server, bytes(data), read_timeout=0.5)
    check(server.alive() and healthy(server), 'the server fell over under fuzzed requests')


def test_republish(server, bundle, key):
    publish(key, bundle)
    status, _, body = request(server, 'GET', '/healthz')
    check(status == 200 and json.loads(body)['revision'] == 2, f'/healthz after a publish: {body}')

    # A signature replaced on its own (re-signed with minisign -S) is served at once.
    sig = os.path.join(bundle, 'manifest.json.minisig')
    with open(sig, 'rb') as f:
        original = f.read()
    replaced = original.replace(b'untrusted comment: ', b'untrusted comment: re-signed ', 1)
    with open(sig + '.tmp', 'wb') as f:
        f.write(replaced)
    os.rename(sig + '.tmp', sig)
    status, _, body = request(server, 'GET', '/v1/manifest.json.minisig')
    check(body == replaced, 'a replaced signature was not picked up')


def main():
    tmp = TempDir()
    server = None
    try:
        key, _ = generate_keys(tmp.sub('keys'))
        bundle = tmp.sub('bundle')
        publish(key, bundle)
        config = tmp.sub('server.conf')
        with open(config, 'w') as f:
            f.write(f'[server]\nheader-timeout={HEADER_TIMEOUT}\nidle-timeout={IDLE_TIMEOUT}\n'
                    f'max-body-size={MAX_BODY}\n')
        server = Server(tmp.sub('server'), bundle, config).start()
        test_content(server, bundle)
        test_body_limit(server)
        test_timeouts(server)
        test_no_leaks(server)
        test_malformed(server)
        test_republish(server, bundle, key)
        check(server.alive(), 'the server died')
    finally:
        if server is not None and server.alive():
            server.stop()
        tmp.cleanup()
    finish()


if __name__ == '__main__':
    main()
