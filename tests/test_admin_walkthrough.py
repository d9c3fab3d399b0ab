#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`beledci-admin walkthrough validate` and `paths`, run as an operator would run them: the same
`file:line: field: problem` lines and exit codes as `catalogue validate`."""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

BUILD = os.environ.get("BELEDCI_BUILD_DIR", "build")
DATA = os.environ.get("BELEDCI_DATA_DIR", "data")
ADMIN = os.path.join(BUILD, "src", "admin", "beledci-admin")


def admin(*args):
    return subprocess.run([ADMIN, *args], capture_output=True, text=True, timeout=60)


def line_of(path, needle, occurrence=1):
    """The 1-based line of the @occurrence-th line containing @needle."""
    seen = 0
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if needle in line:
                seen += 1
                if seen == occurrence:
                    return number
    raise AssertionError(f"{needle} not in {path}")


class Validate(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="beledci-walkthrough-")
        self.dir = os.path.join(self.tmp, "walkthroughs")
        shutil.copytree(os.path.join(DATA, "walkthroughs"), self.dir)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def path(self, name):
        return os.path.join(self.dir, name)

    def read_json(self, name):
        with open(self.path(name), encoding="utf-8") as f:
            return json.load(f)

    def write_json(self, name, value):
        with open(self.path(name), "w", encoding="utf-8") as f:
            json.dump(value, f, ensure_ascii=False, indent=2)
            f.write("\n")

    def test_bundled_is_valid(self):
        for args in (["walkthrough", "validate"], ["walkthrough", "validate", DATA],
                     ["walkthrough", "validate", self.dir]):
            result = admin(*args)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertEqual(result.stdout, "")
            self.assertIn("5 walkthroughs, 25 pictures, decision helper with 6 questions, "
                          "7 results and 7 paths: no problems", result.stderr)

    def test_each_problem_is_one_line(self):
        fin = self.read_json("fin-mobile.json")
        del fin["steps"][4]["text"]["ru"]                     # missing translation
        fin["steps"][5]["warnign"] = fin["steps"][5].pop("warning")   # typo
        fin["steps"][6]["picture"] = "no-such-picture.svg"    # unknown picture
        fin["sign_in"] = "passport"                           # unknown method
        self.write_json("fin-mobile.json", fin)

        decision = self.read_json("decision.json")
        decision["questions"][5]["no"] = "register-by-pigeon"  # dangling answer
        self.write_json("decision.json", decision)

        with open(self.path("pictures/words.svg"), "w", encoding="utf-8") as f:
            f.write('<svg xmlns="http://www.w3.org/2000/svg">\n<text>Hello</text>\n</svg>\n')

        result = admin("walkthrough", "validate", self.dir)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        fin_path = self.path("fin-mobile.json")
        decision_path = self.path("decision.json")
        video_id = '"id": "register-video"'
        sign_in = '"sign_in"'
        text = '"text"'
        warnign = '"warnign"'
        expected = [
            f"decision.json:{line_of(decision_path, 'register-by-pigeon')}: questions[5].no: "
            "“register-by-pigeon” is neither a question nor a result",
            f"decision.json:{line_of(decision_path, video_id)}: results[6].id: "
            "“register-video” cannot be reached from “signed-in-before”",
            f"fin-mobile.json:{line_of(fin_path, sign_in)}: sign_in: unknown sign-in method "
            "“passport” (known: fin, sima, asan-imza, e-imza, bsxm)",
            f"fin-mobile.json:{line_of(fin_path, text, 5)}: steps[4].text.ru: "
            "missing translation",
            f"fin-mobile.json:{line_of(fin_path, warnign)}: steps[5].warnign: "
            "unknown member",
            f"fin-mobile.json:{line_of(fin_path, 'no-such-picture.svg')}: steps[6].picture: "
            "unknown picture “no-such-picture.svg” (no pictures/no-such-picture.svg)",
            "pictures/words.svg:2: (file): the text “Hello” has letters: text in pictures must "
            "be digits and symbols only (pictures are not translated)",
        ]
        self.assertEqual(sorted(result.stdout.splitlines()), sorted(expected))
        self.assertIn("7 problems found", result.stderr)

    def test_usage(self):
        result = admin("walkthrough")
        self.assertEqual(result.returncode, 2)
        self.assertIn("usage: walkthrough validate [DIR]", result.stderr)
        result = admin("walkthrough", "validate", "a", "b")
        self.assertEqual(result.returncode, 2)
        result = admin("walkthrough", "validate", os.path.join(self.tmp, "nowhere"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("is not a directory", result.stderr)

    def test_paths(self):
        result = admin("walkthrough", "paths")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(len(lines), 7)
        self.assertIn("signed-in-before=no has-asan-imza=no has-id-card=yes own-number=no "
                      "smartphone=yes → register-sima (walkthrough sima)", lines)


if __name__ == "__main__":
    unittest.main(verbosity=2)
