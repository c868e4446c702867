//! Members and their dated statuses, cells, roles and exemptions.

use std::collections::BTreeMap;

use chibo_domain::member::{CellRole, Exemption, Gender, Member, MemberStatus, Period};
use chibo_domain::{MemberCode, NaiveDate, UnitCode, Validity};

use crate::{MemberUpdate, Store, StoreError, on_pool, rows, subtree_units_cte};

/// Members to write: new ones are inserted (refused as a conflict if the
/// code exists meanwhile), updated ones have their personal fields
/// corrected and all their periods replaced, each refused as a conflict if
/// it changed since the version it carries.
#[derive(Debug, Clone, Default)]
pub struct MemberChangeSet {
    pub created: Vec<Member>,
    pub updated: Vec<MemberUpdate>,
}

impl MemberChangeSet {
    pub fn is_empty(&self) -> bool {
        self.created.is_empty() && self.updated.is_empty()
    }
}

/// A member on a cell's roster on one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    pub code: MemberCode,
    pub full_name: String,
    pub gender: Gender,
    pub birth_year: i32,
    pub status: Option<MemberStatus>,
    pub role: CellRole,
    pub exemption_reason: Option<String>,
}

type MemberRow = (i64, String, String, String, i64, bool, i64);
type RosterRow = (
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
);

const MEMBER_CHUNK: usize = 5_000;

/// A roster row as the queries select it: code, name, gender, birth year,
/// and the status, role and exemption reason on the date (if any).
fn roster_entry(row: RosterRow) -> Result<RosterEntry, StoreError> {
    let (code, full_name, gender, birth_year, status, role, reason) = row;
    Ok(RosterEntry {
        code: rows::member_code(&code)?,
        full_name,
        gender: rows::gender(&gender)?,
        birth_year: birth_year as i32,
        status: status.as_deref().map(rows::status).transpose()?,
        role: role
            .as_deref()
            .map(rows::role)
            .transpose()?
            .unwrap_or(CellRole::Member),
        exemption_reason: reason,
    })
}

/// Appends `IN ($1, $2, …)` for the given ids.
fn push_in_list<DB: sqlx::Database>(query: &mut sqlx::QueryBuilder<DB>, ids: &[i64])
where
    for<'t> i64: sqlx::Encode<'t, DB> + sqlx::Type<DB>,
{
    query.push(" IN (");
    let mut separated = query.separated(", ");
    for id in ids {
        separated.push_bind(*id);
    }
    query.push(")");
}

impl Store {
    /// The stored members among `codes`, with all their periods.
    pub async fn load_members(&self, codes: &[MemberCode]) -> Result<Vec<Member>, StoreError> {
        Ok(self
            .load_member_updates(codes)
            .await?
            .into_iter()
            .map(|m| m.member)
            .collect())
    }

    /// [`Store::load_members`] with each member's row version, ready to be
    /// changed and written back as a [`MemberUpdate`].
    pub async fn load_member_updates(
        &self,
        codes: &[MemberCode],
    ) -> Result<Vec<MemberUpdate>, StoreError> {
        let mut members = Vec::new();
        for chunk in codes.chunks(MEMBER_CHUNK) {
            let rows: Vec<MemberRow> = on_pool!(self, pool => {
                let mut query = sqlx::QueryBuilder::new(
                    "SELECT id, code, full_name, gender, birth_year, is_demo, row_version FROM members WHERE code IN (",
                );
                let mut separated = query.separated(", ");
                for code in chunk {
                    separated.push_bind(code.as_str());
                }
                query.push(")");
                query.build_query_as().fetch_all(pool).await?
            });
            members.extend(self.complete_members(rows).await?);
        }
        Ok(members)
    }

    /// Up to `limit` members after `after` in code order, for exports that
    /// must not hold a national roster in memory.
    pub async fn members_page(
        &self,
        after: Option<&MemberCode>,
        limit: i64,
    ) -> Result<Vec<Member>, StoreError> {
        let sql = "SELECT id, code, full_name, gender, birth_year, is_demo, row_version FROM members \
                   WHERE code > $1 ORDER BY code LIMIT $2";
        let after = after.map_or("", MemberCode::as_str);
        let rows: Vec<MemberRow> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(after).bind(limit).fetch_all(pool).await?
        });
        Ok(self
            .complete_members(rows)
            .await?
            .into_iter()
            .map(|m| m.member)
            .collect())
    }

    async fn complete_members(
        &self,
        rows: Vec<MemberRow>,
    ) -> Result<Vec<MemberUpdate>, StoreError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        type Dated = (i64, String, NaiveDate, Option<NaiveDate>);
        let (statuses, cells, roles, exemptions): (Vec<Dated>, Vec<Dated>, Vec<Dated>, Vec<Dated>) = on_pool!(self, pool => {
            let mut q = sqlx::QueryBuilder::new("SELECT member_id, status, valid_from, valid_to FROM member_statuses WHERE member_id");
            push_in_list(&mut q, &ids);
            let statuses = q.build_query_as().fetch_all(pool).await?;
            let mut q = sqlx::QueryBuilder::new("SELECT c.member_id, u.code, c.valid_from, c.valid_to FROM member_cells c JOIN units u ON u.id = c.unit_id WHERE c.member_id");
            push_in_list(&mut q, &ids);
            let cells = q.build_query_as().fetch_all(pool).await?;
            let mut q = sqlx::QueryBuilder::new("SELECT member_id, role, valid_from, valid_to FROM member_roles WHERE member_id");
            push_in_list(&mut q, &ids);
            let roles = q.build_query_as().fetch_all(pool).await?;
            let mut q = sqlx::QueryBuilder::new("SELECT member_id, reason, valid_from, valid_to FROM member_exemptions WHERE member_id");
            push_in_list(&mut q, &ids);
            let exemptions = q.build_query_as().fetch_all(pool).await?;
            (statuses, cells, roles, exemptions)
        });
        let mut members: BTreeMap<i64, Member> = BTreeMap::new();
        let mut row_versions: BTreeMap<i64, i64> = BTreeMap::new();
        for (id, code, full_name, gender, birth_year, is_demo, row_version) in rows {
            row_versions.insert(id, row_version);
            members.insert(
                id,
                Member {
                    code: rows::member_code(&code)?,
                    full_name: rows::name(&full_name)?,
                    gender: rows::gender(&gender)?,
                    birth_year: birth_year as i32,
                    statuses: vec![],
                    cells: vec![],
                    roles: vec![],
                    exemptions: vec![],
                    is_demo,
                },
            );
        }
        for (id, value, from, to) in statuses {
            let validity = Validity { from, to };
            let status = rows::status(&value)?;
            if let Some(m) = members.get_mut(&id) {
                m.statuses.push(Period {
                    value: status,
                    validity,
                });
            }
        }
        for (id, value, from, to) in cells {
            let validity = Validity { from, to };
            let cell = rows::unit_code(&value)?;
            if let Some(m) = members.get_mut(&id) {
                m.cells.push(Period {
                    value: cell,
                    validity,
                });
            }
        }
        for (id, value, from, to) in roles {
            let validity = Validity { from, to };
            let role = rows::role(&value)?;
            if let Some(m) = members.get_mut(&id) {
                m.roles.push(Period {
                    value: role,
                    validity,
                });
            }
        }
        for (id, reason, from, to) in exemptions {
            if let Some(m) = members.get_mut(&id) {
                m.exemptions.push(Exemption {
                    validity: Validity { from, to },
                    reason,
                });
            }
        }
        Ok(members
            .into_iter()
            .map(|(id, mut m)| {
                m.statuses.sort_by_key(|p| p.validity.from);
                m.cells.sort_by_key(|p| p.validity.from);
                m.roles.sort_by_key(|p| p.validity.from);
                m.exemptions.sort_by_key(|e| e.validity.from);
                MemberUpdate {
                    member: m,
                    row_version: row_versions.get(&id).copied().unwrap_or_default(),
                }
            })
            .collect())
    }

    /// The members of a cell on `date` with their status, role and exemption.
    /// Unordered: callers sort for people with Vietnamese collation.
    pub async fn roster(
        &self,
        cell: &UnitCode,
        date: NaiveDate,
    ) -> Result<Vec<RosterEntry>, StoreError> {
        let sql = "SELECT m.code, m.full_name, m.gender, m.birth_year, s.status, r.role, e.reason \
             FROM member_cells c JOIN units u ON u.id = c.unit_id JOIN members m ON m.id = c.member_id \
             LEFT JOIN member_statuses s ON s.member_id = m.id \
               AND s.valid_from <= $2 AND (s.valid_to IS NULL OR s.valid_to > $2) \
             LEFT JOIN member_roles r ON r.member_id = m.id \
               AND r.valid_from <= $2 AND (r.valid_to IS NULL OR r.valid_to > $2) \
             LEFT JOIN member_exemptions e ON e.member_id = m.id \
               AND e.valid_from <= $2 AND (e.valid_to IS NULL OR e.valid_to > $2) \
             WHERE u.code = $1 AND c.valid_from <= $2 AND (c.valid_to IS NULL OR c.valid_to > $2)";
        let rows: Vec<RosterRow> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(cell.as_str()).bind(date).fetch_all(pool).await?
        });
        rows.into_iter().map(roster_entry).collect()
    }

    /// Whether any member is stored: unlike a count, one index probe
    /// whatever the size of the roster.
    pub async fn has_members(&self) -> Result<bool, StoreError> {
        let sql = "SELECT EXISTS (SELECT 1 FROM members)";
        Ok(on_pool!(self, pool => sqlx::query_scalar(sql).fetch_one(pool).await?))
    }

    pub async fn member_count(&self) -> Result<i64, StoreError> {
        Ok(
            on_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM members").fetch_one(pool).await?),
        )
    }
}

/// One page of the members under a unit on a date, as the paging queries
/// select them: cell code, then the roster columns.
type SubtreeRow = (
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn subtree_entries(found: Vec<SubtreeRow>) -> Result<Vec<(UnitCode, RosterEntry)>, StoreError> {
    found
        .into_iter()
        .map(|(cell, code, name, gender, year, status, role, reason)| {
            let entry = roster_entry((code, name, gender, year, status, role, reason))?;
            Ok((rows::unit_code(&cell)?, entry))
        })
        .collect()
}

/// Which cells of a subtree listing on one date may be listed: those that
/// one of `grants` holds both on that date and on `today`, and the cells
/// in `also` (decided case by case by the caller: cells that do not exist
/// today).
#[derive(Debug, Clone, Copy)]
pub struct CellFilter<'a> {
    pub grants: &'a [UnitCode],
    pub today: NaiveDate,
    pub also: &'a [UnitCode],
}

impl Store {
    /// The units under `root` on `date` (itself included) that have no
    /// version on `today`: dissolved since, or created later.
    pub async fn subtree_units_absent_on(
        &self,
        root: &UnitCode,
        date: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<UnitCode>, StoreError> {
        let sql = concat!(
            subtree_units_cte!(),
            " SELECT u.code FROM sub CROSS JOIN units u WHERE u.id = sub.id \
              AND NOT EXISTS (SELECT 1 FROM unit_versions v WHERE v.unit_id = sub.id \
                AND v.valid_from <= $3 AND (v.valid_to IS NULL OR v.valid_to > $3)) \
              ORDER BY u.code"
        );
        let codes: Vec<String> = on_pool!(self, pool => {
            sqlx::query_scalar(sql).bind(root.as_str()).bind(date).bind(today).fetch_all(pool).await?
        });
        codes.iter().map(|c| rows::unit_code(c)).collect()
    }

    /// [`Store::subtree_members`] limited to the cells `filter` admits.
    /// Each grant's subtree is walked on both days and the two are
    /// intersected per grant: a cell that one grant held then and another
    /// holds now is not admitted.
    pub async fn subtree_members_filtered(
        &self,
        root: &UnitCode,
        date: NaiveDate,
        filter: CellFilter<'_>,
        after: Option<&MemberCode>,
        limit: i64,
    ) -> Result<Vec<(UnitCode, RosterEntry)>, StoreError> {
        let after = after.map_or("", MemberCode::as_str);
        // `$name (g, id)`: each grant's id with every unit under it on `$day`.
        macro_rules! grant_walk {
            ($query:ident, $name:literal, $day:expr) => {{
                $query.push(concat!(
                    $name,
                    " (g, id) AS (SELECT u.id, u.id FROM units u WHERE u.code IN ("
                ));
                let mut separated = $query.separated(", ");
                separated.push_bind("");
                for grant in filter.grants {
                    separated.push_bind(grant.as_str().to_owned());
                }
                $query.push(concat!(
                    ") UNION ALL SELECT ",
                    $name,
                    ".g, v.unit_id FROM ",
                    $name,
                    " JOIN unit_versions v ON v.parent_id = ",
                    $name,
                    ".id WHERE v.valid_from <= "
                ));
                $query.push_bind($day);
                $query.push(" AND (v.valid_to IS NULL OR v.valid_to > ");
                $query.push_bind($day);
                $query.push(")), ");
            }};
        }
        let found: Vec<SubtreeRow> = on_pool!(self, pool => {
            let mut query = sqlx::QueryBuilder::new(
                "WITH RECURSIVE sub (id) AS (SELECT u.id FROM units u WHERE u.code = ",
            );
            query.push_bind(root.as_str().to_owned());
            query.push(" UNION ALL SELECT v.unit_id FROM sub JOIN unit_versions v ON v.parent_id = sub.id WHERE v.valid_from <= ");
            query.push_bind(date);
            query.push(" AND (v.valid_to IS NULL OR v.valid_to > ");
            query.push_bind(date);
            query.push(")), ");
            grant_walk!(query, "then_under", date);
            grant_walk!(query, "now_under", filter.today);
            query.push(
                "admitted (id) AS (SELECT then_under.id FROM then_under JOIN now_under \
                   ON now_under.g = then_under.g AND now_under.id = then_under.id \
                 UNION SELECT u.id FROM units u WHERE u.code IN (",
            );
            let mut separated = query.separated(", ");
            separated.push_bind("");
            for code in filter.also {
                separated.push_bind(code.as_str().to_owned());
            }
            query.push(
                ")) SELECT cu.code, m.code, m.full_name, m.gender, m.birth_year, s.status, r.role, e.reason \
                 FROM sub CROSS JOIN member_cells c \
                 JOIN units cu ON cu.id = c.unit_id JOIN members m ON m.id = c.member_id \
                 LEFT JOIN member_statuses s ON s.member_id = m.id \
                   AND s.valid_from <= ",
            );
            query.push_bind(date);
            query.push(" AND (s.valid_to IS NULL OR s.valid_to > ");
            query.push_bind(date);
            query.push(") LEFT JOIN member_roles r ON r.member_id = m.id AND r.valid_from <= ");
            query.push_bind(date);
            query.push(" AND (r.valid_to IS NULL OR r.valid_to > ");
            query.push_bind(date);
            query.push(") LEFT JOIN member_exemptions e ON e.member_id = m.id AND e.valid_from <= ");
            query.push_bind(date);
            query.push(" AND (e.valid_to IS NULL OR e.valid_to > ");
            query.push_bind(date);
            query.push(") WHERE c.unit_id = sub.id AND c.valid_from <= ");
            query.push_bind(date);
            query.push(" AND (c.valid_to IS NULL OR c.valid_to > ");
            query.push_bind(date);
            query.push(") AND c.unit_id IN (SELECT id FROM admitted) AND m.code > ");
            query.push_bind(after.to_owned());
            query.push(" ORDER BY m.code LIMIT ");
            query.push_bind(limit);
            query.build_query_as().fetch_all(pool).await?
        });
        subtree_entries(found)
    }

    /// Members in the cells of a subtree on `date`, in code order after
    /// `after`, at most `limit`: pages of a committee's membership without
    /// holding it in memory. Each entry comes with its cell.
    pub async fn subtree_members(
        &self,
        root: &UnitCode,
        date: NaiveDate,
        after: Option<&MemberCode>,
        limit: i64,
    ) -> Result<Vec<(UnitCode, RosterEntry)>, StoreError> {
        let sql = concat!(
            subtree_units_cte!(),
            " SELECT cu.code, m.code, m.full_name, m.gender, m.birth_year, s.status, r.role, e.reason \
             FROM sub CROSS JOIN member_cells c \
             JOIN units cu ON cu.id = c.unit_id JOIN members m ON m.id = c.member_id \
             LEFT JOIN member_statuses s ON s.member_id = m.id \
               AND s.valid_from <= $2 AND (s.valid_to IS NULL OR s.valid_to > $2) \
             LEFT JOIN member_roles r ON r.member_id = m.id \
               AND r.valid_from <= $2 AND (r.valid_to IS NULL OR r.valid_to > $2) \
             LEFT JOIN member_exemptions e ON e.member_id = m.id \
               AND e.valid_from <= $2 AND (e.valid_to IS NULL OR e.valid_to > $2) \
             WHERE c.unit_id = sub.id AND c.valid_from <= $2 AND (c.valid_to IS NULL OR c.valid_to > $2) \
               AND m.code > $3 ORDER BY m.code LIMIT $4"
        );
        let after = after.map_or("", MemberCode::as_str);
        let found: Vec<SubtreeRow> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(root.as_str()).bind(date).bind(after).bind(limit).fetch_all(pool).await?
        });
        subtree_entries(found)
    }
}
