//! The systemd units shipped in deploy/ are read with the binary's own
//! argument parser: a renamed or removed option fails here, not on a
//! server at night.

use clap::Parser;

use crate::args::{Cli, Command};

const SERVER: &str = include_str!("../../../deploy/chibo.service");
const BACKUP: &str = include_str!("../../../deploy/chibo-backup.service");

/// The values of `key=` lines of a unit file.
fn values<'u>(unit: &'u str, key: &str) -> Vec<&'u str> {
    unit.lines()
        .filter_map(|line| line.strip_prefix(key)?.strip_prefix('='))
        .collect()
}

/// The unit's command line as the binary would receive it, with the
/// unit's environment (systemd splits on spaces; ours use no quotes).
fn parse(unit: &str) -> Cli {
    let exec = values(unit, "ExecStart");
    assert_eq!(exec.len(), 1, "{exec:?}");
    let argv: Vec<&str> = exec[0].split_whitespace().collect();
    assert_eq!(argv[0], "/usr/local/bin/chibo");
    assert!(!exec[0].contains('"') && !exec[0].contains('\''));
    let env: Vec<(&str, &str)> = values(unit, "Environment")
        .into_iter()
        .map(|pair| pair.split_once('=').unwrap())
        .collect();
    let database = env
        .iter()
        .find(|(k, _)| *k == "CHIBO_DATABASE_URL")
        .map(|(_, v)| *v)
        .unwrap();
    // The environment variable as an option, so the parse does not depend
    // on the environment of the test.
    let mut args = vec!["chibo", "--database-url", database];
    args.extend(&argv[1..]);
    Cli::try_parse_from(args).unwrap_or_else(|e| panic!("{}: {e}", exec[0]))
}

#[test]
fn the_server_unit_runs_a_command_line_the_binary_accepts_and_is_hardened() {
    let cli = parse(SERVER);
    assert_eq!(cli.database_url, "/var/lib/chibo/chibo.db");
    let Command::Serve(serve) = cli.command else {
        panic!("not serve")
    };
    assert!(serve.secure_cookies);
    assert_eq!(serve.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(
        serve.metrics_listen.map(|a| a.to_string()).as_deref(),
        Some("127.0.0.1:9464")
    );
    assert_eq!(
        serve.backup_dir.as_deref(),
        Some(std::path::Path::new("/var/backups/chibo"))
    );
    assert!(serve.trusted_proxies.trusts("127.0.0.1".parse().unwrap()));
    // The database lives in the one writable directory.
    assert_eq!(values(SERVER, "StateDirectory"), ["chibo"]);
    for setting in [
        "User=chibo",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "CapabilityBoundingSet=",
    ] {
        assert!(SERVER.lines().any(|l| l == setting), "{setting}");
    }
}

#[test]
fn the_backup_unit_runs_a_scheduled_backup_with_retention() {
    let cli = parse(BACKUP);
    let Command::Backup(backup) = cli.command else {
        panic!("not backup")
    };
    assert!(backup.file.is_none());
    assert_eq!(
        backup.dir.as_deref(),
        Some(std::path::Path::new("/var/backups/chibo"))
    );
    assert!(backup.compress);
    assert_eq!((backup.keep_daily(), backup.keep_monthly()), (14, 12));
    for setting in ["User=chibo", "Type=oneshot", "ProtectSystem=strict"] {
        assert!(BACKUP.lines().any(|l| l == setting), "{setting}");
    }
    let writable = values(BACKUP, "ReadWritePaths");
    assert_eq!(writable, ["/var/lib/chibo /var/backups/chibo"]);
}
