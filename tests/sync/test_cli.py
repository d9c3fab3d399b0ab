# SPDX-License-Identifier: GPL-3.0-or-later
"""The content half of sync as an operator and a kiosk run it, from the command line:
beledci-admin keygen / publish / verify, the minisign tool, beledci-server, nginx, a USB stick,
and `beledci --sync-once / --status / --import-bundle` with no display."""

import json
import os
import shutil
import subprocess
import time

from common import (ADMIN, KIOSK, FaultServer, Server, TempDir, check, copy_data_with_revision,
                    die_with_parent, finish, fingerprint, free_port, generate_keys, publish, run,
                    sync_state, wait_until)

DATA = os.environ['BELEDCI_DATA_DIR']


def sync_once(data_dir, url, pub, timeout=60):
    return run([KIOSK, '--sync-once', '--data-dir', data_dir, '--server', url, '--pubkey', pub],
               timeout=timeout)


def status_json(data_dir):
    result = run([KIOSK, '--status', '--data-dir', data_dir, '--json'])
    check(result.returncode == 0, f'--status --json failed: {result.stderr}')
    return json.loads(result.stdout)


def test_admin(tmp):
    keys = tmp.sub('keys')
    key, pub = generate_keys(keys)
    check(os.stat(key).st_mode & 0o777 == 0o600, 'the secret key is not private (0600)')
    again = run([ADMIN, 'keygen', '--out', keys])
    check(again.returncode == 1 and 'already holds a key pair' in again.stderr,
          'keygen overwrote a key pair without --force')

    bundle = tmp.sub('bundle')
    first = publish(key, bundle)
    check('Published revision 1 ' in first.stdout, f'first publish: {first.stdout}')
    second = publish(key, bundle)
    check('Published revision 2 ' in second.stdout, f'second publish: {second.stdout}')
    older = run([ADMIN, 'publish', '--key', key, '--out', bundle, '--revision', '2'])
    check(older.returncode == 1 and 'rollback' in older.stderr,
          f'publish accepted a revision that is not greater: {older.stderr}')

    # The minisign tool checks what beledci-admin signed.
    tool = run(['minisign', '-Vm', os.path.join(bundle, 'manifest.json'), '-p', pub])
    check(tool.returncode == 0 and 'revision:2' in tool.stdout,
          f'minisign -Vm refused our bundle: {tool.stdout} {tool.stderr}')

    verified = run([ADMIN, 'verify', bundle, '--pub', pub])
    check(verified.returncode == 0 and verified.stdout.startswith('OK: revision 2'),
          f'verify: {verified.stdout} {verified.stderr}')

    # verify names what is wrong, as a kiosk would.
    _, other_pub = generate_keys(tmp.sub('other-keys'))
    wrong_key = run([ADMIN, 'verify', bundle, '--pub', other_pub])
    check(wrong_key.returncode == 1 and 'bad-signature' in wrong_key.stderr,
          f'verify with another key: {wrong_key.stderr}')

    broken = tmp.sub('broken')
    shutil.copytree(bundle, broken)
    objects = os.path.join(broken, 'objects')
    victim = os.path.join(objects, sorted(os.listdir(objects))[0])
    with open(victim, 'r+b') as f:
        first_byte = f.read(1)
        f.seek(0)
        f.write(bytes([first_byte[0] ^ 1]))
    damaged = run([ADMIN, 'verify', broken, '--pub', pub])
    check(damaged.returncode == 1 and 'hash-mismatch' in damaged.stderr,
          f'verify of a damaged object: {damaged.stderr}')

    expired = tmp.sub('expired')
    publish(key, expired, None, '--published', '2020-01-01T00:00:00Z', '--valid-days', '1')
    old = run([ADMIN, 'verify', expired, '--pub', pub])
    check(old.returncode == 1 and 'expired' in old.stderr, f'verify of an expired bundle: {old.stderr}')
    return key, pub, bundle


def test_kiosk_commands(tmp, key, pub, bundle):
    server = Server(tmp.sub('server'), bundle).start()
    kiosk = tmp.sub('kiosk')
    try:
        never = status_json(kiosk)
        check(never['revision'] == 0 and never['last_success'] is None and never['last_error'] is None,
              f'status of a kiosk that never synced: {never}')
        check(not os.path.exists(os.path.join(kiosk, 'beledci.db')), '--status created a database')

        result = sync_once(kiosk, server.url, pub)
        check(result.returncode == 0 and 'Content updated to revision 2' in result.stdout,
              f'first --sync-once: {result.returncode} {result.stdout} {result.stderr}')
        status = status_json(kiosk)
        check(status['revision'] == 2 and status['last_error'] is None and status['last_success'],
              f'status after a sync: {status}')
        check(status['channel'] == 'stable' and status['published'], f'status: {status}')
        text = run([KIOSK, '--status', '--data-dir', kiosk])
        check('Content revision: 2' in text.stdout and 'Last error: none' in text.stdout,
              f'--status text: {text.stdout}')

        result = sync_once(kiosk, server.url, pub)
        check(result.returncode == 0 and 'up to date' in result.stdout,
              f'second --sync-once: {result.stdout} {result.stderr}')

        # The server goes away: exit status, reason on stderr, status, content kept.
        before = fingerprint(os.path.join(kiosk, 'beledci.db'))
        server.stop()
        result = sync_once(kiosk, server.url, pub)
        check(result.returncode != 0 and result.stderr.startswith('beledci: server-unreachable:'),
              f'--sync-once with the server down: {result.returncode} {result.stderr}')
        status = status_json(kiosk)
        check(status['last_error'] and status['last_error']['category'] == 'server-unreachable',
              f'status with the server down: {status}')
        check(status['revision'] == 2, 'the revision changed while the server was down')
        check(fingerprint(os.path.join(kiosk, 'beledci.db')) == before,
              'the content changed while the server was down')
        text = run([KIOSK, '--status', '--data-dir', kiosk])
        check('server-unreachable' in text.stdout, f'--status text names the error: {text.stdout}')

        # A USB stick: a newer bundle imported from a folder, same checks.
        newer = copy_data_with_revision(DATA, tmp.sub('data-3'), 77)
        publish(key, bundle, newer)
        usb = tmp.sub('usb')
        shutil.copytree(bundle, usb)
        result = run([KIOSK, '--import-bundle', usb, '--data-dir', kiosk, '--pubkey', pub])
        check(result.returncode == 0 and 'Content updated to revision 3' in result.stdout,
              f'--import-bundle: {result.returncode} {result.stdout} {result.stderr}')
        status = status_json(kiosk)
        check(status['revision'] == 3 and status['last_error'] is None,
              f'status after --import-bundle: {status}')
        after_usb = fingerprint(os.path.join(kiosk, 'beledci.db'))
        check(after_usb != before, '--import-bundle did not change the content')

        # A tampered stick: refused, content kept, the reason recorded.
        publish(key, bundle)
        tampered = tmp.sub('usb-tampered')
        shutil.copytree(bundle, tampered)
        manifest = os.path.join(tampered, 'manifest.json')
        with open(manifest, 'r+b') as f:
            data = bytearray(f.read())
            data[len(data) // 2] ^= 0x04
            f.seek(0)
            f.write(data)
        result = run([KIOSK, '--import-bundle', tampered, '--data-dir', kiosk, '--pubkey', pub])
        check(result.returncode != 0 and 'bad-signature' in result.stderr,
              f'--import-bundle of a tampered bundle: {result.returncode} {result.stderr}')
        check(fingerprint(os.path.join(kiosk, 'beledci.db')) == after_usb,
              'a tampered bundle changed the content')
        status = status_json(kiosk)
        check(status['last_error'] and status['last_error']['category'] == 'bad-signature',
              f'status after a tampered bundle: {status}')

        # Mistakes on the command line.
        both = run([KIOSK, '--status', '--sync-once', '--data-dir', kiosk])
        check(both.returncode == 2, 'two commands at once were accepted')
        no_key = run([KIOSK, '--sync-once', '--data-dir', kiosk, '--server', 'http://127.0.0.1:9/',
                      '--pubkey', tmp.sub('missing.pub')])
        check(no_key.returncode != 0 and no_key.stderr.startswith('beledci: '),
              f'a missing --pubkey file: {no_key.stderr}')
    finally:
        server.stop()
    return kiosk


NGINX_CONF = '''
daemon off;
worker_processes 1;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    types {{ application/json json; }}
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port};
        location /v1/ {{
            alias {bundle}/;
            add_header Cache-Control "no-cache" always;
        }}
    }}
}}
'''


def test_nginx(tmp, key, pub, bundle):
    """Bundles are static files: a kiosk syncs from Debian's nginx just the same."""
    nginx = shutil.which('nginx') or '/usr/sbin/nginx'
    check(os.path.exists(nginx), 'nginx is not installed (Debian package nginx-light)')
    if not os.path.exists(nginx):
        return
    work = tmp.sub('nginx')
    os.makedirs(work)
    port = free_port()
    conf = os.path.join(work, 'nginx.conf')
    with open(conf, 'w') as f:
        f.write(NGINX_CONF.format(tmp=work, port=port, bundle=bundle,
                                  user='user root;' if os.geteuid() == 0 else ''))
    process = subprocess.Popen([nginx, '-p', work, '-e', os.path.join(work, 'error.log'),
                                '-c', conf], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               preexec_fn=die_with_parent)
    url = f'http://127.0.0.1:{port}/'
    kiosk = tmp.sub('kiosk-nginx')
    try:
        def listening():
            try:
                import urllib.request
                urllib.request.urlopen(url + 'v1/manifest.json', timeout=1).read()
                return True
            except Exception:
                return process.poll() is not None
        check(wait_until(listening, 10) and process.poll() is None,
              f'nginx did not start: {process.stderr.read().decode() if process.poll() is not None else ""}')

        result = sync_once(kiosk, url, pub)
        check(result.returncode == 0 and 'Content updated to revision' in result.stdout,
              f'--sync-once from nginx: {result.returncode} {result.stdout} {result.stderr}')
        first = status_json(kiosk)['revision']

        result = sync_once(kiosk, url, pub)
        check(result.returncode == 0 and 'up to date' in result.stdout,
              f'second --sync-once from nginx: {result.stdout} {result.stderr}')
        with open(os.path.join(work, 'access.log')) as f:
            log = f.read()
        check('"GET /v1/manifest.json HTTP/1.1" 304' in log,
              'the kiosk did not revalidate the manifest with nginx (no 304)')

        newer = copy_data_with_revision(DATA, tmp.sub('data-nginx'), 4242)
        publish(key, bundle, newer)
        result = sync_once(kiosk, url, pub)
        check(result.returncode == 0 and f'Content updated to revision {first + 1}' in result.stdout,
              f'--sync-once of a new publish from nginx: {result.stdout} {result.stderr}')
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_faulty_servers(tmp, key, pub, bundle):
    """Connections cut mid-body resume later with Range; a server that sends more than the
    manifest declares is cut off at the declared size."""
    kiosk = tmp.sub('kiosk-faults')
    db = os.path.join(kiosk, 'beledci.db')
    server = Server(tmp.sub('server-faults'), bundle).start()
    try:
        result = sync_once(kiosk, server.url, pub)
        check(result.returncode == 0, f'first sync: {result.stderr}')
    finally:
        server.stop()
    before = fingerprint(db)
    revision = sync_state(db)['revision']

    publish(key, bundle, copy_data_with_revision(DATA, tmp.sub('data-faults'), 31337))

    for mode in ('endless', 'endless-manifest'):
        endless = FaultServer(bundle, mode).start()
        try:
            started = time.monotonic()
            result = sync_once(kiosk, endless.url, pub, timeout=60)
            elapsed = time.monotonic() - started
            check(result.returncode != 0 and result.stderr.startswith('beledci: too-large:'),
                  f'{mode} server: {result.returncode} {result.stderr}')
            check(elapsed < 10, f'{mode}: the kiosk read for {elapsed:.1f} s before stopping')
        finally:
            endless.stop()
        check(fingerprint(db) == before, f'{mode} server changed the content')
        check(sync_state(db)['content_error'] == 'too-large', f'{mode}: status does not say too-large')

    cut = FaultServer(bundle, 'cut').start()
    try:
        result = sync_once(kiosk, cut.url, pub)
        check(result.returncode != 0 and result.stderr.startswith('beledci: connection-lost:'),
              f'a cut connection: {result.returncode} {result.stderr}')
    finally:
        cut.stop()
    check(fingerprint(db) == before and sync_state(db)['revision'] == revision,
          'a cut connection changed the content')
    check(sync_state(db)['content_error'] == 'connection-lost', 'status does not say connection-lost')
    parts = [n for n in os.listdir(os.path.join(kiosk, 'objects')) if n.endswith('.part')]
    check(len(parts) == 1, f'no partial download was kept: {parts}')

    # The real server again: the piece is resumed with a Range request, then all is applied.
    server = Server(tmp.sub('server-faults'), bundle).start()
    try:
        result = sync_once(kiosk, server.url, pub)
        check(result.returncode == 0 and 'Content updated' in result.stdout,
              f'sync after the faults: {result.stdout} {result.stderr}')
        check(' 206 ' in server.log_text(), 'the partial download was not resumed with Range (no 206)')
    finally:
        server.stop()
    check(sync_state(db)['content_error'] is None, 'the error was not cleared by a good sync')
    check(fingerprint(db) != before, 'the good sync did not change the content')


DISK_FULL_SCRIPT = r'''
set -u
mount -t tmpfs -o size=4m tmpfs "$MNT" || exit 90
cp -a "$SRC"/. "$MNT"/
free=$(df --output=avail -B1024 "$MNT" | tail -1)
dd if=/dev/zero of="$MNT/filler" bs=1024 count=$((free - 96)) 2>/dev/null
"$KIOSK" --sync-once --data-dir "$MNT" --server "$URL" --pubkey "$PUB" 2>"$MNT/stderr"
echo "rc=$?"
echo "stderr=$(head -c 300 "$MNT/stderr")"
"$KIOSK" --status --data-dir "$MNT" --json | tr -d '\n'
echo
/usr/bin/python3 -c "import sys; sys.path.insert(0, '$TESTS'); import common; print('fingerprint=' + common.fingerprint('$MNT/beledci.db'))"
'''


def test_disk_full(tmp, key, pub, bundle):
    """A full disk: the kiosk says so, and keeps its content. The kiosk's data directory is
    put on a 4 MiB tmpfs, nearly filled, in a mount namespace of its own."""
    probe = subprocess.run(['unshare', '--user', '--map-root-user', '--mount', 'true'],
                           capture_output=True)
    if probe.returncode != 0:
        # Containers may forbid user namespaces; this check then cannot run here.
        print('NOTE: disk-full check not run: no user namespaces here '
              f'({probe.stderr.decode().strip()})', flush=True)
        return
    kiosk = tmp.sub('kiosk-full')
    server = Server(tmp.sub('server-full'), bundle).start()
    try:
        result = sync_once(kiosk, server.url, pub)
        check(result.returncode == 0, f'sync before the disk fills: {result.stderr}')
        before = fingerprint(os.path.join(kiosk, 'beledci.db'))
        variant = copy_data_with_revision(DATA, tmp.sub('data-full'), 555)
        for root, _, files in os.walk(variant):
            for name in files:
                with open(os.path.join(root, name), 'a') as f:
                    f.write('\n\n\n')
        publish(key, bundle, variant)
        mount_point = tmp.sub('full-mount')
        os.makedirs(mount_point)
        env = dict(os.environ, MNT=mount_point, SRC=kiosk, KIOSK=KIOSK, URL=server.url, PUB=pub,
                   TESTS=os.path.dirname(os.path.abspath(__file__)))
        env.pop('DISPLAY', None)
        env.pop('WAYLAND_DISPLAY', None)
        inside = subprocess.run(['unshare', '--user', '--map-root-user', '--mount', '/bin/sh', '-c',
                                 DISK_FULL_SCRIPT], capture_output=True, text=True, env=env,
                                timeout=120)
        if inside.returncode == 90:
            print(f'NOTE: disk-full check not run: cannot mount a tmpfs here ({inside.stderr.strip()})',
                  flush=True)
            return
        lines = dict(line.split('=', 1) for line in inside.stdout.splitlines() if '=' in line[:12])
        status_line = next((l for l in inside.stdout.splitlines() if l.startswith('{')), '{}')
        status = json.loads(status_line)
        check(lines.get('rc') not in (None, '0'), f'a sync on a full disk succeeded: {inside.stdout}')
        check(lines.get('stderr', '').startswith('beledci: disk-full:'),
              f'a full disk is not named: {lines.get("stderr")}')
        check(status.get('last_error') and status['last_error']['category'] == 'disk-full',
              f'status on a full disk: {status_line}')
        check(lines.get('fingerprint') == before, 'a full disk changed the content')
        print(f'on a full disk: {lines.get("stderr", "").strip()}', flush=True)
    finally:
        server.stop()


def main():
    tmp = TempDir()
    try:
        key, pub, bundle = test_admin(tmp)
        test_kiosk_commands(tmp, key, pub, bundle)
        test_nginx(tmp, key, pub, bundle)
        test_faulty_servers(tmp, key, pub, bundle)
        test_disk_full(tmp, key, pub, bundle)
    finally:
        tmp.cleanup()
    finish()


if __name__ == '__main__':
    main()
