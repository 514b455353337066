"""Writes a database directory with an older kgq for tests/data/storage (see README.md)."""
import subprocess, sys, time, os, signal
kgq, db, extra = sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else ""
r = subprocess.run([kgq, "--db", db, "-c", "CREATE (:City {name: 'Minsk', founded: 1067, area: 409.5, capital: true, tags: ['a', 'b']})-[:TWINNED {since: 2015, note: 'x'}]->(:City {name: 'Islamabad', founded: 1960})" + extra], capture_output=True, text=True)
assert r.returncode == 0, r.stderr
script = os.path.join(os.path.dirname(db), "s.cypher")
open(script, "w").write("""CREATE (:City {name: 'Lahore'});
MATCH (c:City {name: 'Minsk'}) SET c.population = 1996553;
MATCH (c:City {name: 'Islamabad'}) REMOVE c.founded;
""" + os.environ.get("LOGEXTRA", "") + """
UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*);
""")
size0 = os.path.getsize(os.path.join(db, "wal.log"))
p = subprocess.Popen([kgq, "--db", db, "-f", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
deadline = time.time() + 30
last = size0
# three commits: wait until the log stops growing after having grown
while time.time() < deadline:
    time.sleep(0.5)
    s = os.path.getsize(os.path.join(db, "wal.log"))
    if s > size0 and s == last: break
    last = s
time.sleep(1)
os.kill(p.pid, signal.SIGKILL); p.wait()
print("log bytes", size0, "->", os.path.getsize(os.path.join(db, "wal.log")))
