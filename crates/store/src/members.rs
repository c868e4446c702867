//! Members and their dated statuses, cells, roles and exemptions.

use std::collections::BTreeMap;

use chibo_domain::member::{CellRole, Exemption, Gender, Member, MemberStatus, Period};
use chibo_domain::{MemberCode, NaiveDate, UnitCode, Validity};

use crate::{Store, StoreError, bump_revision, on_pool, rows, rows_per_insert};

/// Members to write: new ones are inserted, updated ones have their personal
/// fields corrected and all their periods replaced.
#[derive(Debug, Clone, Default)]
pub struct MemberChangeSet {
    pub created: Vec<Member>,
    pub updated: Vec<Member>,
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

type MemberRow = (i64, String, String, String, i64, bool);
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
        let mut members = Vec::new();
        for chunk in codes.chunks(MEMBER_CHUNK) {
            let rows: Vec<MemberRow> = on_pool!(self, pool => {
                let mut query = sqlx::QueryBuilder::new(
                    "SELECT id, code, full_name, gender, birth_year, is_demo FROM members WHERE code IN (",
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
        let sql = "SELECT id, code, full_name, gender, birth_year, is_demo FROM members \
                   WHERE code > $1 ORDER BY code LIMIT $2";
        let after = after.map_or("", MemberCode::as_str);
        let rows: Vec<MemberRow> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(after).bind(limit).fetch_all(pool).await?
        });
        self.complete_members(rows).await
    }

    async fn complete_members(&self, rows: Vec<MemberRow>) -> Result<Vec<Member>, StoreError> {
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
        for (id, code, full_name, gender, birth_year, is_demo) in rows {
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
        let mut members: Vec<Member> = members.into_values().collect();
        for m in &mut members {
            m.statuses.sort_by_key(|p| p.validity.from);
            m.cells.sort_by_key(|p| p.validity.from);
            m.roles.sort_by_key(|p| p.validity.from);
            m.exemptions.sort_by_key(|e| e.validity.from);
        }
        Ok(members)
    }

    /// Writes created and updated members in one transaction. Returns the new revision.
    ///
    /// Periods are inserted set-based, joining the codes in the batch to
    /// `members` and `units` inside the database, so no ids travel back and
    /// forth: that round trip, row by row, would cost more than the inserts.
    pub async fn apply_member_changes(
        &self,
        changes: &MemberChangeSet,
        expected_revision: i64,
    ) -> Result<i64, StoreError> {
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            bump_revision!(tx, expected_revision);

            for chunk in changes.created.chunks(rows_per_insert(5)) {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO members (code, full_name, gender, birth_year, is_demo) ",
                );
                query.push_values(chunk, |mut row, m| {
                    row.push_bind(m.code.as_str())
                        .push_bind(m.full_name.as_str())
                        .push_bind(m.gender.code())
                        .push_bind(i64::from(m.birth_year))
                        .push_bind(m.is_demo);
                });
                query.build().execute(&mut *tx).await?;
            }
            for m in &changes.updated {
                let id: Option<i64> = sqlx::query_scalar(
                    "UPDATE members SET full_name = $2, gender = $3, birth_year = $4 WHERE code = $1 RETURNING id",
                )
                .bind(m.code.as_str())
                .bind(m.full_name.as_str())
                .bind(m.gender.code())
                .bind(i64::from(m.birth_year))
                .fetch_optional(&mut *tx)
                .await?;
                let id = id.ok_or_else(|| StoreError::NotFound(format!("member {}", m.code)))?;
                for sql in [
                    "DELETE FROM member_statuses WHERE member_id = $1",
                    "DELETE FROM member_cells WHERE member_id = $1",
                    "DELETE FROM member_roles WHERE member_id = $1",
                    "DELETE FROM member_exemptions WHERE member_id = $1",
                ] {
                    sqlx::query(sql).bind(id).execute(&mut *tx).await?;
                }
            }
            let all: Vec<&Member> = changes.created.iter().chain(&changes.updated).collect();

            let statuses: Vec<(&str, &Period<MemberStatus>)> =
                all.iter().flat_map(|m| m.statuses.iter().map(move |p| (m.code.as_str(), p))).collect();
            for chunk in statuses.chunks(rows_per_insert(4)) {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO member_statuses (member_id, status, valid_from, valid_to) \
                     SELECT m.id, v.column2, v.column3, v.column4 FROM (",
                );
                query.push_values(chunk, |mut row, (code, p)| {
                    row.push_bind(*code).push_bind(p.value.code()).push_bind(p.validity.from).push_bind(p.validity.to);
                });
                query.push(") AS v JOIN members m ON m.code = v.column1");
                query.build().execute(&mut *tx).await?;
            }
            let cells: Vec<(&str, &Period<UnitCode>)> =
                all.iter().flat_map(|m| m.cells.iter().map(move |p| (m.code.as_str(), p))).collect();
            for chunk in cells.chunks(rows_per_insert(4)) {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO member_cells (member_id, unit_id, valid_from, valid_to) \
                     SELECT m.id, u.id, v.column3, v.column4 FROM (",
                );
                query.push_values(chunk, |mut row, (code, p)| {
                    row.push_bind(*code).push_bind(p.value.as_str()).push_bind(p.validity.from).push_bind(p.validity.to);
                });
                query.push(") AS v JOIN members m ON m.code = v.column1 JOIN units u ON u.code = v.column2");
                let done = query.build().execute(&mut *tx).await?;
                if done.rows_affected() != chunk.len() as u64 {
                    return Err(StoreError::NotFound("a cell of the members being written".into()));
                }
            }
            let roles: Vec<(&str, &Period<CellRole>)> = all
                .iter()
                .flat_map(|m| m.roles.iter().filter(|p| p.value != CellRole::Member).map(move |p| (m.code.as_str(), p)))
                .collect();
            for chunk in roles.chunks(rows_per_insert(4)) {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO member_roles (member_id, role, valid_from, valid_to) \
                     SELECT m.id, v.column2, v.column3, v.column4 FROM (",
                );
                query.push_values(chunk, |mut row, (code, p)| {
                    row.push_bind(*code).push_bind(p.value.code()).push_bind(p.validity.from).push_bind(p.validity.to);
                });
                query.push(") AS v JOIN members m ON m.code = v.column1");
                query.build().execute(&mut *tx).await?;
            }
            let exemptions: Vec<(&str, &Exemption)> =
                all.iter().flat_map(|m| m.exemptions.iter().map(move |e| (m.code.as_str(), e))).collect();
            for chunk in exemptions.chunks(rows_per_insert(4)) {
                let mut query = sqlx::QueryBuilder::new(
                    "INSERT INTO member_exemptions (member_id, valid_from, valid_to, reason) \
                     SELECT m.id, v.column2, v.column3, v.column4 FROM (",
                );
                query.push_values(chunk, |mut row, (code, e)| {
                    row.push_bind(*code).push_bind(e.validity.from).push_bind(e.validity.to).push_bind(e.reason.as_str());
                });
                query.push(") AS v JOIN members m ON m.code = v.column1");
                query.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(expected_revision + 1)
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
        rows.into_iter()
            .map(
                |(code, full_name, gender, birth_year, status, role, reason)| {
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
                },
            )
            .collect()
    }

    pub async fn member_count(&self) -> Result<i64, StoreError> {
        Ok(
            on_pool!(self, pool => sqlx::query_scalar("SELECT COUNT(*) FROM members").fetch_one(pool).await?),
        )
    }
}
