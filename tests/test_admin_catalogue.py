#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""beledci-admin's catalogue commands, run as an operator would run them."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BUILD = os.environ.get("BELEDCI_BUILD_DIR", "build")
DATA = os.environ.get("BELEDCI_DATA_DIR", "data")
ADMIN = os.path.join(BUILD, "src", "admin", "beledci-admin")


def admin(*args):
    return subprocess.run([ADMIN, *args], capture_output=True, text=True, timeout=60)


class Validate(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="beledci-validate-")
        self.dir = os.path.join(self.tmp, "catalogue")
        shutil.copytree(os.path.join(DATA, "catalogue"), self.dir)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write(self, name, data):
        with open(os.path.join(self.dir, name), "wb") as f:
            f.write(data)

    def read_json(self, name):
        with open(os.path.join(self.dir, name), encoding="utf-8") as f:
            return json.load(f)

    def write_json(self, name, value):
        self.write(name, json.dumps(value, ensure_ascii=False, indent=2).encode())

    def test_bundled_is_valid(self):
        result = admin("catalogue", "validate")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(result.stdout, "")
        self.assertIn("no problems", result.stderr)

    def test_each_problem_is_one_line(self):
        # One broken file per kind of problem; each must give exactly its line, and the whole
        # run must list all of them and fail.
        tax = self.read_json("agencies/tax.json")
        del tax["services"][0]["title"]["ru"]            # missing translation
        tax["services"][1]["fee"] = "free"               # wrong type
        tax["services"][2]["id"] = tax["services"][0]["id"]   # duplicate id
        tax["services"][3]["categories"] = ["pets"]      # unknown category
        self.write_json("agencies/tax.json", tax)
        self.write("agencies/broken.json", b'{"agency": {"id": "broken",\n "name": }')
        self.write("agencies/badutf.json", b'{"agency":\n "\xff"}')
        self.write("agencies/deep.json", b"[" * 100000 + b"]" * 100000)
        self.write("agencies/huge.json", b" " * (9 * 1024 * 1024))

        result = admin("catalogue", "validate", self.dir)
        self.assertNotEqual(result.returncode, 0)
        lines = result.stdout.splitlines()
        sid = tax["services"][0]["id"]

        def has(prefix, text):
            hits = [l for l in lines if l.startswith(prefix) and text in l]
            self.assertEqual(len(hits), 1, f"{prefix} … {text} not once in:\n{result.stdout}")

        has("agencies/tax.json:", ": services[0].title.ru: missing translation")
        has("agencies/tax.json:", ": services[1].fee: expected null, 0 or an amount in AZN")
        has("agencies/tax.json:", f": services[2].id: duplicate id “{sid}”")
        has("agencies/tax.json:", ": services[3].categories[0]: unknown category “pets”")
        has("agencies/broken.json:2:", "malformed JSON")
        has("agencies/badutf.json:2:", "invalid UTF-8")
        has("agencies/deep.json:1:", "nested deeper than 32 levels")
        has("agencies/huge.json:0:", "file too large")
        # file:line: field: problem, every line.
        for line in lines:
            parts = line.split(": ", 2)
            self.assertEqual(len(parts), 3, line)
            self.assertRegex(parts[0], r"^[\w/.-]+\.json:\d+$")

    def test_missing_dir(self):
        result = admin("catalogue", "validate", os.path.join(self.tmp, "nope"))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("is not a directory", result.stderr)


class Commands(unittest.TestCase):
    def test_stats_json(self):
        result = admin("catalogue", "stats", "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        stats = json.loads(result.stdout)
        self.assertGreaterEqual(stats["agencies"], 16)
        self.assertGreaterEqual(stats["services"], 150)
        self.assertEqual(sum(a["services"] for a in stats["per_agency"]), stats["services"])
        tax = next(a for a in stats["per_agency"] if a["id"] == "tax")
        self.assertEqual(tax["portal_services"][0]["count"], 65)
        self.assertEqual(tax["portal_services"][0]["as_of"], "2022-09-26")
        self.assertEqual(set(stats["coverage"]["steps"]), {"az", "ru", "en"})

    def test_export_json(self):
        result = admin("catalogue", "export", "--catalogue", DATA, "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        services = json.loads(result.stdout)
        self.assertGreaterEqual(len(services), 150)
        ids = [s["id"] for s in services]
        self.assertEqual(len(ids), len(set(ids)))
        for s in services:
            for field in ("title", "summary", "keywords"):
                self.assertEqual(set(s[field]), {"az", "ru", "en"}, (s["id"], field))
            self.assertTrue(s["agency"])
        record = next(s for s in services if s["id"] == "mia-criminal-record")
        self.assertEqual(record["agency"], "Daxili İşlər Nazirliyi")
        self.assertEqual(record["title"]["az"], "Məhkumluq haqqında arayış")

    def test_export_needs_json(self):
        result = admin("catalogue", "export")
        self.assertEqual(result.returncode, 2)

    def test_search_json(self):
        result = admin("search", "--json", "--lang", "en", "--limit", "3", "mehkumluq")
        self.assertEqual(result.returncode, 0, result.stderr)
        answer = json.loads(result.stdout)
        self.assertEqual(answer["query"], "mehkumluq")
        self.assertLessEqual(len(answer["results"]), 3)
        first = answer["results"][0]
        self.assertEqual(first["id"], "mia-criminal-record")
        self.assertEqual(first["title_az"], "Məhkumluq haqqında arayış")
        self.assertEqual(first["agency_az"], "Daxili İşlər Nazirliyi")
        self.assertNotEqual(first["title"], first["title_az"])   # English title
        self.assertGreater(first["score"], 0)

    def test_search_hostile(self):
        for query in ['"', "AND", "NEAR(", "*", "(", "x" * 10000, "\x01\x02", "' OR 1=1"]:
            result = admin("search", "--json", query)
            self.assertEqual(result.returncode, 0, (query[:20], result.stderr))
            json.loads(result.stdout)

    def test_search_bad_language(self):
        result = admin("search", "--lang", "fr", "x")
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown language", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
