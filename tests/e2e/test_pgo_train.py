"""End-to-end: the training run of the profile-guided build (scripts/pgo-train.py). Its everyday
workload on generated graphs must run without an error, or the profile would be of error paths; and
a failing workload must fail the training, not pass unnoticed."""
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

import kgq_e2e as k


def train(kgq, work, statements=200):
    return subprocess.run([sys.executable, os.path.join(k.SRC, "scripts", "pgo-train.py"), kgq, work,
                           "--size", "XS", "--statements", str(statements)],
                          capture_output=True, text=True, timeout=900)


class PgoTraining(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kgq_e2e_pgo_")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_the_workload_runs_without_an_error(self):
        r = train(k.KGQ, os.path.join(self.dir, "work"))
        self.assertEqual(r.returncode, 0, r.stderr)
        m = re.search(r"pgo-train: (\d+) corpus statements, 2 x 200 on generated graphs \(XS\)", r.stderr)
        self.assertIsNotNone(m, r.stderr)
        self.assertGreater(int(m.group(1)), 1000)  # every query-test file was read

    def test_a_failing_workload_fails_the_training(self):
        fake = os.path.join(self.dir, "kgq")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\necho 'SyntaxError: nothing works' >&2\nexit 1\n")
        os.chmod(fake, os.stat(fake).st_mode | stat.S_IXUSR)
        r = train(fake, os.path.join(self.dir, "work"), statements=10)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("the kg workload failed", r.stderr)
        self.assertIn("SyntaxError: nothing works", r.stderr)


if __name__ == "__main__":
    k.main()
