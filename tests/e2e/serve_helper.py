"""Starts `kgq serve` on a free loopback port and talks to it with http.client (stdlib only)."""
import http.client
import json
import re
import subprocess
import urllib.parse

import kgq_e2e as k


class Server:
    """A running `kgq serve`; `url` is the URL it printed."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([k.KGQ, "serve", "--port", "0", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"(http://\S+)", line)
        if not m:
            self.proc.kill()
            raise RuntimeError("kgq serve printed no URL: %r %r" % (line, self.proc.stderr.read()))
        self.line = line
        self.url = m.group(1)
        parsed = urllib.parse.urlparse(self.url)
        self.host, self.port = parsed.hostname, parsed.port
        self.token = urllib.parse.parse_qs(parsed.query).get("token", [None])[0]

    def stop(self, signal=None):
        """Stops the server (SIGTERM unless `signal`); returns its exit status."""
        if signal is None:
            self.proc.terminate()
        else:
            self.proc.send_signal(signal)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode

    def request(self, method, path, body=None, headers=None, token=True, raw=None, host=None, timeout=60):
        """Returns (status, headers as a dict with lower-case names, body bytes)."""
        conn = http.client.HTTPConnection(host or "127.0.0.1", self.port, timeout=timeout)
        h = {}
        if body is not None or raw is not None:
            h["Content-Type"] = "application/json"
        if token and self.token:
            h["Authorization"] = "Bearer " + self.token
        h.update(headers or {})
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        out = r.read()
        hs = {name.lower(): value for name, value in r.getheaders()}
        conn.close()
        return r.status, hs, out

    def query(self, statement, **members):
        """POST /query; returns (status, parsed JSON)."""
        body = {"statement": statement, **members}
        status, _, out = self.request("POST", "/query", body)
        return status, json.loads(out)
