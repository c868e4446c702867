//! Sign-in throttling per account and per address. An attempt is counted
//! (reserved) under the lock *before* its password is verified, so a burst
//! of concurrent attempts cannot get more verifications than the limits:
//! checking, verifying and then recording would let every attempt of the
//! burst pass the check before any had been recorded.
//!
//! A reservation becomes a failure unless the sign-in succeeds, which
//! releases it (and forgets the account's earlier failures). Kept in memory:
//! a restart forgets it, which only ever helps the legitimate user.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

/// Beyond this many remembered keys, keys without a recent attempt are
/// dropped, so that a spray of made-up usernames cannot grow the memory.
const SWEEP_ABOVE_KEYS: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Attempt {
    at: i64,
    id: u64,
    /// Reserved and not settled yet: the password is being verified.
    pending: bool,
}

#[derive(Debug)]
pub struct Throttle {
    attempts: Mutex<HashMap<String, Vec<Attempt>>>,
    next_id: AtomicU64,
    verifications: AtomicU64,
    pub window_seconds: i64,
    pub per_account: usize,
    pub per_address: usize,
}

impl Default for Throttle {
    fn default() -> Self {
        Throttle {
            attempts: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(0),
            verifications: AtomicU64::new(0),
            window_seconds: 15 * 60,
            per_account: 5,
            per_address: 20,
        }
    }
}

fn account_key(username: &str) -> String {
    format!("account:{}", username.to_lowercase())
}

fn address_key(address: Option<&str>) -> String {
    format!("address:{}", address.unwrap_or(""))
}

/// One attempt counted against both limits; settled as a failure when
/// dropped, unless [`Reservation::succeeded`] released it. Dropping also
/// covers a request abandoned half-way: it still counts.
#[must_use]
pub struct Reservation<'a> {
    throttle: &'a Throttle,
    account: String,
    address: String,
    id: u64,
    released: bool,
}

impl Throttle {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Vec<Attempt>>> {
        // A panic while holding the lock leaves a plain map behind: usable.
        self.attempts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts one attempt of `username` from `address`, or returns the
    /// minutes to wait when either limit is reached.
    pub fn reserve(
        &self,
        username: &str,
        address: Option<&str>,
        now: i64,
    ) -> Result<Reservation<'_>, i64> {
        let account = account_key(username);
        let address = address_key(address);
        let mut attempts = self.lock();
        if attempts.len() > SWEEP_ABOVE_KEYS {
            let window = self.window_seconds;
            attempts.retain(|_, list| list.iter().any(|a| now - a.at < window));
        }
        let mut wait = None;
        for (key, limit) in [(&account, self.per_account), (&address, self.per_address)] {
            if let Some(list) = attempts.get_mut(key) {
                list.retain(|a| a.pending || now - a.at < self.window_seconds);
                if list.len() >= limit {
                    let oldest = list.iter().map(|a| a.at).min().unwrap_or(now);
                    let seconds = (oldest + self.window_seconds - now).max(1);
                    wait = Some(wait.unwrap_or(0).max((seconds + 59) / 60));
                }
            }
        }
        if let Some(minutes) = wait {
            return Err(minutes);
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let attempt = Attempt {
            at: now,
            id,
            pending: true,
        };
        attempts.entry(account.clone()).or_default().push(attempt);
        attempts.entry(address.clone()).or_default().push(attempt);
        Ok(Reservation {
            throttle: self,
            account,
            address,
            id,
            released: false,
        })
    }

    /// Password verifications performed through reservations, for tests
    /// and monitoring.
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::SeqCst)
    }

    pub(crate) fn count_verification(&self) {
        self.verifications.fetch_add(1, Ordering::SeqCst);
    }
}

impl Reservation<'_> {
    /// The sign-in succeeded: the attempt does not count, nor do the
    /// account's settled failures (attempts still being verified do).
    pub fn succeeded(mut self) {
        self.released = true;
        let mut attempts = self.throttle.lock();
        let id = self.id;
        if let Some(list) = attempts.get_mut(&self.account) {
            list.retain(|a| a.pending && a.id != id);
        }
        if let Some(list) = attempts.get_mut(&self.address) {
            list.retain(|a| a.id != id);
        }
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if self.released {
            return;
        }
        let mut attempts = self.throttle.lock();
        for key in [&self.account, &self.address] {
            if let Some(attempt) = attempts
                .get_mut(key)
                .and_then(|list| list.iter_mut().find(|a| a.id == self.id))
            {
                attempt.pending = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservations_count_before_they_settle() {
        let throttle = Throttle::default();
        let held: Vec<_> = (0..5)
            .map(|_| throttle.reserve("an", Some("10.0.0.1"), 100).unwrap())
            .collect();
        assert_eq!(
            throttle.reserve("an", Some("10.0.0.2"), 100).err(),
            Some(15)
        );
        drop(held);
        assert!(throttle.reserve("AN", None, 100).is_err(), "failures stay");
        assert!(throttle.reserve("an", None, 100 + 15 * 60).is_ok());
    }

    #[test]
    fn a_success_releases_its_reservation_and_earlier_failures() {
        let throttle = Throttle::default();
        for _ in 0..4 {
            drop(throttle.reserve("an", Some("a"), 0).unwrap());
        }
        let pending = throttle.reserve("an", Some("a"), 0).unwrap();
        let success = throttle.reserve("an", Some("a"), 0);
        assert!(
            success.is_err(),
            "four failures and one pending fill the limit"
        );
        drop(pending);
        let throttle = Throttle::default();
        for _ in 0..4 {
            drop(throttle.reserve("an", Some("a"), 0).unwrap());
        }
        throttle.reserve("an", Some("a"), 0).unwrap().succeeded();
        for _ in 0..5 {
            drop(throttle.reserve("an", Some("a"), 1).unwrap());
        }
        assert!(throttle.reserve("an", Some("a"), 1).is_err());
    }

    #[test]
    fn the_address_limit_spans_accounts() {
        let throttle = Throttle::default();
        for i in 0..20 {
            drop(
                throttle
                    .reserve(&format!("user{i}"), Some("10.0.0.9"), 0)
                    .unwrap(),
            );
        }
        assert!(throttle.reserve("other", Some("10.0.0.9"), 0).is_err());
        assert!(throttle.reserve("other", Some("10.0.0.10"), 0).is_ok());
    }
}
