//! Short-lived memory of what nearly every request asks the database again:
//! the session behind a cookie and the sector names. A page view is about a
//! dozen small queries; these save the three that repeat identically.
//!
//! Sessions are remembered for two seconds of the application clock, so a
//! change made elsewhere (an account disabled from the command line) takes
//! effect within two seconds, and every state-changing request handled here
//! forgets them all at once (see `security::guard`): a sign-out, a password
//! change, a grant removed or an account disabled take effect immediately.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use chibo_core::Db;
use chibo_core::access::Actor;
use chibo_core::auth::SessionRecord;

const SESSION_SECONDS: i64 = 2;
/// Beyond this many remembered sessions the memory starts afresh.
const MAX_SESSIONS: usize = 10_000;
const SECTOR_SECONDS: i64 = 60;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves a plain map behind: still usable.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[derive(Default)]
pub struct SessionCache {
    entries: Mutex<HashMap<String, (i64, Actor, SessionRecord)>>,
}

impl SessionCache {
    /// The session of `token` if it was resolved less than two seconds ago.
    pub fn get(&self, token: &str, now: i64) -> Option<(Actor, SessionRecord)> {
        let entries = lock(&self.entries);
        let (at, actor, session) = entries.get(token)?;
        (now >= *at && now - *at < SESSION_SECONDS).then(|| (actor.clone(), session.clone()))
    }

    pub fn put(&self, token: &str, now: i64, actor: &Actor, session: &SessionRecord) {
        let mut entries = lock(&self.entries);
        if entries.len() >= MAX_SESSIONS {
            entries.clear();
        }
        entries.insert(token.to_owned(), (now, actor.clone(), session.clone()));
    }

    pub fn clear(&self) {
        lock(&self.entries).clear();
    }
}

/// Sector code → (Vietnamese name, English name).
pub type SectorNames = HashMap<String, (String, String)>;

/// Sector names by code, read once a minute.
#[derive(Default)]
pub struct SectorCache {
    names: Mutex<Option<(i64, Arc<SectorNames>)>>,
}

impl SectorCache {
    pub async fn names(
        &self,
        db: &Db,
        now: i64,
    ) -> Result<Arc<SectorNames>, chibo_core::CoreError> {
        if let Some((at, names)) = lock(&self.names).as_ref()
            && now >= *at
            && now - *at < SECTOR_SECONDS
        {
            return Ok(names.clone());
        }
        let names: SectorNames = chibo_core::browse::sectors(db)
            .await?
            .into_iter()
            .map(|s| (s.code, (s.name_vi, s.name_en)))
            .collect();
        let names = Arc::new(names);
        *lock(&self.names) = Some((now, names.clone()));
        Ok(names)
    }
}

/// Dashboard sections remembered for a minute: the figures of a unit over
/// a window change only when meetings are saved, which is rare beside how
/// often the dashboards are opened. Every state-changing request handled
/// here forgets them all (see `security::guard`), so a meeting saved on
/// this server shows at once; a change made from the command line or
/// another server shows within the minute.
pub struct DashboardCache<V> {
    entries: Mutex<HashMap<String, (i64, Arc<V>)>>,
}

const DASHBOARD_SECONDS: i64 = 60;
/// Beyond this many remembered views the memory starts afresh.
const MAX_DASHBOARDS: usize = 500;

impl<V> Default for DashboardCache<V> {
    fn default() -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<V> DashboardCache<V> {
    pub fn get(&self, key: &str, now: i64) -> Option<Arc<V>> {
        let entries = lock(&self.entries);
        let (at, value) = entries.get(key)?;
        (now >= *at && now - *at < DASHBOARD_SECONDS).then(|| value.clone())
    }

    pub fn put(&self, key: String, now: i64, value: Arc<V>) {
        let mut entries = lock(&self.entries);
        if entries.len() >= MAX_DASHBOARDS {
            entries.clear();
        }
        entries.insert(key, (now, value));
    }

    pub fn clear(&self) {
        lock(&self.entries).clear();
    }
}
