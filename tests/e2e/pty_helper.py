"""Drive the interactive kgq through a pseudo-terminal, the way a person types.

kgq only turns on readline, completion, history and Ctrl-C handling when stdin
is a terminal, so these tests fork the binary onto a pty (`pty.fork`) and talk
to it through the master side. Output is read until an expected pattern shows
up (never by sleeping), with generous timeouts for slow, shared machines.
"""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time

# Readline redraws the line with cursor movements; tests look at the text only.
_ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x07|\r")

PROMPT = "kgq> "
CONTINUATION = "...> "

CTRL_C = "\x03"
CTRL_D = "\x04"
TAB = "\t"
UP = "\x1b[A"


class Timeout(AssertionError):
    pass


def strip_ansi(data):
    return _ANSI.sub(b"", data).decode("utf-8", "replace")


class Repl:
    """One kgq process on a pty of `cols` x `rows` characters."""

    def __init__(self, kgq, args=(), env=None, cols=100, rows=40):
        self.raw = b""    # everything read so far, escapes included
        self.pos = 0      # how far expect() has consumed self.text
        child_env = dict(env or os.environ)
        pid, fd = pty.fork()
        if pid == 0:  # child: size the terminal before kgq asks for it, then become kgq
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.execve(kgq, [kgq, *args], child_env)
            except BaseException as e:  # shows up in the parent's Timeout/EOFError message
                os.write(2, f"cannot start {kgq}: {e!r}\n".encode())
            os._exit(127)
        self.pid, self.fd = pid, fd
        self.status = None

    # ---- reading -------------------------------------------------------------
    @property
    def text(self):
        return strip_ansi(self.raw)

    def _read_some(self, deadline):
        wait = deadline - time.monotonic()
        if wait <= 0:
            return False
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        if not chunk:
            raise EOFError("kgq closed the terminal; output so far:\n" + self.text)
        self.raw += chunk
        return True

    def expect(self, pattern, timeout=30):
        """Waits until `pattern` (a regex or plain text) appears after what was
        consumed before; returns the text up to and including it."""
        regex = pattern if isinstance(pattern, re.Pattern) else re.compile(re.escape(pattern))
        deadline = time.monotonic() + timeout
        while True:
            text = self.text
            m = regex.search(text, self.pos)
            if m:
                seen = text[self.pos:m.end()]
                self.pos = m.end()
                return seen
            if not self._read_some(deadline):
                raise Timeout(f"no {regex.pattern!r} within {timeout}s; output after the last match:\n"
                              + text[self.pos:])

    def expect_prompt(self, timeout=30):
        return self.expect(PROMPT, timeout)

    # ---- typing --------------------------------------------------------------
    def send(self, keys):
        os.write(self.fd, keys.encode("utf-8"))

    def type_line(self, line):
        self.send(line + "\r")

    def run(self, statement, timeout=30):
        """Types one line and returns what was printed until the next prompt."""
        self.type_line(statement)
        return self.expect_prompt(timeout)

    # ---- ending --------------------------------------------------------------
    def wait(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self._read_some(min(deadline, time.monotonic() + 0.1))
            except EOFError:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
        raise Timeout("kgq did not exit; output:\n" + self.text)

    def close(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)
