"""How fast SQLite itself can store members, without chibo or sqlx.

Inserts 200,000 members with a status period and a cell period each into the
chibo schema through Python's sqlite3 module (executemany, one transaction,
WAL, synchronous=NORMAL), with ids assigned by the program and, for
comparison, looked up by code, and with ids assigned and the secondary
index of member_cells dropped in the transaction and built again before
commit (as chibo does for a large import). This is the floor under
`bench_import`.

    python3 benchmarks/sqlite_floor.py
"""

import os
import sqlite3
import tempfile
import time
from pathlib import Path

MIGRATION = Path(__file__).resolve().parent.parent / "crates/store/migrations/sqlite/0001_foundation.sql"
N = 200_000


def run(explicit_ids: bool, rebuild_index: bool = False) -> float:
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
    if rebuild_index:
        # Rebuilt from the migration's own SQL, as chibo does.
        index_sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'member_cells_by_unit'").fetchone()[0]
        db.execute("DROP INDEX member_cells_by_unit")
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
    if rebuild_index:
        db.execute(index_sql)
    db.execute("COMMIT")
    return time.time() - started


for label, explicit, rebuild in (
    ("ids assigned", True, False),
    ("ids looked up", False, False),
    ("ids assigned, index rebuilt", True, True),
):
    seconds = run(explicit, rebuild)
    print(f"{label}: {seconds:.2f} s, {N / seconds:,.0f} members/s")
