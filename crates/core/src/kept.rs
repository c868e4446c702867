//! What a server keeps in memory between requests so that a page needs one
//! query instead of six: sessions with their accounts and grants, where
//! units stand in the tree, a unit page's details and a cell's roster.
//!
//! Everything kept stays equal to the database the way the indicator rows
//! do (`resident_rows`): every committed change to the tables these come
//! from moves one number in the database (`cache_revision`, moved by
//! triggers whoever writes: this server, the command line, another server
//! on the same PostgreSQL). A request reads that number once ([`seen`]);
//! what was kept under an older number is dropped, and an entry is used
//! only by requests that saw the number it was read under. Values are
//! read after the number they are kept under, so they are never older than
//! it: a sign-out, a revoked grant, a disabled account or a reorganization
//! shows at the next request.
//!
//! Access checks are not kept: they run on every request, against the
//! actor's grants, on the kept placement. Each map is bounded and starts
//! afresh when full.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

use chibo_domain::{NaiveDate, UnitCode};
use chibo_store::{RosterEntry, SessionRecord, UnitPlacement};

use crate::access::Actor;
use crate::{CoreError, Db};

/// The database's cache revision as one request read it. Only core makes
/// one ([`seen`]); core functions that keep what they read take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    revision: i64,
}

/// Reads the cache revision: the one query a page makes when everything
/// else it shows is kept.
pub async fn seen(db: &Db) -> Result<Seen, CoreError> {
    Ok(Seen {
        revision: db.store().cache_revision().await?,
    })
}

/// Entries per map before it starts afresh: a few MB at most (a session
/// with its grants is well under 1 KB; a roster, a cell's few dozen
/// members).
const MAX_SESSIONS: usize = 10_000;
const MAX_PLACEMENTS: usize = 20_000;
const MAX_PAGES: usize = 2_000;
/// Trees kept (a top unit on a date), and the most lines one may have: a
/// city's or a province's tree, not a nation's (320,000 lines).
const MAX_TREES: usize = 32;
pub(crate) const MAX_TREE_LINES: usize = 50_000;

/// A session as kept: the record and the actor without a client address.
pub(crate) type KeptSession = (SessionRecord, Actor);

/// The kept values of one revision.
#[derive(Default)]
struct Maps {
    revision: i64,
    sessions: HashMap<String, KeptSession>,
    placements: HashMap<(UnitCode, NaiveDate), Option<UnitPlacement>>,
    details: HashMap<(UnitCode, NaiveDate), Arc<crate::browse::UnitParts>>,
    rosters: HashMap<(UnitCode, NaiveDate), Arc<Vec<RosterEntry>>>,
    trees: HashMap<(UnitCode, NaiveDate), Arc<Vec<crate::browse::TreeLine>>>,
}

/// The memory behind a [`Db`]; clones of the handle share it.
#[derive(Default)]
pub struct Kept {
    maps: Mutex<Maps>,
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kept").finish_non_exhaustive()
    }
}

fn insert_bounded<K: Hash + Eq, V>(map: &mut HashMap<K, V>, max: usize, key: K, value: V) {
    if map.len() >= max {
        map.clear();
    }
    map.insert(key, value);
}

impl Kept {
    fn lock(&self) -> MutexGuard<'_, Maps> {
        // A panic while holding the lock leaves plain maps behind: usable.
        self.maps.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The maps when they are of the revision `seen` (emptied first when
    /// `seen` is newer); `None` for a request that saw an older revision,
    /// which neither reads nor keeps anything.
    fn of(&self, seen: Seen) -> Option<MutexGuard<'_, Maps>> {
        let mut maps = self.lock();
        if seen.revision > maps.revision {
            *maps = Maps {
                revision: seen.revision,
                ..Maps::default()
            };
        }
        (maps.revision == seen.revision).then_some(maps)
    }

    pub(crate) fn session(&self, seen: Seen, token_hash: &str) -> Option<KeptSession> {
        self.of(seen)?.sessions.get(token_hash).cloned()
    }

    pub(crate) fn keep_session(&self, seen: Seen, kept: KeptSession) {
        if let Some(mut maps) = self.of(seen) {
            let key = kept.0.token_hash.clone();
            insert_bounded(&mut maps.sessions, MAX_SESSIONS, key, kept);
        }
    }

    pub(crate) fn placement(
        &self,
        seen: Seen,
        unit: &UnitCode,
        today: NaiveDate,
    ) -> Option<Option<UnitPlacement>> {
        self.of(seen)?
            .placements
            .get(&(unit.clone(), today))
            .cloned()
    }

    pub(crate) fn keep_placement(
        &self,
        seen: Seen,
        unit: &UnitCode,
        today: NaiveDate,
        placement: Option<UnitPlacement>,
    ) {
        if let Some(mut maps) = self.of(seen) {
            let key = (unit.clone(), today);
            insert_bounded(&mut maps.placements, MAX_PLACEMENTS, key, placement);
        }
    }

    pub(crate) fn details(
        &self,
        seen: Seen,
        unit: &UnitCode,
        date: NaiveDate,
    ) -> Option<Arc<crate::browse::UnitParts>> {
        self.of(seen)?.details.get(&(unit.clone(), date)).cloned()
    }

    pub(crate) fn keep_details(
        &self,
        seen: Seen,
        unit: &UnitCode,
        date: NaiveDate,
        parts: Arc<crate::browse::UnitParts>,
    ) {
        if let Some(mut maps) = self.of(seen) {
            let key = (unit.clone(), date);
            insert_bounded(&mut maps.details, MAX_PAGES, key, parts);
        }
    }

    pub(crate) fn roster(
        &self,
        seen: Seen,
        unit: &UnitCode,
        date: NaiveDate,
    ) -> Option<Arc<Vec<RosterEntry>>> {
        self.of(seen)?.rosters.get(&(unit.clone(), date)).cloned()
    }

    pub(crate) fn keep_roster(
        &self,
        seen: Seen,
        unit: &UnitCode,
        date: NaiveDate,
        roster: Arc<Vec<RosterEntry>>,
    ) {
        if let Some(mut maps) = self.of(seen) {
            let key = (unit.clone(), date);
            insert_bounded(&mut maps.rosters, MAX_PAGES, key, roster);
        }
    }
}

impl Kept {
    pub(crate) fn tree(
        &self,
        seen: Seen,
        top: &UnitCode,
        date: NaiveDate,
    ) -> Option<Arc<Vec<crate::browse::TreeLine>>> {
        self.of(seen)?.trees.get(&(top.clone(), date)).cloned()
    }

    pub(crate) fn keep_tree(
        &self,
        seen: Seen,
        top: &UnitCode,
        date: NaiveDate,
        lines: Arc<Vec<crate::browse::TreeLine>>,
    ) {
        if lines.len() > MAX_TREE_LINES {
            return;
        }
        if let Some(mut maps) = self.of(seen) {
            let key = (top.clone(), date);
            insert_bounded(&mut maps.trees, MAX_TREES, key, lines);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placement(code: &str) -> Option<UnitPlacement> {
        let code = UnitCode::parse(code).ok()?;
        Some(UnitPlacement {
            code,
            name: "x".to_owned(),
            kind: chibo_domain::unit::UnitKind::GrassrootsCell,
            ancestors: Vec::new(),
            ancestor_names: Vec::new(),
            reference_date: NaiveDate::MIN,
        })
    }

    #[test]
    fn an_entry_serves_only_the_revision_it_was_read_under() {
        let kept = Kept::default();
        let unit = UnitCode::parse("CT").unwrap();
        let day = NaiveDate::MIN;
        let (one, two) = (Seen { revision: 1 }, Seen { revision: 2 });
        kept.keep_placement(one, &unit, day, placement("CT"));
        assert_eq!(kept.placement(one, &unit, day), Some(placement("CT")));
        // A newer revision drops it; a request that saw the older one then
        // neither reads nor keeps.
        assert_eq!(kept.placement(two, &unit, day), None);
        kept.keep_placement(one, &unit, day, placement("CT"));
        assert_eq!(kept.placement(one, &unit, day), None);
        assert_eq!(kept.placement(two, &unit, day), None);
    }

    #[test]
    fn a_full_map_starts_afresh() {
        let mut map = HashMap::new();
        for i in 0..5 {
            insert_bounded(&mut map, 3, i, i);
        }
        assert_eq!(map.len(), 2);
        assert_eq!(map.get(&4), Some(&4));
    }
}
