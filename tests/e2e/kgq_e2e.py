"""Shared helpers for the end-to-end tests: run the built kgq binary.

Each test script is run by ctest as: python3 test_x.py <path-to-kgq> <source-dir>.
"""
import os
import subprocess
import sys
import tempfile
import unittest

KGQ = None
SRC = None


def setup_from_argv():
    global KGQ, SRC
    KGQ, SRC = sys.argv[1], sys.argv[2]
    del sys.argv[1:3]


def data(*parts):
    return os.path.join(SRC, "tests", "data", *parts)


def run(*args, stdin=None, env=None, timeout=60, cwd=None):
    full_env = dict(os.environ)
    full_env.setdefault("HOME", tempfile.gettempdir())
    full_env["KGQ_HISTORY"] = os.path.join(tempfile.gettempdir(), "kgq_e2e_history")
    if env:
        full_env.update(env)
    return subprocess.run([KGQ, *args], input=stdin, capture_output=True, text=True, env=full_env, timeout=timeout,
                          cwd=cwd)


def main():
    setup_from_argv()
    unittest.main(verbosity=2)
