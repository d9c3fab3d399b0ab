# SPDX-License-Identifier: GPL-3.0-or-later
"""Power cuts: `beledci --sync-once` killed with SIGKILL at random moments while it downloads
and applies bundles. After each kill the database passes PRAGMA integrity_check and holds
exactly the old or exactly the new revision's content, never a mix.

200 kills by default; BELEDCI_LONG_TESTS=1 makes it 2,000 (or BELEDCI_POWER_CUTS=N)."""

import json
import os
import random
import signal
import subprocess
import time

from common import (KIOSK, Server, TempDir, check, copy_data_with_revision, finish, fingerprint,
                    generate_keys, integrity, publish, run, sync_state)

DATA = os.environ['BELEDCI_DATA_DIR']


def make_variant(target, revision, salt):
    """The bundled content with every file changed (so a revision change downloads all of it)."""
    copy_data_with_revision(DATA, target, revision)
    for root, _, files in os.walk(target):
        for name in files:
            if name.endswith('.json'):
                with open(os.path.join(root, name), 'a') as f:
                    f.write('\n' * salt)
    return target


def main():
    long_run = os.environ.get('BELEDCI_LONG_TESTS') == '1'
    kills = int(os.environ.get('BELEDCI_POWER_CUTS', '2000' if long_run else '200'))
    rng = random.Random(int(os.environ.get('BELEDCI_SEED', '20220926')))

    tmp = TempDir()
    try:
        key, pub = generate_keys(tmp.sub('keys'))
        bundle = tmp.sub('bundle')
        variants = [make_variant(tmp.sub('content-a'), 101, 1),
                    make_variant(tmp.sub('content-b'), 202, 2)]

        # The content each variant gives, measured on kiosks of their own.
        expected = []
        for i, variant in enumerate(variants):
            usb = tmp.sub(f'usb-{i}')
            publish(key, usb, variant)
            scratch = tmp.sub(f'scratch-{i}')
            result = run([KIOSK, '--import-bundle', usb, '--data-dir', scratch, '--pubkey', pub])
            check(result.returncode == 0, f'import of variant {i}: {result.stderr}')
            expected.append(fingerprint(os.path.join(scratch, 'beledci.db')))
        check(expected[0] != expected[1], 'the two variants give the same content')

        server = Server(tmp.sub('server'), bundle).start()
        kiosk = tmp.sub('kiosk')
        db = os.path.join(kiosk, 'beledci.db')
        args = [KIOSK, '--sync-once', '--data-dir', kiosk, '--server', server.url, '--pubkey', pub]

        def content_of(revision):
            # Revision r of the bundle carries variant (r - 1) % 2.
            return expected[(revision - 1) % 2]

        latest = 1
        publish(key, bundle, variants[0])

        # How long a whole run takes, to spread the kills over it.
        started = time.monotonic()
        result = run(args)
        duration = time.monotonic() - started
        check(result.returncode == 0, f'first sync: {result.stderr}')
        check(fingerprint(db) == content_of(1), 'a whole sync did not give the expected content')
        print(f'a whole sync takes {duration * 1000:.0f} ms; {kills} power cuts follow', flush=True)

        def all_objects_cached():
            with open(os.path.join(bundle, 'manifest.json')) as f:
                wanted = {entry['sha256'] for entry in json.load(f)['files']}
            return wanted <= set(os.listdir(os.path.join(kiosk, 'objects')))

        outcomes = {'download': 0, 'apply': 0, 'new': 0, 'finished': 0}
        for n in range(kills):
            state = sync_state(db)
            if state['revision'] == latest:
                latest += 1
                publish(key, bundle, variants[(latest - 1) % 2])
            old = state['revision']

            process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, duration * 1.1))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
                killed = True
                duration *= 1.01
            else:
                killed = False
                outcomes['finished'] += 1
                # The window was too wide (a first run on a busy machine): narrow it, so the
                # kills keep landing inside runs.
                duration *= 0.95

            verdict = integrity(db)
            if not check(verdict == 'ok', f'cut {n}: integrity_check says {verdict}'):
                break
            state = sync_state(db)
            revision = state['revision']
            if not check(revision in (old, latest),
                         f'cut {n}: revision {revision}, expected {old} or {latest}'):
                break
            if not check(fingerprint(db) == content_of(revision),
                         f'cut {n}: the content is not exactly revision {revision}'):
                break
            if killed:
                if revision == latest and revision != old:
                    outcomes['new'] += 1
                elif all_objects_cached():
                    # Everything was downloaded and checked: the kill hit the apply.
                    outcomes['apply'] += 1
                else:
                    outcomes['download'] += 1

        print(f'after {kills} runs: killed while downloading {outcomes["download"]}, '
              f'killed after the download, before the commit {outcomes["apply"]}, '
              f'killed after the commit {outcomes["new"]}, '
              f'finished before the kill {outcomes["finished"]}', flush=True)
        check(outcomes['download'] > 0 and outcomes['apply'] > 0 and outcomes['new'] > 0,
              'the kills did not land in the download, the apply and after the commit')

        # Whatever happened, the next run completes.
        result = run(args)
        check(result.returncode == 0, f'the sync after the power cuts failed: {result.stderr}')
        state = sync_state(db)
        check(state['revision'] == latest and state['content_error'] is None,
              f'after the power cuts: {state}')
        check(fingerprint(db) == content_of(latest), 'the final content is not the latest revision')
        leftovers = [n for n in os.listdir(os.path.join(kiosk, 'objects')) if n.endswith('.part')]
        check(not leftovers, f'partial downloads left behind: {leftovers}')
        server.stop()
    finally:
        tmp.cleanup()
    finish()


if __name__ == '__main__':
    main()
