"""How fast SQLite itself can store members, without chibo or sqlx.

Inserts 200,000 members with a status period and a cell period each into the
chibo schema through Python's sqlite3 module (executemany, one transaction,
WAL, synchronous=NORMAL), with ids assigned by the program and, for
comparison, looked up by code. This is the floor under `bench_import`.

    python3 benchmarks/sqlite_floor.py
"""

import os
import sqlite3
import tempfile
import time
from pathlib import Path

MIGRATION = Path(__file__).resolve().parent.parent / "crates/store/migrations/sqlite/0001_foundation.sql"
N = 200_000


def run(explicit_ids: bool) -> float:
    path = os.path.join(tempfile.mkdtemp(), "floor.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA cache_size=-65536")
    db.executescript(MIGRATION.read_text())
    db.executemany("INSERT INTO units (id, code) VALUES (?, ?)", [(i, f"U{i}") for i in range(1, 5001)])
    members = [(i + 1, f"DV{i:08}", f"Nguyễn Văn Thành {i}", "male", 1950 + i % 50, 0) for i in range(N)]
    started = time.time()
    db.execute("BEGIN")
    if explicit_ids:
        db.executemany("INSERT INTO members (id, code, full_name, gender, birth_year, is_demo) VALUES (?,?,?,?,?,?)", members)
        db.executemany("INSERT INTO member_statuses VALUES (?, 'full', '2018-03-01', NULL)", [(m[0],) for m in members])
        db.executemany("INSERT INTO member_cells VALUES (?, ?, '2018-03-01', NULL)",
                       [(m[0], 1 + (i // 20) % 5000) for i, m in enumerate(members)])
    else:
        db.executemany("INSERT INTO members (code, full_name, gender, birth_year, is_demo) VALUES (?,?,?,?,?)",
                       [m[1:] for m in members])
        db.executemany("INSERT INTO member_statuses SELECT id, 'full', '2018-03-01', NULL FROM members WHERE code = ?",
                       [(m[1],) for m in members])
        db.executemany("INSERT INTO member_cells SELECT m.id, u.id, '2018-03-01', NULL FROM members m, units u "
                       "WHERE m.code = ? AND u.code = ?", [(m[1], f"U{1 + (i // 20) % 5000}") for i, m in enumerate(members)])
    db.execute("COMMIT")
    return time.time() - started


for explicit in (True, False):
    seconds = run(explicit)
    print(f"ids {'assigned' if explicit else 'looked up'}: {seconds:.2f} s, {N / seconds:,.0f} members/s")
