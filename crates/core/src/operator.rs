//! The `chibo` command run on the server itself. Whoever can run it owns
//! the database file anyway, so it is trusted as an administrator and may
//! act as any account; that trust is this one named capability, which the
//! command line (and tests) create and the web server never does (a test
//! of the web crate scans its sources for the name).

use chibo_store::GrantRecord;

use crate::access::{Actor, AdminAccess};

/// Proof that the caller is the command line on the server.
#[derive(Debug, Clone, Copy)]
pub struct Operator {
    _private: (),
}

impl Operator {
    /// The command line: only the `chibo` binary's commands call this.
    pub fn command_line() -> Operator {
        Operator { _private: () }
    }

    /// Administration of the whole system (accounts, grants, tokens).
    pub fn admin(self) -> AdminAccess {
        AdminAccess::trusted()
    }

    /// Someone holding `grants`, without signing in: for scripts and tests
    /// run by whoever owns the database.
    pub fn act_as(self, account_id: i64, username: &str, grants: Vec<GrantRecord>) -> Actor {
        Actor::new(
            account_id,
            username.to_owned(),
            String::new(),
            grants,
            false,
        )
    }
}
