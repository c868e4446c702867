//! Short-lived memory of what many requests ask again: the sector names
//! (reference data, read once a minute) and dashboard sections. Sessions,
//! placements and unit pages are kept by core, current with the database
//! (`chibo_core::kept`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use chibo_core::Db;

const SECTOR_SECONDS: i64 = 60;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves a plain map behind: still usable.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
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
/// another server shows within the minute. Bounded by their size: a
/// city's ranking of every cell is a few MB, and an idle server should not
/// hold dozens of them.
pub struct DashboardCache<V> {
    entries: Mutex<Entries<V>>,
}

struct Entries<V> {
    /// Key → (when computed, value, approximate bytes).
    map: HashMap<String, (i64, Arc<V>, usize)>,
    bytes: usize,
}

const DASHBOARD_SECONDS: i64 = 60;
/// Beyond this many remembered views, or this many bytes, the memory
/// starts afresh; a single view larger than the bytes is not kept.
const MAX_DASHBOARDS: usize = 500;
const MAX_DASHBOARD_BYTES: usize = 4 * 1024 * 1024;

impl<V> Default for DashboardCache<V> {
    fn default() -> Self {
        Self {
            entries: Mutex::new(Entries {
                map: HashMap::new(),
                bytes: 0,
            }),
        }
    }
}

impl<V> DashboardCache<V> {
    pub fn get(&self, key: &str, now: i64) -> Option<Arc<V>> {
        let entries = lock(&self.entries);
        let (at, value, _) = entries.map.get(key)?;
        (now >= *at && now - *at < DASHBOARD_SECONDS).then(|| value.clone())
    }

    pub fn put(&self, key: String, now: i64, value: Arc<V>, bytes: usize) {
        if bytes > MAX_DASHBOARD_BYTES {
            return;
        }
        let mut entries = lock(&self.entries);
        if let Some((_, _, replaced)) = entries.map.remove(&key) {
            entries.bytes -= replaced;
        }
        if entries.map.len() >= MAX_DASHBOARDS || entries.bytes + bytes > MAX_DASHBOARD_BYTES {
            entries.map.clear();
            entries.bytes = 0;
        }
        entries.bytes += bytes;
        entries.map.insert(key, (now, value, bytes));
    }

    pub fn clear(&self) {
        let mut entries = lock(&self.entries);
        entries.map.clear();
        entries.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_views_stay_within_their_bytes() {
        let cache = DashboardCache::<u8>::default();
        cache.put("a".into(), 0, Arc::new(1), MAX_DASHBOARD_BYTES / 2);
        cache.put("b".into(), 0, Arc::new(2), MAX_DASHBOARD_BYTES / 2);
        assert!(cache.get("a", 0).is_some() && cache.get("b", 0).is_some());
        // A third would pass the bound: the memory starts afresh.
        cache.put("c".into(), 0, Arc::new(3), 1);
        assert!(cache.get("a", 0).is_none() && cache.get("c", 0).is_some());
        // One view over the bound alone is not kept.
        cache.put("d".into(), 0, Arc::new(4), MAX_DASHBOARD_BYTES + 1);
        assert!(cache.get("d", 0).is_none() && cache.get("c", 0).is_some());
        // Computed again under the same key: counted once.
        for _ in 0..4 {
            cache.put("c".into(), 0, Arc::new(3), MAX_DASHBOARD_BYTES / 3);
        }
        assert!(cache.get("c", 0).is_some());
        assert_eq!(lock(&cache.entries).bytes, MAX_DASHBOARD_BYTES / 3);
    }
}
