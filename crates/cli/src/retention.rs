//! Which scheduled backups to keep: the newest of each of the last N days
//! and of each of the last M months (the newest backup is always kept).
//! Only files named as `chibo backup --dir` names them are ever considered,
//! so nothing else in the directory is removed.

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};

const PREFIX: &str = "chibo-";
const STAMP: &str = "%Y%m%dT%H%M%SZ";
/// SQLite backups, and PostgreSQL's pg_dump files.
pub const EXTENSIONS: [&str; 2] = [".chibo-backup", ".pgdump"];

/// The name of a scheduled backup taken at `at` of schema `version`.
pub fn file_name(at: DateTime<Utc>, version: i64, extension: &str) -> String {
    format!("{PREFIX}{}-v{version}{extension}", at.format(STAMP))
}

/// When a scheduled backup was taken, from its name; `None` for any other file.
pub fn taken_at(name: &str) -> Option<NaiveDateTime> {
    let rest = name.strip_prefix(PREFIX)?;
    let rest = EXTENSIONS.iter().find_map(|e| rest.strip_suffix(e))?;
    let (stamp, version) = rest.split_once("-v")?;
    version.parse::<u32>().ok()?;
    NaiveDateTime::parse_from_str(stamp, STAMP).ok()
}

/// The names among `names` to remove, keeping the newest backup of each of
/// the `daily` latest days and of each of the `monthly` latest months.
pub fn to_remove(names: &[String], daily: usize, monthly: usize) -> Vec<String> {
    let mut dated: Vec<(NaiveDateTime, &String)> = names
        .iter()
        .filter_map(|n| taken_at(n).map(|at| (at, n)))
        .collect();
    dated.sort_by(|a, b| b.cmp(a));
    let mut days = Vec::new();
    let mut months = Vec::new();
    let mut remove = Vec::new();
    for (index, (at, name)) in dated.into_iter().enumerate() {
        let day = at.date();
        let month = (day.year(), day.month());
        let mut keep = index == 0;
        if !days.contains(&day) && days.len() < daily {
            days.push(day);
            keep = true;
        }
        if !months.contains(&month) && months.len() < monthly {
            months.push(month);
            keep = true;
        }
        if !keep {
            remove.push(name.clone());
        }
    }
    remove.sort();
    remove
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(stamp: &str) -> String {
        let at = NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H:%M")
            .unwrap()
            .and_utc();
        file_name(at, 15, ".chibo-backup")
    }

    #[test]
    fn names_read_back_and_other_files_are_ignored() {
        let name = at("2026-12-04 02:00");
        assert_eq!(name, "chibo-20261204T020000Z-v15.chibo-backup");
        assert_eq!(taken_at(&name).unwrap().to_string(), "2026-12-04 02:00:00");
        for other in [
            "chibo.db",
            "chibo-20261204T020000Z-v15.chibo-backup.part",
            "chibo-20261304T020000Z-v15.chibo-backup",
            "chibo-20261204T020000Z-vX.chibo-backup",
            "notes-20261204T020000Z-v15.chibo-backup",
        ] {
            assert_eq!(taken_at(other), None, "{other}");
        }
        let names = vec!["chibo.db".to_owned(), "README".to_owned()];
        assert!(to_remove(&names, 1, 0).is_empty());
    }

    #[test]
    fn the_newest_of_each_recent_day_and_month_is_kept() {
        // Two backups a day over 70 days, from 1 October.
        let mut names = Vec::new();
        let start = NaiveDateTime::parse_from_str("2026-10-01 02:00", "%Y-%m-%d %H:%M").unwrap();
        for day in 0..70 {
            for hour in [0, 12] {
                let when = start + chrono::Duration::days(day) + chrono::Duration::hours(hour);
                names.push(file_name(when.and_utc(), 15, ".chibo-backup"));
            }
        }
        let removed = to_remove(&names, 7, 3);
        let kept: Vec<&String> = names.iter().filter(|n| !removed.contains(n)).collect();
        // 7 days (each its 14:00 backup) + the newest of October and November
        // (December's newest is the newest day's).
        assert_eq!(kept.len(), 9, "{kept:?}");
        let last_day = start + chrono::Duration::days(69) + chrono::Duration::hours(12);
        assert!(kept.contains(&&file_name(last_day.and_utc(), 15, ".chibo-backup")));
        assert!(kept.contains(&&at("2026-10-31 14:00")));
        assert!(kept.contains(&&at("2026-11-30 14:00")));
        assert!(!kept.contains(&&at("2026-11-30 02:00")));
        // Nothing kept is removed, nothing removed is kept.
        assert_eq!(kept.len() + removed.len(), names.len());
        // Keeping fewer months never keeps more files.
        assert!(to_remove(&names, 7, 0).len() > removed.len());
        // The newest file survives any setting.
        assert!(!to_remove(&names, 0, 0).contains(names.last().unwrap()));
    }
}
