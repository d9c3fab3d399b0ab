#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end: the real `beledci --windowed`, driven through its accessibility tree as a user
(or a screen reader) would: welcome -> language -> search -> a service -> back -> home,
checking what a user would read on each screen.

Run under a display and a session bus (tests/run-with-display.sh --dbus):
    test_kiosk.py path/to/beledci
The environment comes from tests/meson.build (BELEDCI_DATA_DIR, BELEDCI_LOCALEDIR, ...)."""

import glob
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

import gi
gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402

TIMEOUT = 20.0


def log(message):
    print('# ' + message, flush=True)


def wait_for(what, probe, timeout=TIMEOUT):
    """Polls the accessibility tree until probe() returns something true."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = probe()
        except gi.repository.GLib.Error:
            result = None       # the tree changed under us: look again
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError('timed out waiting for ' + what)
        time.sleep(0.05)


def on_screen(node):
    """GTK 4.8 reports SHOWING only on the window; the kiosk marks the pages it is not showing
    hidden (no VISIBLE state). What is shown is visible all the way up, and has a size."""
    try:
        extents = node.get_extents(Atspi.CoordType.WINDOW)
        if extents.width <= 0 or extents.height <= 0:
            return False
        while node is not None and node.get_role() != Atspi.Role.FRAME:
            if not node.get_state_set().contains(Atspi.StateType.VISIBLE):
                return False
            node = node.get_parent()
    except gi.repository.GLib.Error:
        return False
    return node is not None


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.get_child_count()):
        yield from walk(node.get_child_at_index(i), depth + 1)


def visible(app, role=None, name=None, match=None):
    for node in walk(app):
        if role is not None and node.get_role() != role:
            continue
        node_name = node.get_name() or ''
        if name is not None and node_name != name:
            continue
        if match is not None and not match(node_name):
            continue
        if on_screen(node):
            return node
    return None


def visible_text(app):
    """Everything the labels on the screen say."""
    return [n.get_name() for n in walk(app)
            if n.get_role() in (Atspi.Role.LABEL, Atspi.Role.HEADING) and n.get_name()
            and on_screen(n)]


def click(node):
    assert node.get_n_actions() > 0, 'nothing to press on ' + node.get_name()
    node.do_action(0)


UNNAMED = []


def unnamed_buttons(app, screen):
    problems = []
    for node in walk(app):
        if node.get_role() in (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON) and on_screen(node):
            name = (node.get_name() or '').strip()
            if not name or name.startswith('Gtk'):
                inner = [n.get_name() for n in walk(node) if n.get_role() == Atspi.Role.LABEL]
                problems.append(f'{screen}: a button without a name (showing {inner})')
    return problems


def assert_buttons_named(app, screen):
    """Every control on the screen has a name in words (for a screen reader)."""
    problems = unnamed_buttons(app, screen)
    assert not problems, '\n'.join(problems)


def check_buttons_named(app, screen):
    """As assert_buttons_named(), but reported at the end, so the rest of the journey is
    still checked."""
    UNNAMED.extend(unnamed_buttons(app, screen))


def find_app():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and app.get_name() == 'beledci':
            return app
    return None


def service_titles(az_title):
    """The service's title in each language, from the bundled catalogue."""
    for path in glob.glob(os.path.join(os.environ['BELEDCI_DATA_DIR'], 'catalogue', 'agencies', '*.json')):
        with open(path, encoding='utf-8') as f:
            for service in json.load(f)['services']:
                if service['title']['az'] == az_title:
                    return service['title']
    raise AssertionError(az_title + ' is not in the bundled catalogue')


def main():
    beledci = sys.argv[1]
    titles = service_titles('Məhkumluq haqqında arayış')

    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, GTK_A11Y='atspi', XDG_DATA_HOME=home,
                   XDG_CACHE_HOME=os.path.join(home, 'cache'))
        kiosk = subprocess.Popen([beledci, '--windowed'], env=env)
        try:
            run(kiosk, titles)
        finally:
            kiosk.send_signal(signal.SIGTERM)
            try:
                kiosk.wait(timeout=10)
            except subprocess.TimeoutExpired:
                kiosk.kill()
                kiosk.wait()
    print('ok')


def run(kiosk, titles):
    app = wait_for('the kiosk on the accessibility bus', find_app)

    # 1. Welcome, in Azerbaijani, with the catalogue's date.
    wait_for('the welcome screen', lambda: visible(app, Atspi.Role.PUSH_BUTTON, 'Xidmət axtar'))
    texts = visible_text(app)
    assert 'Bələdçi' in texts, texts
    assert any(re.fullmatch(r'Məlumatlar \d\d\.\d\d\.\d{4} tarixinə görədir', t) for t in texts), texts
    check_buttons_named(app, 'welcome')
    log('welcome: ' + ' | '.join(texts))

    # 2. Language: one press on «Русский».
    click(visible(app, name='Русский'))
    find_button = wait_for('the welcome screen in Russian',
                           lambda: visible(app, Atspi.Role.PUSH_BUTTON, 'Найти услугу'))
    assert visible(app, Atspi.Role.PUSH_BUTTON, 'Xidmət axtar') is None
    assert any(t.startswith('Сведения на ') for t in visible_text(app))
    log('language: Russian')

    # 3. Search, as typed into the search field.
    click(find_button)
    entry = wait_for('the search field', lambda: visible(app, Atspi.Role.ENTRY, 'Поиск услуги'))
    check_buttons_named(app, 'search')
    query = 'справка о судимости'
    entry.insert_text(0, query, len(query.encode('utf-8')))
    row = wait_for('the service among the results',
                   lambda: visible(app, Atspi.Role.PUSH_BUTTON,
                                   match=lambda n: n.startswith(titles['ru'] + '.')))
    assert any(re.fullmatch(r'Найден\w* \d+ услуг\w*', t) for t in visible_text(app)), visible_text(app)
    log('search: ' + row.get_name())

    # 4. The service, in Russian, with what to bring and the QR code's invitation.
    click(row)
    wait_for('the service page', lambda: visible(app, Atspi.Role.LABEL, 'Продолжите на телефоне'))
    texts = visible_text(app)
    assert titles['ru'] in texts, texts
    assert 'Что взять с собой' in texts, texts
    assert any(t.startswith('Эти сведения проверены ') for t in texts), texts
    assert visible(app, Atspi.Role.PUSH_BUTTON, 'Прочитать вслух') is not None
    check_buttons_named(app, 'service')
    log('service: ' + titles['ru'])

    # 5. Back: the results as they were.
    click(visible(app, Atspi.Role.PUSH_BUTTON, 'Назад'))
    entry = wait_for('the search again', lambda: visible(app, Atspi.Role.ENTRY, 'Поиск услуги'))
    shown = entry.get_text(0, entry.get_character_count())
    assert shown == query, shown
    assert visible(app, Atspi.Role.PUSH_BUTTON, match=lambda n: n.startswith(titles['ru'] + '.'))
    log('back: the results are still there')

    # 6. Home.
    click(visible(app, Atspi.Role.PUSH_BUTTON, 'Главная'))
    wait_for('the welcome screen again', lambda: visible(app, Atspi.Role.PUSH_BUTTON, 'Найти услугу'))
    assert visible(app, Atspi.Role.PUSH_BUTTON, 'Назад') is None
    log('home')

    assert kiosk.poll() is None, 'the kiosk exited'
    assert not UNNAMED, '\n'.join(UNNAMED[:5]) + f'\n({len(UNNAMED)} in all)'


if __name__ == '__main__':
    main()
