//! Reads sent to a streaming replica (PostgreSQL), and which reads may go.
//!
//! Only what [`Db::for_reads`] hands out reads from the replica: the web
//! asks for it for the dashboards and the reports built from them, and
//! everything else (sign-in, access checks, forms, every write) stays on
//! the primary.
//!
//! Reading one's own writes: after a change, the primary's write-ahead log
//! position is handed to the writer ([`Db::mark_write`]; the web keeps it in
//! a cookie) and that person's reads go to the replica only once it has
//! replayed at least that far. A position, not a time window: a window is
//! a guess at the lag, which is wrong exactly when the replica falls
//! behind, while a position holds however far behind it is, and costs one
//! small query per write. Its only trust is the writer's own reads: a forged
//! value sends them to the primary, or to data older than theirs.
//!
//! Lag: the primary's position is sampled with the replica's (at most once
//! a second, and every second by [`Db::watch_replica`] while serving); the
//! replica is as many seconds behind as the oldest sampled position it has
//! not replayed, and as many bytes as the primary's position is beyond its
//! own. A replica further behind than allowed, or not answering, is
//! bypassed (a log line says so, and another when it is used again).

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chibo_store::{OpenMode, Store, Workload};

use crate::{CoreError, Db};

/// How old a sample may be and still decide where a read goes.
const FRESH: Duration = Duration::from_secs(1);
/// How long a sample may take before the replica counts as silent.
const SAMPLE_TIMEOUT: Duration = Duration::from_secs(2);
/// Positions remembered while the replica is behind (about an hour at one
/// a second); beyond that the newest are merged, so the oldest stays.
const MAX_PENDING: usize = 4_096;

/// How the replica is used.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplicaSettings {
    /// Further behind than this, the replica is bypassed.
    pub max_lag: Duration,
}

impl Default for ReplicaSettings {
    fn default() -> Self {
        ReplicaSettings {
            max_lag: Duration::from_secs(30),
        }
    }
}

/// The primary's write-ahead log position after someone's write: their
/// reads wait for a replica that has replayed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct WriteMark(u64);

impl WriteMark {
    /// Reads a mark written by [`WriteMark::to_string`]; `None` for
    /// anything else.
    pub fn parse(raw: &str) -> Option<WriteMark> {
        if raw.is_empty() || raw.len() > 20 || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        raw.parse().ok().map(WriteMark)
    }
}

impl std::fmt::Display for WriteMark {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The replica's lag as last measured, for readiness and metrics.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplicaLag {
    /// Whether the replica answered the last sample.
    pub reachable: bool,
    /// Seconds since the oldest change it has not replayed was seen.
    pub seconds: f64,
    /// Bytes of write-ahead log the primary holds beyond its replay.
    pub bytes: u64,
    /// Whether reads go to the primary instead.
    pub bypassed: bool,
    /// The lag beyond which it is bypassed.
    pub max_seconds: f64,
}

#[derive(Debug, Default)]
struct Samples {
    at: Option<Instant>,
    reachable: bool,
    primary: u64,
    replayed: u64,
    /// Primary positions seen and not yet replayed, oldest first.
    pending: VecDeque<(u64, Instant)>,
    bypassed: bool,
}

impl Samples {
    fn lag(&self, now: Instant, max: Duration) -> ReplicaLag {
        let seconds = self
            .pending
            .front()
            .map_or(0.0, |(_, seen)| now.duration_since(*seen).as_secs_f64());
        ReplicaLag {
            reachable: self.reachable,
            seconds,
            bytes: self.primary.saturating_sub(self.replayed),
            bypassed: self.bypassed,
            max_seconds: max.as_secs_f64(),
        }
    }

    fn record(&mut self, primary: u64, replayed: u64, now: Instant) {
        self.reachable = true;
        self.primary = primary;
        self.replayed = replayed;
        if primary > replayed && self.pending.back().is_none_or(|(seen, _)| *seen < primary) {
            if self.pending.len() >= MAX_PENDING {
                self.pending.remove(1);
            }
            self.pending.push_back((primary, now));
        }
        while self
            .pending
            .front()
            .is_some_and(|(seen, _)| *seen <= replayed)
        {
            self.pending.pop_front();
        }
    }
}

/// The replica behind a [`Db`].
#[derive(Debug)]
pub(crate) struct Replica {
    /// The replica as a handle of its own: its own kept values, which
    /// follow its own cache revision.
    db: Db,
    settings: ReplicaSettings,
    /// The primary's position once its schema was brought up to date: the
    /// replica serves nothing it has not replayed.
    floor: u64,
    /// The highest mark handed out by this process.
    last_write: AtomicU64,
    samples: tokio::sync::Mutex<Samples>,
}

impl Replica {
    /// Samples both positions unless a fresh sample exists (`force`: in
    /// any case), and decides whether the replica is bypassed.
    async fn sample(&self, primary: &Store, force: bool) -> (ReplicaLag, u64) {
        let mut samples = self.samples.lock().await;
        let now = Instant::now();
        let fresh = samples.at.is_some_and(|at| now.duration_since(at) < FRESH);
        if force || !fresh {
            let read = async {
                let at = primary.wal_written_position().await?;
                let replay = self.db.store().replay_position().await?;
                Ok::<_, chibo_store::StoreError>((at, replay.replayed))
            };
            // A replica that stopped answering must not hold up the reads
            // waiting on this sample: they go to the primary instead.
            let failure = match tokio::time::timeout(SAMPLE_TIMEOUT, read).await {
                Ok(Ok((at, replayed))) => {
                    samples.record(at, replayed, now);
                    None
                }
                Ok(Err(error)) => Some(error.to_string()),
                Err(_) => Some(format!("no answer within {SAMPLE_TIMEOUT:?}")),
            };
            if let Some(error) = failure {
                if samples.reachable || samples.at.is_none() {
                    tracing::warn!(%error, "read replica not answering");
                }
                samples.reachable = false;
            }
            samples.at = Some(now);
            let lag = samples.lag(now, self.settings.max_lag);
            let bypass = !lag.reachable || lag.seconds > lag.max_seconds;
            if bypass && !samples.bypassed {
                tracing::warn!(
                    lag_seconds = lag.seconds,
                    lag_bytes = lag.bytes,
                    max_lag_seconds = lag.max_seconds,
                    reachable = lag.reachable,
                    "read replica bypassed: reads go to the primary"
                );
            } else if !bypass && samples.bypassed {
                tracing::warn!(
                    lag_seconds = lag.seconds,
                    "read replica caught up: dashboard reads go to it again"
                );
            }
            samples.bypassed = bypass;
        }
        (samples.lag(now, self.settings.max_lag), samples.replayed)
    }
}

/// Where a read goes: the replica, or the primary. Hand
/// [`ReadSide::db`] to core's read functions; never write through it (the
/// replica refuses writes).
#[derive(Debug, Clone)]
pub struct ReadSide {
    db: Db,
    /// On the replica: the position it had replayed, and the replica.
    replica: Option<(u64, Arc<Replica>)>,
}

impl ReadSide {
    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn on_replica(&self) -> bool {
        self.replica.is_some()
    }

    /// Whether what was read may be remembered for others: on the
    /// replica, only when it had replayed every write this process made
    /// (checked when remembering, after the write's forgetting).
    pub fn may_be_kept(&self) -> bool {
        self.replica.as_ref().is_none_or(|(replayed, replica)| {
            *replayed >= replica.last_write.load(Ordering::SeqCst)
        })
    }
}

impl Db {
    /// Opens the primary at `url` and the replica at `replica_url`: the
    /// replica is checked (a standby, of this primary, same database and
    /// schema) before the primary's schema is brought up to date, so that
    /// a refusal writes nothing anywhere.
    pub async fn open_with_replica(
        url: &str,
        workload: Workload,
        replica_url: &str,
        settings: ReplicaSettings,
    ) -> Result<Db, CoreError> {
        let primary = Store::connect_for(url, OpenMode::MustExist, workload).await?;
        let replica = primary.connect_replica(replica_url).await?;
        primary.migrate().await?;
        Db::with_replica(primary, replica, settings).await
    }

    /// A handle on `primary` whose dashboard reads may go to `replica`
    /// (made by `Store::connect_replica`, which checked it).
    pub async fn with_replica(
        primary: Store,
        replica: Store,
        settings: ReplicaSettings,
    ) -> Result<Db, CoreError> {
        let floor = primary.wal_position().await?;
        let replica = Replica {
            db: Db::from(replica),
            settings,
            floor,
            last_write: AtomicU64::new(floor),
            samples: tokio::sync::Mutex::default(),
        };
        let mut db = Db::from(primary);
        db.replica = Some(Arc::new(replica));
        Ok(db)
    }

    pub fn has_replica(&self) -> bool {
        self.replica.is_some()
    }

    /// After a change: the mark its writer's reads must see; `None` without
    /// a replica (or when the primary does not answer).
    pub async fn mark_write(&self) -> Option<WriteMark> {
        let replica = self.replica.as_ref()?;
        let at = self.store().wal_position().await.ok()?;
        replica.last_write.fetch_max(at, Ordering::SeqCst);
        Some(WriteMark(at))
    }

    /// Where a dashboard or report read goes: the replica when there is
    /// one, it is not bypassed, and it has replayed `mark` (the reader's
    /// last write); the primary otherwise.
    pub async fn for_reads(&self, mark: Option<WriteMark>) -> ReadSide {
        let primary = ReadSide {
            db: self.clone(),
            replica: None,
        };
        let Some(replica) = &self.replica else {
            return primary;
        };
        let needed = mark.map_or(0, |m| m.0).max(replica.floor);
        let (mut lag, mut replayed) = replica.sample(self.store(), false).await;
        if !lag.bypassed && replayed < needed {
            // Perhaps replayed since the last sample.
            (lag, replayed) = replica.sample(self.store(), true).await;
        }
        if lag.bypassed || replayed < needed {
            return primary;
        }
        ReadSide {
            db: replica.db.clone(),
            replica: Some((replayed, Arc::clone(replica))),
        }
    }

    /// The replica's lag, sampled at most a second ago; `None` without one.
    pub async fn replica_lag(&self) -> Option<ReplicaLag> {
        let replica = self.replica.as_ref()?;
        Some(replica.sample(self.store(), false).await.0)
    }

    /// Samples the replica's lag every second, so that it is measured from
    /// when a change was made rather than from the next read; returns at
    /// once without a replica.
    pub async fn watch_replica(self) {
        let Some(replica) = self.replica.clone() else {
            return;
        };
        loop {
            replica.sample(self.store(), false).await;
            tokio::time::sleep(FRESH).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_plain_decimal_numbers() {
        assert_eq!(WriteMark::parse("12345"), Some(WriteMark(12345)));
        assert_eq!(WriteMark(7).to_string(), "7");
        for bad in ["", "-1", "1e3", " 1", "0x10", "123456789012345678901"] {
            assert_eq!(WriteMark::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn lag_is_the_age_of_the_oldest_position_not_replayed() {
        let start = Instant::now();
        let mut samples = Samples::default();
        samples.record(100, 100, start);
        assert_eq!(samples.lag(start, Duration::from_secs(30)).seconds, 0.0);
        samples.record(200, 100, start);
        samples.record(300, 150, start + Duration::from_secs(5));
        let lag = samples.lag(start + Duration::from_secs(8), Duration::from_secs(30));
        assert_eq!(lag.seconds, 8.0);
        assert_eq!(lag.bytes, 150);
        // Replaying past the first position leaves the second's age.
        samples.record(300, 250, start + Duration::from_secs(9));
        let lag = samples.lag(start + Duration::from_secs(9), Duration::from_secs(30));
        assert_eq!(lag.seconds, 4.0);
        samples.record(300, 300, start + Duration::from_secs(10));
        let lag = samples.lag(start + Duration::from_secs(10), Duration::from_secs(30));
        assert_eq!((lag.seconds, lag.bytes), (0.0, 0));
    }
}
