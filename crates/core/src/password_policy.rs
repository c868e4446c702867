//! What a chosen password must be: long enough, not the username, not one
//! of the commonest passwords (a list bundled with the program, see
//! `reference/common-passwords.txt` for where it comes from), and not
//! trivially repetitive or sequential. Every refusal says what to do.
//!
//! A bundled list rather than an estimator crate such as `zxcvbn`: that
//! crate brings 17 more crates (regex, fancy-regex, time, …), about 48 s of
//! single-core build and 4 MB of English dictionaries that say little about
//! Vietnamese passwords, where a 21 KB list and a few rules catch what the
//! attacks tried.

use std::collections::HashSet;
use std::sync::LazyLock;

use chibo_domain::Message;

/// A password must be at least this long.
pub const MIN_PASSWORD_CHARS: usize = 10;

const COMMON_PASSWORDS: &str = include_str!("../reference/common-passwords.txt");

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    COMMON_PASSWORDS
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
});

/// Runs of characters people type in order: digits and letters (wrapping
/// around, so `7890123456` counts) and the rows of a QWERTY keyboard.
const SEQUENCES: &[(&str, bool)] = &[
    ("0123456789", true),
    ("abcdefghijklmnopqrstuvwxyz", true),
    ("`1234567890-=", false),
    ("qwertyuiop[]\\", false),
    ("asdfghjkl;'", false),
    ("zxcvbnm,./", false),
];

/// Checks a chosen password; the message says what to do.
pub fn check_new_password(username: &str, password: &str) -> Result<(), Message> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Message::new("auth-password-too-short").arg("min", MIN_PASSWORD_CHARS));
    }
    let folded = password.to_lowercase();
    if is_username_based(&username.trim().to_lowercase(), &folded) {
        return Err(Message::new("auth-password-is-username"));
    }
    if is_trivial(&folded) {
        return Err(Message::new("auth-password-trivial"));
    }
    if COMMON.contains(folded.as_str()) {
        return Err(Message::new("auth-password-common"));
    }
    Ok(())
}

/// The username itself, or the username with up to four characters, or
/// trivial ones, around it (`nguyen.an1`, `le.cuong2024`, `admin12345`).
fn is_username_based(username: &str, folded: &str) -> bool {
    if username.is_empty() || !folded.contains(username) {
        return false;
    }
    let rest = folded.replace(username, "");
    rest.chars().count() <= 4 || is_trivial(&rest)
}

/// Repetitive (`aaaaaaaaaa`, `abcabcabcabc`, two characters only) or
/// sequential (`1234567890`, `qwertyuiop`, `zyxwvutsrq`).
fn is_trivial(folded: &str) -> bool {
    let chars: Vec<char> = folded.chars().collect();
    let distinct: HashSet<char> = chars.iter().copied().collect();
    distinct.len() <= 2 || is_periodic(&chars) || is_sequential(&chars)
}

/// Whether the text repeats a unit at most half its length.
fn is_periodic(chars: &[char]) -> bool {
    (1..=chars.len() / 2).any(|period| (period..chars.len()).all(|i| chars[i] == chars[i - period]))
}

fn is_sequential(chars: &[char]) -> bool {
    let pairs = || chars.windows(2).map(|w| (w[0], w[1]));
    pairs().all(|(a, b)| follows(a, b)) || pairs().all(|(a, b)| follows(b, a))
}

/// Whether `b` comes right after `a` in one of the sequences.
fn follows(a: char, b: char) -> bool {
    SEQUENCES.iter().any(|(sequence, wraps)| {
        let chars: Vec<char> = sequence.chars().collect();
        chars.iter().enumerate().any(|(i, &c)| {
            c == a
                && match chars.get(i + 1) {
                    Some(&next) => next == b,
                    None => *wraps && chars[0] == b,
                }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(username: &str, password: &str) -> Option<String> {
        check_new_password(username, password)
            .err()
            .map(|m| m.id.to_owned())
    }

    #[test]
    fn the_list_is_bundled_and_keeps_only_passwords_long_enough() {
        assert!(COMMON.len() > 1500, "{}", COMMON.len());
        assert!(
            COMMON
                .iter()
                .all(|p| p.chars().count() >= MIN_PASSWORD_CHARS)
        );
        assert!(COMMON.iter().all(|p| p.to_lowercase() == *p));
        assert!(COMMON.contains("basketball"));
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        let id = |p: &str| refusal("nguyen.an", p);
        assert_eq!(id("ngắn").as_deref(), Some("auth-password-too-short"));
        assert_eq!(id("NGUYEN.AN").as_deref(), Some("auth-password-too-short"));
        assert_eq!(
            id("Nguyen.An1").as_deref(),
            Some("auth-password-is-username")
        );
        assert_eq!(
            refusal("admin", "admin12345").as_deref(),
            Some("auth-password-is-username")
        );
        assert_eq!(
            refusal("le.cuong", "le.cuong2024").as_deref(),
            Some("auth-password-is-username")
        );
        for trivial in [
            "aaaaaaaaaa",
            "1234567890",
            "abcabcabcabc",
            "qwertyuiop",
            "QWERTYUIOP",
            "0987654321",
            "7890123456",
            "abababababab",
            "aaaaabbbbb",
            "zyxwvutsrqpo",
            "asdfghjkl;'",
        ] {
            assert_eq!(
                id(trivial).as_deref(),
                Some("auth-password-trivial"),
                "{trivial}"
            );
        }
        for common in ["basketball", "BasketBall", "password12", "liverpool1"] {
            assert_eq!(
                id(common).as_deref(),
                Some("auth-password-common"),
                "{common}"
            );
        }
    }

    #[test]
    fn reasonable_passwords_pass() {
        for good in [
            "mật khẩu đủ dài",
            "mat-khau-moi-123",
            "con mèo ngủ trên mái nhà",
            "Nguyen.An-thich-ca-phe",
            "abcdefghiZ-42",
        ] {
            assert_eq!(refusal("nguyen.an", good), None, "{good}");
        }
    }
}
