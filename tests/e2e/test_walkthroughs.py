#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end, issue 4: the real `beledci --windowed`, driven through its accessibility tree.

1. Every walkthrough, from the welcome screen's "How to sign in", step by step to its checklist.
2. The decision helper, along every path of its rules, and from a recommendation to its
   walkthrough and back.
3. Practice mode with canary strings typed into every field, then the idle reset: afterwards
   no node of the accessibility tree (shown or hidden) and no file under the kiosk's data,
   cache and config directories holds any canary.

Run under a display and a session bus (tests/run-with-display.sh --dbus):
    test_walkthroughs.py path/to/beledci
Uses the helpers of test_kiosk.py (the kiosk's own end-to-end test)."""

import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_kiosk as kiosk  # noqa: E402
from test_kiosk import Atspi, log, wait_for, walk, click  # noqa: E402

CANARY_FIN = 'QZ7XK2W'
CANARY_PASSWORD = 'Kanareyka31337'
CANARY_PHONE = '0559876543'
CANARY_PHONE_SHOWN = '+994 55 987 65 43'
# What must never be found again, in any form the kiosk could have kept it.
CANARIES = [CANARY_FIN, CANARY_PASSWORD, CANARY_PHONE_SHOWN, '559876543', '987 65 43',
            'Kanareyka', 'kANAREYKA']

SETTINGS = '''[io/github/beledci/Kiosk]
idle-timeout=uint32 {idle}
idle-countdown=uint32 3
attract-timeout=uint32 3600
kiosk-mode=false
'''


def data_dir():
    return os.environ['BELEDCI_DATA_DIR']


def load_walkthroughs():
    found = []
    for path in sorted(glob.glob(os.path.join(data_dir(), 'walkthroughs', '*.json'))):
        if os.path.basename(path) != 'decision.json':
            with open(path, encoding='utf-8') as f:
                found.append(json.load(f))
    return sorted(found, key=lambda w: w['order'])


def load_decision():
    with open(os.path.join(data_dir(), 'walkthroughs', 'decision.json'), encoding='utf-8') as f:
        return json.load(f)


def decision_paths(decision):
    questions = {q['id']: q for q in decision['questions']}
    results = {r['id']: r for r in decision['results']}
    paths = []

    def follow(node, answers):
        if node in results:
            paths.append((answers, results[node]))
            return
        follow(questions[node]['yes'], answers + 'y')
        follow(questions[node]['no'], answers + 'n')
    follow(decision['start'], '')
    return paths


def in_view(node, frame):
    """Shown, and across the window: a carousel keeps its other pages beside the visible one.
    (Below the window's bottom is still on the screen: the page scrolls.)"""
    if not kiosk.on_screen(node):
        return False
    try:
        box = node.get_extents(Atspi.CoordType.WINDOW)
        window = frame.get_extents(Atspi.CoordType.WINDOW)
    except Exception:
        return False
    return box.x >= 0 and box.x + box.width <= window.width + 1


def frame_of(app):
    return next(n for n in walk(app) if n.get_role() == Atspi.Role.FRAME)


def find(app, role=None, name=None, description=None, match=None):
    frame = frame_of(app)
    for node in walk(app):
        if role is not None and node.get_role() != role:
            continue
        if name is not None and (node.get_name() or '') != name:
            continue
        if match is not None and not match(node.get_name() or ''):
            continue
        if description is not None and (node.get_description() or '') != description:
            continue
        if in_view(node, frame):
            return node
    return None


def button(app, name):
    return wait_for('the button “%s”' % name, lambda: find(app, Atspi.Role.PUSH_BUTTON, name))


def label_with(app, description):
    return wait_for('the label described as “%s”' % description,
                    lambda: find(app, Atspi.Role.LABEL, description=description))


def shows(app, text):
    return find(app, Atspi.Role.LABEL, text) is not None


def editable(app, name):
    def probe():
        for role in (Atspi.Role.ENTRY, Atspi.Role.PASSWORD_TEXT, Atspi.Role.TEXT):
            node = find(app, role, name)
            if node is not None:
                return node
        return None
    return wait_for('the field “%s”' % name, probe)


def type_text(node, text):
    node.insert_text(node.get_character_count(), text, len(text.encode('utf-8')))


def text_of(node):
    try:
        return node.get_text(0, node.get_character_count())
    except Exception:
        return ''


def start_kiosk(beledci, home):
    config = os.path.join(home, 'config')
    os.makedirs(os.path.join(config, 'glib-2.0', 'settings'))
    write_settings(home, 600)
    env = dict(os.environ, GTK_A11Y='atspi', HOME=home,
               XDG_DATA_HOME=os.path.join(home, 'data'),
               XDG_CACHE_HOME=os.path.join(home, 'cache'),
               XDG_CONFIG_HOME=config,
               XDG_STATE_HOME=os.path.join(home, 'state'),
               GSETTINGS_BACKEND='keyfile')
    return subprocess.Popen([beledci, '--windowed'], env=env)


def write_settings(home, idle):
    path = os.path.join(home, 'config', 'glib-2.0', 'settings', 'keyfile')
    with open(path + '.new', 'w') as f:
        f.write(SETTINGS.format(idle=idle))
    os.replace(path + '.new', path)


def open_guide(app):
    """From the welcome screen, in English, to the list of walkthroughs."""
    if find(app, Atspi.Role.PUSH_BUTTON, 'English') is not None:
        click(find(app, Atspi.Role.PUSH_BUTTON, 'English'))
    click(button(app, 'How to sign in to e-gov.az'))
    wait_for('the guide', lambda: shows(app, 'Step-by-step guides'))
    kiosk.assert_buttons_named(app, 'guide')


def back(app):
    click(button(app, 'Back'))


def check_walkthroughs(app):
    for walkthrough in load_walkthroughs():
        title = walkthrough['title']['en']
        steps = walkthrough['steps']
        click(button(app, title))
        progress = label_with(app, 'progress')
        for index, step in enumerate(steps):
            expected = 'Step %d of %d' % (index + 1, len(steps))
            wait_for(expected, lambda: label_with(app, 'progress').get_name() == expected)
            wait_for('the step “%s”' % step['title']['en'],
                     lambda: shows(app, step['title']['en']))
            assert shows(app, step['text']['en']), step['text']['en']
            if 'warning' in step:
                assert shows(app, step['warning']['en']), step['warning']['en']
            assert find(app, Atspi.Role.IMAGE, 'Picture: ' + step['title']['en']) is not None, \
                'no picture on ' + expected
            click(button(app, 'Next'))
        wait_for('the checklist', lambda: label_with(app, 'progress').get_name() ==
                 'Done: the checklist')
        wait_for('the checklist items', lambda: shows(app, 'Take this with you'))
        for item in walkthrough['checklist']['en']:
            assert shows(app, item), item
        assert find(app, Atspi.Role.IMAGE, 'QR code') is not None, 'no QR code'
        assert find(app, Atspi.Role.PUSH_BUTTON, 'Print the checklist') is not None
        assert find(app, Atspi.Role.PUSH_BUTTON, 'Next') is None
        kiosk.assert_buttons_named(app, walkthrough['id'] + ' checklist')
        log('walkthrough %s: %d steps and the checklist' % (walkthrough['id'], len(steps)))
        del progress
        back(app)
        wait_for('the guide again', lambda: shows(app, 'Step-by-step guides'))


def check_decision(app):
    decision = load_decision()
    questions = {q['id']: q for q in decision['questions']}
    walkthroughs = {w['id']: w for w in load_walkthroughs()}
    paths = decision_paths(decision)
    assert len(paths) == 7, paths

    click(button(app, 'Help me choose'))
    for answers, result in paths:
        node = decision['start']
        wait_for('the first question', lambda: label_with(app, 'question').get_name() ==
                 questions[decision['start']]['text']['en'])
        for answer in answers:
            text = questions[node]['text']['en']
            wait_for(text, lambda: label_with(app, 'question').get_name() == text)
            click(button(app, 'Yes' if answer == 'y' else 'No'))
            node = questions[node]['yes' if answer == 'y' else 'no']
        wait_for(result['title']['en'],
                 lambda: label_with(app, 'recommendation').get_name() == result['title']['en'])
        assert shows(app, result['why']['en'])
        for item in result['bring']['en']:
            assert shows(app, item), item
        show_me = find(app, Atspi.Role.PUSH_BUTTON,
                       match=lambda n: n.startswith('Show me how: '))
        assert (show_me is not None) == ('walkthrough' in result), result['id']
        assert (find(app, Atspi.Role.PUSH_BUTTON, 'Practise here first') is not None) == \
            result.get('practice', False), result['id']
        kiosk.assert_buttons_named(app, 'decision ' + result['id'])
        log('decision %s → %s' % (answers, result['id']))

        if result['id'] == 'register-sima':
            click(show_me)
            first = walkthroughs['sima']['steps'][0]['title']['en']
            wait_for('the SİMA walkthrough', lambda: shows(app, first))
            back(app)
            wait_for('the recommendation again',
                     lambda: label_with(app, 'recommendation').get_name() == result['title']['en'])
            log('decision: to the walkthrough and back to the recommendation')
        click(button(app, 'Start again'))
    back(app)
    wait_for('the guide again', lambda: shows(app, 'Step-by-step guides'))


def practise(app):
    click(button(app, 'Practise signing in'))
    wait_for('the practice banner',
             lambda: label_with(app, 'practice banner').get_name() ==
             'Practice: nothing is sent anywhere')
    click(button(app, 'Practise registering'))

    fin = editable(app, 'FİN code')
    type_text(fin, 'abc')
    click(button(app, 'Next'))
    wait_for('the explanation', lambda: label_with(app, 'explanation').get_name()
             .startswith('Use capital letters'))
    fin.delete_text(0, fin.get_character_count())
    type_text(fin, CANARY_FIN)
    assert text_of(fin) == CANARY_FIN, text_of(fin)
    click(button(app, 'Next'))

    phone = editable(app, 'Mobile number')
    assert label_with(app, 'practice banner') is not None
    type_text(phone, CANARY_PHONE)
    wait_for('the number formatted', lambda: text_of(phone) == CANARY_PHONE_SHOWN)
    click(button(app, 'Next'))
    click(button(app, 'Yes'))

    code = label_with(app, 'pretend SMS code').get_name()
    assert len(code) == 6 and code.isdigit(), code
    type_text(editable(app, 'SMS code'), code)
    click(button(app, 'Next'))

    password = editable(app, 'Password')
    type_text(password, CANARY_PASSWORD)
    click(button(app, 'Next'))
    wait_for('the pretend welcome', lambda: label_with(app, 'pretend welcome').get_name() ==
             'Welcome!')
    kiosk.assert_buttons_named(app, 'practice welcome')

    # Sign in too, so the sign-in form holds the canaries as well.
    click(button(app, 'Now practise signing in'))
    type_text(editable(app, 'FİN code'), CANARY_FIN)
    type_text(editable(app, 'Password'), CANARY_PASSWORD.swapcase())  # typed with Caps Lock on
    click(button(app, 'Sign in'))
    wait_for('the Caps Lock explanation', lambda: 'Caps Lock' in
             label_with(app, 'explanation').get_name())
    log('practice: registered and tried to sign in, with the canaries typed')


def canaries_in_tree(app):
    found = []
    for node in walk(app):
        texts = [node.get_name() or '', node.get_description() or '']
        try:
            if node.get_text_iface() is not None:
                texts.append(text_of(node))
        except Exception:
            pass
        for canary in CANARIES:
            if any(canary in t for t in texts):
                found.append((canary, node.get_role_name(), texts))
    return found


def canaries_in_files(home):
    found = []
    for root, _, files in os.walk(home):
        for name in files:
            path = os.path.join(root, name)
            try:
                with open(path, 'rb') as f:
                    data = f.read()
            except OSError:
                continue
            for canary in CANARIES:
                if canary.encode('utf-8') in data:
                    found.append((canary, path))
    return found


def main():
    beledci = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix='beledci-e2e-guide-') as home:
        process = start_kiosk(beledci, home)
        try:
            app = wait_for('the kiosk on the accessibility bus', kiosk.find_app)
            wait_for('the welcome screen',
                     lambda: find(app, Atspi.Role.PUSH_BUTTON, 'Xidmət axtar'))
            open_guide(app)
            check_walkthroughs(app)
            check_decision(app)
            practise(app)

            # The canaries are on screen now: the checks below can see them.
            assert canaries_in_tree(app), 'the canaries are not even typed'

            # Walk away: a short idle timeout (the kiosk follows its settings live).
            write_settings(home, 5)
            wait_for('“Are you still there?”',
                     lambda: find(app, Atspi.Role.PUSH_BUTTON, 'Yes, I am here') is not None or
                     find(app, Atspi.Role.PUSH_BUTTON, 'Bəli, buradayam') is not None,
                     timeout=30)
            wait_for('the welcome screen after the reset',
                     lambda: find(app, Atspi.Role.PUSH_BUTTON, 'Xidmət axtar'), timeout=30)
            log('idle reset: back on the welcome screen')

            found = canaries_in_tree(app)
            assert not found, 'typed text survived the reset: %s' % found
            found = canaries_in_files(home)
            assert not found, 'typed text was written to disk: %s' % found
            log('no canary in the accessibility tree (%d nodes) nor in the files under %s'
                % (sum(1 for _ in walk(app)), home))
            assert process.poll() is None, 'the kiosk exited'
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        found = canaries_in_files(home)
        assert not found, 'typed text was written to disk on exit: %s' % found
        files = sum(len(f) for _, _, f in os.walk(home))
        log('after exit: no canary in %d files' % files)
    print('ok')


if __name__ == '__main__':
    main()
