//! Idempotency keys of meeting saves. The browser makes a random key for
//! each form it sends and keeps it with its draft; a request that comes
//! again with the same key (a resend from the outbox, a double click, an
//! answer lost on a bad network) gets the first answer, never a second
//! meeting. The key is stored in the transaction of the change
//! (`meetings::create_meeting_keyed`, `save_meeting_keyed`).
//!
//! Also the opaque draft scope a page gives its script, so that drafts
//! kept in a browser belong to one account without naming it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chibo_domain::Message;
use chibo_store::{KeyClaim, StoreError, WriteTx};
use sha2::{Digest, Sha256};

use crate::access::Actor;
use crate::{Clock, CoreError, Db};

/// How long a key answers for its change; older keys are pruned.
pub const KEY_LIFETIME_SECONDS: i64 = 30 * 24 * 60 * 60;

/// Form fields that are not part of what was typed: the CSRF token changes
/// with the session, the key is the key.
const NOT_HASHED: [&str; 2] = ["csrf", "idempotency_key"];

/// A well-formed key: 128 random bits as 32 lowercase hexadecimal digits
/// (a UUID's hyphens and capitals are accepted and dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// `Ok(None)` for an empty field (a client without the script's key,
    /// which then simply gets no replay protection); an error for anything
    /// else that is not 128 bits in hexadecimal.
    pub fn parse(raw: &str) -> Result<Option<IdempotencyKey>, CoreError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let bad = || CoreError::refused(Message::new("meeting-err-key-malformed"));
        let hyphens = [8, 13, 18, 23];
        let digits: String = match raw.len() {
            32 => raw.to_owned(),
            36 if raw
                .char_indices()
                .all(|(i, c)| hyphens.contains(&i) == (c == '-')) =>
            {
                raw.replace('-', "")
            }
            _ => return Err(bad()),
        };
        if digits.len() != 32 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Some(IdempotencyKey(digits.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A fresh key, for a form rendered by the server: even without the
    /// script, a form sent twice makes one meeting.
    pub fn random() -> IdempotencyKey {
        let bytes = crate::secrets::random_bytes::<16>();
        IdempotencyKey(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// A key with what it was sent for: the account, and the hash of the
/// target and the normalised body.
#[derive(Debug, Clone)]
pub struct KeyUse {
    key: IdempotencyKey,
    account_id: i64,
    body_hash: String,
}

impl KeyUse {
    /// `target` names what the body changes ("new:CELL" or "meeting:ID"),
    /// so that a key replayed against another meeting is another body.
    /// The body is normalised: values trimmed, empty fields dropped,
    /// fields sorted by name, the CSRF token and the key left out.
    pub fn new<'a>(
        actor: &Actor,
        key: IdempotencyKey,
        target: &str,
        fields: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> KeyUse {
        let mut pairs: Vec<(&str, &str)> = fields
            .into_iter()
            .map(|(name, value)| (name, value.trim()))
            .filter(|(name, value)| !value.is_empty() && !NOT_HASHED.contains(name))
            .collect();
        pairs.sort_unstable();
        let mut hash = Sha256::new();
        for part in std::iter::once(target).chain(pairs.iter().flat_map(|(n, v)| [*n, *v])) {
            // Length-prefixed, so that no two bodies run together alike.
            hash.update((part.len() as u64).to_be_bytes());
            hash.update(part.as_bytes());
        }
        KeyUse {
            key,
            account_id: actor.account_id(),
            body_hash: URL_SAFE_NO_PAD.encode(hash.finalize()),
        }
    }

    pub fn key(&self) -> &IdempotencyKey {
        &self.key
    }
}

/// What a key found stored says about a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Earlier {
    /// Never used (or expired): carry the change out.
    None,
    /// The same request was carried out: this meeting is the answer.
    Same { meeting_id: i64 },
    /// The account used the key for another body (or meeting).
    OtherBody,
    /// Another account's key.
    OtherAccount,
}

/// Looks the key up.
pub async fn earlier(db: &Db, clock: &dyn Clock, used: &KeyUse) -> Result<Earlier, CoreError> {
    let Some(stored) = db.store().idempotency_key(used.key.as_str()).await? else {
        return Ok(Earlier::None);
    };
    Ok(if stored.created_at < clock.now() - KEY_LIFETIME_SECONDS {
        Earlier::None
    } else if stored.account_id != used.account_id {
        Earlier::OtherAccount
    } else if stored.body_hash != used.body_hash {
        Earlier::OtherBody
    } else {
        Earlier::Same {
            meeting_id: stored.meeting_id,
        }
    })
}

/// Stores the key in the change's transaction, pruning expired keys.
pub(crate) async fn claim(
    tx: &mut WriteTx,
    clock: &dyn Clock,
    used: &KeyUse,
    meeting_id: i64,
) -> Result<(), StoreError> {
    let now = clock.now();
    tx.claim_idempotency_key(
        &KeyClaim {
            key: used.key.as_str(),
            account_id: used.account_id,
            body_hash: &used.body_hash,
            now,
            prune_before: now - KEY_LIFETIME_SECONDS,
        },
        meeting_id,
    )
    .await
}

const DRAFT_SECRET: &str = "draft_scope_secret";

/// The opaque name of the actor's drafts in a browser: a hash of the
/// account id with a secret of this database (made at first use), so that
/// two accounts on a shared computer never read each other's drafts and
/// the page names no one.
pub async fn draft_scope(db: &Db, actor: &Actor) -> Result<String, CoreError> {
    let secret = db
        .store()
        .setting_or_insert(DRAFT_SECRET, &crate::secrets::random_token())
        .await?;
    let mut hash = Sha256::new();
    hash.update(secret.as_bytes());
    hash.update(b":");
    hash.update(actor.account_id().to_be_bytes());
    let digest = hash.finalize();
    Ok(URL_SAFE_NO_PAD.encode(&digest[..16]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_128_bits_in_hexadecimal() {
        let plain = IdempotencyKey::parse("0123456789abcdef0123456789ABCDEF")
            .unwrap()
            .unwrap();
        assert_eq!(plain.as_str(), "0123456789abcdef0123456789abcdef");
        let uuid = IdempotencyKey::parse("01234567-89ab-cdef-0123-456789abcdef")
            .unwrap()
            .unwrap();
        assert_eq!(uuid, plain);
        assert_eq!(IdempotencyKey::parse("  ").unwrap(), None);
        for bad in [
            "0123456789abcdef0123456789abcde",
            "0123456789abcdef0123456789abcdeg",
            "0123456789abcdef0123456789abcdef0",
            "0123456789-abcdef-0123-456789abcdef",
            "01234567-89ab-cdef-0123-456789abcdeé",
            "' OR 1=1 --",
        ] {
            assert!(IdempotencyKey::parse(bad).is_err(), "{bad}");
        }
    }
}
