# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for the content-sync tests that drive the real programs from the build tree.

The environment comes from tests/meson.build (BELEDCI_BUILD_DIR, GSETTINGS_SCHEMA_DIR, ...).
"""

import ctypes
import hashlib
import http.server
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

BUILD = os.environ.get('BELEDCI_BUILD_DIR')
if not BUILD:
    sys.exit('BELEDCI_BUILD_DIR is not set: run through meson test')

SERVER = os.path.join(BUILD, 'src', 'server', 'beledci-server')
ADMIN = os.path.join(BUILD, 'src', 'admin', 'beledci-admin')
KIOSK = os.path.join(BUILD, 'src', 'kiosk', 'beledci')

# No display for any of these programs: the headless commands must not need one.
HEADLESS_ENV = {k: v for k, v in os.environ.items()
                if k not in ('DISPLAY', 'WAYLAND_DISPLAY', 'XDG_RUNTIME_DIR')}
HEADLESS_ENV['GSETTINGS_BACKEND'] = 'memory'

failures = []

_libc = ctypes.CDLL(None, use_errno=True)
_PR_SET_PDEATHSIG = 1


def die_with_parent():
    """For preexec_fn: the child gets SIGTERM when the test process ends, however it ends."""
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def check(condition, message):
    """Records a failed expectation (the test goes on, and fails at the end)."""
    if not condition:
        failures.append(message)
        print('FAIL: ' + message, flush=True)
    return condition


def finish():
    if failures:
        print(f'{len(failures)} expectation(s) failed', flush=True)
        sys.exit(1)
    print('all expectations met', flush=True)


def run(args, timeout=60, env=None, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                          env=env or HEADLESS_ENV, **kwargs)


class TempDir:
    def __init__(self, prefix='beledci-sync-'):
        self.path = tempfile.mkdtemp(prefix=prefix)

    def sub(self, *names):
        return os.path.join(self.path, *names)

    def cleanup(self):
        if not os.environ.get('BELEDCI_KEEP_TEST_DIR'):
            shutil.rmtree(self.path, ignore_errors=True)


class Server:
    """The real beledci-server on a free loopback port."""

    def __init__(self, data_dir, bundle_dir, config=None):
        self.data_dir = data_dir
        self.bundle_dir = bundle_dir
        self.config = config
        self.log_path = os.path.join(data_dir, 'server.log')
        self.process = None
        self.url = None

    def start(self):
        os.makedirs(self.data_dir, exist_ok=True)
        args = [SERVER, '--listen', '127.0.0.1:0', '--data-dir', self.data_dir,
                '--bundle-dir', self.bundle_dir]
        if self.config:
            args += ['--config', self.config]
        env = dict(HEADLESS_ENV, G_MESSAGES_DEBUG='beledci-server')
        self.log = open(self.log_path, 'a')
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self.log,
                                        text=True, env=env, preexec_fn=die_with_parent)
        line = self.process.stdout.readline()
        if not line.startswith('listening on http://127.0.0.1:'):
            raise RuntimeError(f'beledci-server did not start: {line!r}')
        self.url = line.split()[-1]
        self.port = int(self.url.rstrip('/').rsplit(':', 1)[1])
        return self

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def log_text(self):
        with open(self.log_path) as f:
            return f.read()

    def stop(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
            self.process = None
            self.log.close()


def generate_keys(directory):
    result = run([ADMIN, 'keygen', '--out', directory])
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return os.path.join(directory, 'beledci.key'), os.path.join(directory, 'beledci.pub')


def publish(key, out, source=None, *extra):
    args = [ADMIN, 'publish', '--key', key, '--out', out, *extra]
    if source:
        args.append(source)
    result = run(args)
    if result.returncode != 0:
        raise RuntimeError(f'publish failed: {result.stderr}')
    return result


def copy_data_with_revision(source, target, revision):
    """A copy of the content tree whose catalogue.json says @revision (other content)."""
    shutil.rmtree(target, ignore_errors=True)
    for part in ('catalogue', 'walkthroughs', 'slides'):
        if os.path.isdir(os.path.join(source, part)):
            shutil.copytree(os.path.join(source, part), os.path.join(target, part))
    path = os.path.join(target, 'catalogue', 'catalogue.json')
    with open(path) as f:
        data = json.load(f)
    data['revision'] = revision
    with open(path, 'w') as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
    return target


def fingerprint(db_path):
    """A digest of every content table (not the sync state, not the outbox)."""
    db = sqlite3.connect(f'file:{db_path}?mode=ro', uri=True)
    try:
        digest = hashlib.sha256()
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN "
            "('sync_state', 'outbox') AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for table in tables:
            digest.update(table.encode())
            query = f'SELECT * FROM "{table}"'
            if table == 'meta':
                # A counter of imports, not content: it differs between two databases that
                # hold the same revision but reached it by different paths.
                query += " WHERE key NOT IN ('walkthroughs-generation')"
            rows = sorted(repr(row) for row in db.execute(query))
            for row in rows:
                digest.update(row.encode())
        return digest.hexdigest()
    finally:
        db.close()


def sync_state(db_path):
    db = sqlite3.connect(f'file:{db_path}?mode=ro', uri=True)
    try:
        db.row_factory = sqlite3.Row
        row = db.execute('SELECT * FROM sync_state WHERE id = 1').fetchone()
        return dict(row) if row else None
    finally:
        db.close()


def integrity(db_path):
    db = sqlite3.connect(db_path)
    try:
        return db.execute('PRAGMA integrity_check').fetchone()[0]
    finally:
        db.close()


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout=10.0, interval=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


class FaultServer:
    """A misbehaving web server for a bundle directory, in a thread of this process.

    mode 'cut': objects are sent with their true Content-Length, but the connection is closed
    half-way through the body. mode 'endless': objects come without a length and never end.
    mode 'endless-manifest': so does the manifest."""

    def __init__(self, bundle_dir, mode):
        self.bundle_dir = bundle_dir
        self.mode = mode
        self.requests = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.requests.append((self.path, self.headers.get('Range')))
                if not self.path.startswith('/v1/'):
                    self.send_error(404)
                    return
                name = self.path[len('/v1/'):]
                path = os.path.join(outer.bundle_dir, *name.split('/'))
                if '..' in name or not os.path.isfile(path):
                    self.send_error(404)
                    return
                with open(path, 'rb') as f:
                    body = f.read()
                is_object = name.startswith('objects/')
                endless = (outer.mode == 'endless' and is_object) or \
                          (outer.mode == 'endless-manifest' and name == 'manifest.json')
                self.send_response(200)
                if endless:
                    self.send_header('Connection', 'close')
                    self.end_headers()
                    try:
                        self.wfile.write(body)
                        chunk = b'x' * 65536
                        for _ in range(100000):   # 6.5 GB at most: the client must stop first
                            self.wfile.write(chunk)
                    except OSError:
                        pass
                    self.close_connection = True
                    return
                self.send_header('Content-Length', str(len(body)))
                if outer.mode == 'cut' and is_object and len(body) > 1:
                    self.send_header('Connection', 'close')
                    self.end_headers()
                    self.wfile.write(body[:len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.end_headers()
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f'http://127.0.0.1:{self.httpd.server_address[1]}/'
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
