//! Units, their versions and the reorganization events.

use std::collections::{BTreeMap, HashMap};

use chibo_domain::org::{OrgChangeSet, OrgEvent, OrgHistory, SourceDocument};
use chibo_domain::unit::{Unit, UnitKind, UnitVersion};
use chibo_domain::{NaiveDate, UnitCode, Validity};

use crate::{BeginWrite, Store, StoreError, UnitChecks, UnitVersions, check_units, on_pool, rows};

/// One unit in a tree listing, as it stood on the requested date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRow {
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    pub sector: String,
    pub parent: Option<UnitCode>,
    /// Distance from the requested root (0 for the root itself); 0 in whole-tree listings.
    pub depth: i64,
}

/// Counts for a status line or a health check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UnitSummary {
    pub units: i64,
    pub cells: i64,
    pub members: i64,
}

type VersionRow = (
    String,
    bool,
    i64,
    String,
    String,
    String,
    Option<String>,
    NaiveDate,
    Option<NaiveDate>,
);
type EventRow = (
    i64,
    String,
    NaiveDate,
    Option<String>,
    Option<NaiveDate>,
    Option<String>,
    Option<String>,
);
/// Separators of the packed rows of [`Store::tree_as_of`].
const FIELD_SEPARATOR: char = '\u{1f}';
const ROW_SEPARATOR: char = '\u{1e}';

type TreeTuple = (String, String, String, String, Option<String>, i64);

/// The version query, completed by a literal tail so that all SQL stays static.
macro_rules! select_versions {
    ($tail:literal) => {
        concat!(
            "SELECT u.code, u.is_demo, u.row_version, v.name, v.kind, v.sector_code, p.code, v.valid_from, v.valid_to \
             FROM unit_versions v JOIN units u ON u.id = v.unit_id \
             LEFT JOIN units p ON p.id = v.parent_id ",
            $tail
        )
    };
}

/// A unit with its id, as indicator updates read the units whose rows
/// they place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedUnit {
    pub id: i64,
    pub unit: Unit,
    /// Whether the unit is one of those asked about or was under one of
    /// them at some time (else it is only above one of those).
    pub below: bool,
}

/// A version row with the unit's id and whether it is "below" (see
/// [`PlacedUnit`]): id, code, is_demo, name, kind, sector, parent code,
/// from, to, below.
pub(crate) type PlacedRow = (
    i64,
    String,
    bool,
    String,
    String,
    String,
    Option<String>,
    NaiveDate,
    Option<NaiveDate>,
    i64,
);

/// Units with their ids from version rows ordered by unit.
pub(crate) fn placed_units(rows: Vec<PlacedRow>) -> Result<Vec<PlacedUnit>, StoreError> {
    let mut units: Vec<PlacedUnit> = Vec::new();
    for (id, code, is_demo, name, kind, sector, parent, from, to, below) in rows {
        let version = UnitVersion {
            name: rows::name(&name)?,
            kind: rows::unit_kind(&kind)?,
            sector: rows::sector_code(&sector)?,
            parent: parent.as_deref().map(rows::unit_code).transpose()?,
            validity: Validity { from, to },
        };
        match units.last_mut() {
            Some(last) if last.id == id => last.unit.versions.push(version),
            _ => units.push(PlacedUnit {
                id,
                unit: Unit {
                    code: rows::unit_code(&code)?,
                    versions: vec![version],
                    is_demo,
                },
                below: below != 0,
            }),
        }
    }
    Ok(units)
}

/// Units from their version rows, and (when `versions` is given) each
/// unit's row version, read in the same statement.
fn units_from_rows(
    rows: Vec<VersionRow>,
    mut versions: Option<&mut UnitVersions>,
) -> Result<Vec<Unit>, StoreError> {
    let mut units: BTreeMap<String, Unit> = BTreeMap::new();
    for (code, is_demo, row_version, name, kind, sector, parent, from, to) in rows {
        let version = UnitVersion {
            name: rows::name(&name)?,
            kind: rows::unit_kind(&kind)?,
            sector: rows::sector_code(&sector)?,
            parent: parent.as_deref().map(rows::unit_code).transpose()?,
            validity: Validity { from, to },
        };
        match units.get_mut(&code) {
            Some(unit) => unit.versions.push(version),
            None => {
                let unit = Unit {
                    code: rows::unit_code(&code)?,
                    versions: vec![version],
                    is_demo,
                };
                if let Some(versions) = versions.as_deref_mut() {
                    versions.insert(unit.code.clone(), row_version);
                }
                units.insert(code, unit);
            }
        }
    }
    Ok(units.into_values().collect())
}

/// The versions of a unit (`$1`) and everything under it on a date (`$2`),
/// each with its depth below the unit.
macro_rules! subtree_versions_cte {
    () => {
        subtree_versions_cte!("")
    };
    // A further condition on the recursion, such as a depth bound.
    ($recursion:literal) => {
        concat!(
            "WITH RECURSIVE sub (id, depth, name, kind, sector_code, parent_id) AS ( \
               SELECT v.unit_id, CAST(0 AS BIGINT), v.name, v.kind, v.sector_code, v.parent_id \
               FROM units u JOIN unit_versions v ON v.unit_id = u.id \
               WHERE u.code = $1 AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2) \
               UNION ALL \
               SELECT v.unit_id, sub.depth + 1, v.name, v.kind, v.sector_code, v.parent_id \
               FROM sub JOIN unit_versions v ON v.parent_id = sub.id \
               WHERE v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2) ",
            $recursion,
            " )"
        )
    };
}
pub(crate) use subtree_versions_cte;

fn tree_rows(rows: Vec<TreeTuple>) -> Result<Vec<TreeRow>, StoreError> {
    rows.into_iter()
        .map(|(code, name, kind, sector, parent, depth)| {
            Ok(TreeRow {
                code: rows::unit_code(&code)?,
                name,
                kind: rows::unit_kind(&kind)?,
                sector,
                parent: parent.as_deref().map(rows::unit_code).transpose()?,
                depth,
            })
        })
        .collect()
}

pub(crate) fn id_of(ids: &HashMap<String, i64>, code: &UnitCode) -> Result<i64, StoreError> {
    ids.get(code.as_str())
        .copied()
        .ok_or_else(|| StoreError::NotFound(format!("unit {code}")))
}

/// Writes an org change set inside the transaction `$tx`: units, their full
/// version lists and the new events. Shared by [`Store::apply_org_changes`]
/// and the member writer, which carries reorganizations whose members move.
/// A unit the change did not see (absent from `$checks`) must be new: if it
/// exists, someone created it meanwhile, and the write is a conflict.
macro_rules! write_org_changes {
    ($tx:expr, $changes:expr, $checks:expr) => {{
            let checks: &$crate::UnitChecks = $checks;
            let mut created: std::collections::HashSet<String> = std::collections::HashSet::new();
            for chunk in $changes.units.chunks($crate::rows_per_insert(2)) {
                let mut query = sqlx::QueryBuilder::new("INSERT INTO units (code, is_demo) ");
                query.push_values(chunk, |mut row, unit| {
                    row.push_bind(unit.code.as_str()).push_bind(unit.is_demo);
                });
                query.push(" ON CONFLICT (code) DO NOTHING RETURNING code");
                let new: Vec<String> = query.build_query_scalar().fetch_all(&mut *$tx).await?;
                created.extend(new);
            }

            let mut needed: std::collections::HashSet<&str> = std::collections::HashSet::new();
            for unit in &$changes.units {
                needed.insert(unit.code.as_str());
                needed.extend(unit.versions.iter().filter_map(|v| v.parent.as_ref().map(chibo_domain::UnitCode::as_str)));
            }
            for event in &$changes.events {
                needed.extend(event.sources.iter().chain(&event.targets).map(chibo_domain::UnitCode::as_str));
            }
            let ids = $crate::unit_ids!($tx, needed.into_iter().collect());

            for unit in $changes.units.iter().filter(|u| !created.contains(u.code.as_str())) {
                if !checks.changes(&unit.code) {
                    return Err($crate::StoreError::Conflict);
                }
                sqlx::query("DELETE FROM unit_versions WHERE unit_id = $1")
                    .bind($crate::org::id_of(&ids, &unit.code)?)
                    .execute(&mut *$tx)
                    .await?;
            }

            let mut versions = Vec::new();
            for unit in &$changes.units {
                for version in &unit.versions {
                    let parent = version.parent.as_ref().map(|p| $crate::org::id_of(&ids, p)).transpose()?;
                    versions.push(($crate::org::id_of(&ids, &unit.code)?, version, parent));
                }
            }
            for chunk in versions.chunks($crate::rows_per_insert(7)) {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO unit_versions (unit_id, name, kind, sector_code, parent_id, valid_from, valid_to) ",
                );
                query.push_values(chunk, |mut row, (unit_id, version, parent)| {
                    row.push_bind(*unit_id)
                        .push_bind(version.name.as_str())
                        .push_bind(version.kind.code())
                        .push_bind(version.sector.as_str())
                        .push_bind(*parent)
                        .push_bind(version.validity.from)
                        .push_bind(version.validity.to);
                });
                query.build().execute(&mut *$tx).await?;
            }

            for event in &$changes.events {
                let event_id: i64 = sqlx::query_scalar(
                    "INSERT INTO org_events (kind, effective_on, document_number, document_date, document_title, note) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(event.kind.code())
                .bind(event.effective_on)
                .bind(event.document.number.as_deref())
                .bind(event.document.date)
                .bind(event.document.title.as_deref())
                .bind(event.note.as_deref())
                .fetch_one(&mut *$tx)
                .await?;
                let links = event.sources.iter().enumerate().map(|(i, c)| ("source", i, c))
                    .chain(event.targets.iter().enumerate().map(|(i, c)| ("target", i, c)));
                for (role, position, code) in links {
                    sqlx::query("INSERT INTO org_event_units (event_id, unit_id, role, position) VALUES ($1, $2, $3, $4)")
                        .bind(event_id)
                        .bind($crate::org::id_of(&ids, code)?)
                        .bind(role)
                        .bind(position as i64)
                        .execute(&mut *$tx)
                        .await?;
                }
            }
    }};
}
pub(crate) use write_org_changes;

impl Store {
    /// Every unit with all its versions, and every reorganization event.
    pub async fn load_org_history(&self) -> Result<OrgHistory, StoreError> {
        self.load_org(None).await
    }

    /// [`Store::load_org_history`] with the row version of every unit, read
    /// with its versions: what a change to the tree is planned on.
    pub async fn load_org_snapshot(&self) -> Result<(OrgHistory, UnitVersions), StoreError> {
        let mut versions = UnitVersions::default();
        let history = self.load_org(Some(&mut versions)).await?;
        Ok((history, versions))
    }

    async fn load_org(
        &self,
        versions: Option<&mut UnitVersions>,
    ) -> Result<OrgHistory, StoreError> {
        let sql = select_versions!("ORDER BY u.code, v.valid_from");
        let version_rows: Vec<VersionRow> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        let units = units_from_rows(version_rows, versions)?;
        let events = self.load_events().await?;
        Ok(OrgHistory::from_parts(units, events))
    }

    async fn load_events(&self) -> Result<Vec<OrgEvent>, StoreError> {
        let event_sql = "SELECT id, kind, effective_on, document_number, document_date, \
                         document_title, note FROM org_events ORDER BY id";
        let link_sql = "SELECT l.event_id, l.role, u.code FROM org_event_units l \
                        JOIN units u ON u.id = l.unit_id ORDER BY l.event_id, l.role, l.position";
        let (event_rows, links): (Vec<EventRow>, Vec<(i64, String, String)>) = on_pool!(self, pool => (
            sqlx::query_as(event_sql).fetch_all(pool).await?,
            sqlx::query_as(link_sql).fetch_all(pool).await?,
        ));
        events_from_rows(event_rows, links)
    }

    /// The reorganization events a unit took part in, oldest first. One
    /// query: each event row repeats once per unit it links.
    pub async fn unit_events(&self, code: &UnitCode) -> Result<Vec<OrgEvent>, StoreError> {
        let sql = "SELECT e.id, e.kind, e.effective_on, e.document_number, e.document_date, \
                   e.document_title, e.note, l.role, u.code \
                   FROM org_events e JOIN org_event_units l ON l.event_id = e.id \
                   JOIN units u ON u.id = l.unit_id \
                   WHERE e.id IN (SELECT l2.event_id FROM org_event_units l2 \
                                  JOIN units u2 ON u2.id = l2.unit_id WHERE u2.code = $1) \
                   ORDER BY e.id, l.role, l.position";
        type LinkedEventRow = (
            i64,
            String,
            NaiveDate,
            Option<String>,
            Option<NaiveDate>,
            Option<String>,
            Option<String>,
            String,
            String,
        );
        let rows: Vec<LinkedEventRow> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(code.as_str()).fetch_all(pool).await?
        });
        let mut event_rows: Vec<EventRow> = Vec::new();
        let mut links = Vec::with_capacity(rows.len());
        for (id, kind, on, number, date, title, note, role, unit) in rows {
            if event_rows.last().is_none_or(|e| e.0 != id) {
                event_rows.push((id, kind, on, number, date, title, note));
            }
            links.push((id, role, unit));
        }
        let mut events = events_from_rows(event_rows, links)?;
        events.sort_by_key(|e| e.effective_on);
        Ok(events)
    }
}

fn events_from_rows(
    event_rows: Vec<EventRow>,
    links: Vec<(i64, String, String)>,
) -> Result<Vec<OrgEvent>, StoreError> {
    let mut by_id: BTreeMap<i64, OrgEvent> = BTreeMap::new();
    for (id, kind, effective_on, number, date, title, note) in event_rows {
        by_id.insert(
            id,
            OrgEvent {
                kind: rows::event_kind(&kind)?,
                effective_on,
                document: SourceDocument {
                    number,
                    date,
                    title,
                },
                sources: vec![],
                targets: vec![],
                note,
            },
        );
    }
    for (event_id, role, code) in links {
        let event = by_id
            .get_mut(&event_id)
            .ok_or_else(|| StoreError::Corrupt(format!("event link {event_id}")))?;
        let code = rows::unit_code(&code)?;
        match role.as_str() {
            "source" => event.sources.push(code),
            _ => event.targets.push(code),
        }
    }
    Ok(by_id.into_values().collect())
}

impl Store {
    /// One unit with all its versions.
    pub async fn unit(&self, code: &UnitCode) -> Result<Option<Unit>, StoreError> {
        let sql = select_versions!("WHERE u.code = $1 ORDER BY v.valid_from");
        let rows: Vec<VersionRow> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(code.as_str()).fetch_all(pool).await?);
        Ok(units_from_rows(rows, None)?.into_iter().next())
    }

    /// Writes planned reorganizations (full version lists of the touched
    /// units and the new events) in one transaction, refused with a
    /// conflict if a unit it touches or names changed since `seen` was
    /// read (see [`UnitChecks::for_org_changes`]).
    pub async fn apply_org_changes(
        &self,
        changes: &OrgChangeSet,
        seen: &UnitVersions,
        audit: &[crate::AuditEntry],
    ) -> Result<(), StoreError> {
        let checks = UnitChecks::for_org_changes(changes, seen);
        on_pool!(self, pool => {
            let mut tx = pool.begin_write().await?;
            check_units!(tx, &checks);
            write_org_changes!(tx, changes, &checks);
            crate::audit::insert_audit!(tx, audit);
            tx.commit().await?;
        });
        Ok(())
    }

    /// The whole tree as it stood on `date`, ordered by code.
    ///
    /// A national tree has hundreds of thousands of units, and every row that
    /// crosses from SQLite's thread to ours costs microseconds. So the rows
    /// come packed in blocks by `string_agg` (SQLite 3.44+ and PostgreSQL
    /// alike): fields joined by U+001F, rows by U+001E. Stored codes and names
    /// never hold control characters, so the separators cannot clash.
    pub async fn tree_as_of(&self, date: NaiveDate) -> Result<Vec<TreeRow>, StoreError> {
        let sql = "SELECT string_agg(u.code || $2 || v.name || $2 || v.kind || $2 || v.sector_code \
                     || $2 || COALESCE(p.code, ''), $3) \
                   FROM unit_versions v JOIN units u ON u.id = v.unit_id \
                   LEFT JOIN units p ON p.id = v.parent_id \
                   WHERE v.valid_from <= $1 AND (v.valid_to IS NULL OR v.valid_to > $1) \
                   GROUP BY v.unit_id / 1024";
        let blocks: Vec<Option<String>> = on_pool!(self, pool => {
            sqlx::query_scalar(sql)
                .bind(date)
                .bind(FIELD_SEPARATOR.to_string())
                .bind(ROW_SEPARATOR.to_string())
                .fetch_all(pool)
                .await?
        });
        let mut rows = Vec::new();
        for block in blocks.iter().flatten() {
            for row in block.split(ROW_SEPARATOR) {
                let fields: Vec<&str> = row.split(FIELD_SEPARATOR).collect();
                let [code, name, kind, sector, parent] = fields[..] else {
                    return Err(StoreError::Corrupt(format!("tree row {row:?}")));
                };
                rows.push(TreeRow {
                    code: rows::unit_code(code)?,
                    name: name.to_owned(),
                    kind: rows::unit_kind(kind)?,
                    sector: sector.to_owned(),
                    parent: (!parent.is_empty())
                        .then(|| rows::unit_code(parent))
                        .transpose()?,
                    depth: 0,
                });
            }
        }
        rows.sort_unstable_by(|a, b| a.code.cmp(&b.code));
        Ok(rows)
    }

    /// A unit and everything under it on `date`, parents before children.
    /// Empty when the unit did not exist on that date.
    pub async fn subtree_as_of(
        &self,
        root: &UnitCode,
        date: NaiveDate,
    ) -> Result<Vec<TreeRow>, StoreError> {
        // The recursion carries each unit's version, so the outer query only
        // looks codes up. `CROSS JOIN` keeps SQLite from scanning all unit
        // versions against an automatic index on `sub` (what SQLite 3.51
        // chose for the former re-join: 25 ms instead of 1 ms on 320,000
        // units); PostgreSQL plans it as an ordinary inner join.
        let sql = concat!(
            subtree_versions_cte!(),
            " SELECT u.code, sub.name, sub.kind, sub.sector_code, p.code, sub.depth \
             FROM sub CROSS JOIN units u \
             LEFT JOIN units p ON p.id = sub.parent_id \
             WHERE u.id = sub.id \
             ORDER BY sub.depth, u.code"
        );
        let rows: Vec<TreeTuple> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(root.as_str()).bind(date).fetch_all(pool).await?
        });
        tree_rows(rows)
    }

    /// [`Store::subtree_as_of`] with the members of each unit's own cell
    /// on `date` (zero for units that are not cells), in one query: the
    /// unit page needs both, and each query crosses to SQLite's thread.
    pub async fn subtree_with_members(
        &self,
        root: &UnitCode,
        date: NaiveDate,
    ) -> Result<(Vec<TreeRow>, HashMap<UnitCode, i64>), StoreError> {
        let sql = concat!(
            subtree_versions_cte!(),
            " SELECT u.code, sub.name, sub.kind, sub.sector_code, p.code, sub.depth, \
               (SELECT COUNT(*) FROM member_cells c WHERE c.unit_id = sub.id \
                  AND c.valid_from <= $2 AND (c.valid_to IS NULL OR c.valid_to > $2)) \
             FROM sub CROSS JOIN units u \
             LEFT JOIN units p ON p.id = sub.parent_id \
             WHERE u.id = sub.id \
             ORDER BY sub.depth, u.code"
        );
        type CountedTuple = (String, String, String, String, Option<String>, i64, i64);
        let rows: Vec<CountedTuple> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(root.as_str()).bind(date).fetch_all(pool).await?
        });
        let mut counts = HashMap::new();
        let mut tuples = Vec::with_capacity(rows.len());
        for (code, name, kind, sector, parent, depth, members) in rows {
            if members > 0 {
                counts.insert(rows::unit_code(&code)?, members);
            }
            tuples.push((code, name, kind, sector, parent, depth));
        }
        Ok((tree_rows(tuples)?, counts))
    }

    /// How many units, cells and members exist on `date`.
    pub async fn summary_as_of(&self, date: NaiveDate) -> Result<UnitSummary, StoreError> {
        let units_sql = "SELECT COUNT(*), \
             COALESCE(SUM(CASE WHEN kind IN ('grassroots_cell', 'subordinate_cell') THEN 1 ELSE 0 END), 0) \
             FROM unit_versions WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1)";
        let members_sql = "SELECT COUNT(*) FROM member_cells \
             WHERE valid_from <= $1 AND (valid_to IS NULL OR valid_to > $1)";
        let ((units, cells), members): ((i64, i64), i64) = on_pool!(self, pool => (
            sqlx::query_as(units_sql).bind(date).fetch_one(pool).await?,
            sqlx::query_scalar(members_sql).bind(date).fetch_one(pool).await?,
        ));
        Ok(UnitSummary {
            units,
            cells,
            members,
        })
    }

    /// Members in each cell on `date`, keyed by cell code.
    pub async fn member_counts_as_of(
        &self,
        date: NaiveDate,
    ) -> Result<HashMap<UnitCode, i64>, StoreError> {
        let sql = "SELECT u.code, COUNT(*) FROM member_cells c JOIN units u ON u.id = c.unit_id \
                   WHERE c.valid_from <= $1 AND (c.valid_to IS NULL OR c.valid_to > $1) GROUP BY u.code";
        let rows: Vec<(String, i64)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(date).fetch_all(pool).await?);
        rows.into_iter()
            .map(|(code, n)| Ok((rows::unit_code(&code)?, n)))
            .collect()
    }
}
