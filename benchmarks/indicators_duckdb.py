"""DuckDB computing chibo's national indicator rollup from the same meeting rows.

    pip install duckdb pandas
    python3 benchmarks/indicators_duckdb.py /tmp/national.db \
        [--runs 21] [--chibo-rollup-ms 400] [--chibo-rebuild-s 120]

Reads, untimed, from a chibo SQLite file holding the national demonstration
data with a year of meetings (`chibo demo --scale national --meeting-months
12`): the held meetings of the year with their fact columns, the tree as it
stood in the year, and chibo's stored year rows. DuckDB's extensions cannot
be downloaded here, so the rows travel through Python's `sqlite3` and pandas
into DuckDB tables.

Timed: one plain SQL statement that sums the meeting facts per cell and
month, joins each cell to its ancestors (a recursive closure over the parent
links, computed in the same statement), groups by unit, and computes the
value of every indicator whose counters come from the meeting rows alone (9
of the catalog's 17; the others need the attendance marks, the norm rules or
scores, which the national data does not have), materialized as a table
inside DuckDB. Median and p95 over `--runs` runs.

Checked: every unit's counters from DuckDB equal chibo's stored year rows,
and the root's meetings, present, eligible and minutes are printed from both.

With chibo's figures for the same database (`--chibo-rollup-ms`: the p50 of
the rollup served from stored rows; `--chibo-rebuild-s`: `rebuild_year`),
prints the ratios.
"""

import argparse
import json
import pathlib
import sqlite3
import statistics
import time

import duckdb
import pandas as pd

REFERENCE = pathlib.Path(__file__).resolve().parents[1] / "crates/core/reference"

# The counters DuckDB computes, as chibo names its columns.
COUNTERS = [
    "cell_months",
    "cell_months_with_regular",
    "cell_quarters",
    "cell_quarters_with_thematic",
    "meetings",
    "timed_meetings",
    "minutes_total",
    "length_judged_meetings",
    "long_enough_meetings",
    "eligible",
    "present",
    "unexcused",
    "speakers",
    "tasks_due",
    "tasks_on_time",
    "superior_attended",
]


def minimum_minutes():
    """The regular and combined minimum lengths of the shipped norms."""
    for path in sorted((REFERENCE / "norms").glob("*.json")):
        for rule in json.loads(path.read_text())["rules"]:
            check = rule["check"]
            if check["type"] == "minimum_duration":
                return check["regular_minutes"], check["combined_minutes"]
    raise SystemExit("no minimum_duration norm")


def indicator_columns():
    """SQL for each catalog indicator whose counters DuckDB computes."""
    catalog = json.loads(
        (REFERENCE / "indicators/meeting-quality-v1.json").read_text()
    )
    columns = []
    for indicator in catalog["indicators"]:
        formula = indicator["formula"]
        if formula["type"] == "share":
            part, whole = formula["part"], formula["whole"]
            needed = [part, whole]
            sql = f"100.0 * {part} / NULLIF({whole}, 0)"
        elif formula["type"] == "mean":
            total, count = formula["total"], formula["count"]
            divisor = formula.get("divisor", 1)
            needed = [total, count]
            sql = f"{total} / NULLIF({count}, 0) / {float(divisor)}"
        else:
            needed = [formula["counter"]]
            sql = formula["counter"]
        if all(c in COUNTERS for c in needed):
            columns.append(f"{sql} AS {indicator['code']}")
    return columns, len(catalog["indicators"])


def load(path):
    """The year, and DuckDB holding its meetings, tree and chibo's rows."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    first, last = source.execute(
        "SELECT MIN(held_on), MAX(held_on) FROM meetings "
        "WHERE status <> 'planned' AND held_on IS NOT NULL"
    ).fetchone()
    year = int(first[:4])
    if int(last[:4]) != year:
        print(f"meetings span {first}..{last}: only {year} is compared")
    start, end = f"{year}-01-01", f"{year}-12-31"
    # The tree must stand still through the year for one closure to serve
    # every month (chibo attributes each month by its first day's tree).
    moves = source.execute(
        "SELECT COUNT(*) FROM unit_versions WHERE (valid_from > ? AND valid_from <= ?) "
        "OR (valid_to > ? AND valid_to <= ?)",
        (start, end, start, end),
    ).fetchone()[0]
    if moves:
        raise SystemExit(f"{moves} unit versions begin or end within {year}")
    began = time.perf_counter()
    meetings = pd.read_sql_query(
        "SELECT unit_id, held_on, kind, duration_minutes, expected, present, unexcused, "
        "speakers, previous_tasks_due, previous_tasks_on_time, superior_attended "
        "FROM meetings WHERE status <> 'planned' AND held_on IS NOT NULL "
        "AND held_on >= ? AND held_on <= ?",
        source,
        params=(start, end),
    )
    meetings["held_on"] = pd.to_datetime(meetings["held_on"])
    meetings["duration_minutes"] = meetings["duration_minutes"].astype("Int64")
    tree = pd.read_sql_query(
        "SELECT unit_id AS id, parent_id AS parent, "
        "kind IN ('grassroots_cell', 'subordinate_cell') AS is_cell "
        "FROM unit_versions WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)",
        source,
        params=(start, start),
    )
    stored = pd.read_sql_query(
        f"SELECT unit_id, {', '.join(COUNTERS)} FROM indicator_rows "
        "WHERE year = ? AND month = 0",
        source,
        params=(year,),
    )
    root = source.execute(
        "SELECT v.unit_id FROM unit_versions v WHERE v.parent_id IS NULL "
        "AND v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)",
        (start, start),
    ).fetchone()[0]
    source.close()
    con = duckdb.connect()
    con.execute("SET threads = 2")
    for name, frame in [("meetings", meetings), ("tree", tree), ("stored", stored)]:
        con.register(f"{name}_frame", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_frame")
        con.unregister(f"{name}_frame")
    print(
        f"loaded (untimed, {time.perf_counter() - began:.1f} s): {len(meetings):,} meetings "
        f"of {year}, {len(tree):,} units ({int(tree['is_cell'].sum()):,} cells), "
        f"{len(stored):,} stored year rows; DuckDB {duckdb.__version__}"
    )
    return con, year, root


def rollup_sql(regular_minutes, combined_minutes, indicators):
    return f"""
CREATE OR REPLACE TABLE rollup AS
WITH RECURSIVE closure (cell, ancestor) AS (
    SELECT id, id FROM tree WHERE is_cell
    UNION ALL
    SELECT c.cell, t.parent FROM closure c JOIN tree t ON t.id = c.ancestor
    WHERE t.parent IS NOT NULL
),
cell_months AS (
    SELECT unit_id AS cell, month(held_on) AS month,
        count(*) AS meetings,
        count(duration_minutes) AS timed_meetings,
        coalesce(sum(duration_minutes), 0) AS minutes_total,
        count(*) FILTER (WHERE kind <> 'extraordinary') AS length_judged_meetings,
        count(*) FILTER (WHERE duration_minutes >= CASE kind
            WHEN 'regular_and_thematic' THEN {combined_minutes}
            WHEN 'extraordinary' THEN NULL ELSE {regular_minutes} END) AS long_enough_meetings,
        sum(expected) AS eligible,
        sum(present) AS present,
        sum(unexcused) AS unexcused,
        sum(speakers) AS speakers,
        sum(previous_tasks_due) AS tasks_due,
        sum(previous_tasks_on_time) AS tasks_on_time,
        count(*) FILTER (WHERE superior_attended <> 0) AS superior_attended,
        bool_or(kind IN ('regular', 'regular_and_thematic')) AS with_regular,
        bool_or(kind IN ('thematic', 'regular_and_thematic')) AS with_thematic
    FROM meetings GROUP BY ALL
),
cell_year AS (
    SELECT cell,
        sum(meetings) AS meetings, sum(timed_meetings) AS timed_meetings,
        sum(minutes_total) AS minutes_total,
        sum(length_judged_meetings) AS length_judged_meetings,
        sum(long_enough_meetings) AS long_enough_meetings,
        sum(eligible) AS eligible, sum(present) AS present, sum(unexcused) AS unexcused,
        sum(speakers) AS speakers, sum(tasks_due) AS tasks_due,
        sum(tasks_on_time) AS tasks_on_time, sum(superior_attended) AS superior_attended,
        count(*) FILTER (WHERE with_regular) AS cell_months_with_regular,
        count(DISTINCT (month - 1) // 3) FILTER (WHERE with_thematic)
            AS cell_quarters_with_thematic
    FROM cell_months GROUP BY cell
),
sums AS (
    SELECT c.ancestor AS unit_id,
        12 * count(*) AS cell_months,
        coalesce(sum(y.cell_months_with_regular), 0) AS cell_months_with_regular,
        4 * count(*) AS cell_quarters,
        coalesce(sum(y.cell_quarters_with_thematic), 0) AS cell_quarters_with_thematic,
        {', '.join(f'coalesce(sum(y.{c}), 0) AS {c}' for c in COUNTERS[4:])}
    FROM closure c LEFT JOIN cell_year y ON y.cell = c.cell
    GROUP BY c.ancestor
)
SELECT *, {', '.join(indicators)} FROM sums
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", help="a chibo SQLite file with national meetings")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--chibo-rollup-ms", type=float)
    parser.add_argument("--chibo-rebuild-s", type=float)
    args = parser.parse_args()

    con, year, root = load(args.database)
    indicators, catalog_size = indicator_columns()
    sql = rollup_sql(*minimum_minutes(), indicators)
    times = []
    for _ in range(args.runs):
        began = time.perf_counter()
        con.execute(sql)
        times.append(time.perf_counter() - began)
    units = con.execute("SELECT count(*) FROM rollup").fetchone()[0]
    ordered = sorted(times)
    p50 = statistics.median(times)
    p95 = ordered[round((len(ordered) - 1) * 0.95)]
    print(
        f"DuckDB rollup of {len(indicators)} of {catalog_size} indicators for {units:,} units "
        f"from the meeting rows: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {ordered[-1] * 1000:.0f} ms over {len(times)} runs (first {times[0] * 1000:.0f} ms)"
    )

    # Every unit's counters against chibo's stored year rows.
    differing = con.execute(
        "SELECT count(*) FROM rollup r FULL JOIN stored s USING (unit_id) WHERE "
        + " OR ".join(f"r.{c} IS DISTINCT FROM s.{c}" for c in COUNTERS)
    ).fetchone()[0]
    shown = ["meetings", "present", "eligible", "minutes_total"]
    ours = con.execute(
        f"SELECT {', '.join(shown)} FROM rollup WHERE unit_id = ?", [root]
    ).fetchone()
    theirs = con.execute(
        f"SELECT {', '.join(shown)} FROM stored WHERE unit_id = ?", [root]
    ).fetchone()
    for name, a, b in zip(shown, ours, theirs):
        print(f"  root {name}: DuckDB {a:,}, chibo {b:,}")
    print(
        f"  units whose {len(COUNTERS)} counters differ from chibo's stored year rows: {differing}"
    )
    if differing or tuple(ours) != tuple(theirs):
        raise SystemExit("DuckDB and chibo disagree")
    if args.chibo_rollup_ms:
        print(
            f"  DuckDB p50 / chibo serving the stored rollup (p50 {args.chibo_rollup_ms:.0f} ms): "
            f"{p50 * 1000 / args.chibo_rollup_ms:.2f}"
        )
    if args.chibo_rebuild_s:
        print(
            f"  DuckDB p50 / chibo's full rebuild ({args.chibo_rebuild_s:.1f} s): "
            f"{p50 / args.chibo_rebuild_s:.3f} (chibo's rebuild takes "
            f"{args.chibo_rebuild_s / p50:.0f}x DuckDB's time)"
        )


if __name__ == "__main__":
    main()
