//! The lifecycle of projects shipped with chibo (data:
//! core/reference/research/lifecycle.json), read once.

use std::sync::OnceLock;

use chibo_domain::research::Lifecycle;

const SHIPPED: &str = include_str!("../../reference/research/lifecycle.json");

/// The shipped lifecycle; a test keeps the file valid, so a broken one is
/// caught before release and reads here as a lifecycle of no states.
pub fn shipped() -> &'static Lifecycle {
    static LIFECYCLE: OnceLock<Lifecycle> = OnceLock::new();
    LIFECYCLE.get_or_init(|| {
        serde_json::from_str(SHIPPED).unwrap_or_else(|_| Lifecycle {
            code: String::new(),
            source: String::new(),
            report_every_months: 6,
            states: Vec::new(),
        })
    })
}

/// A state's name in the reader's language, or its code when the
/// lifecycle does not know it.
pub fn state_name(code: &str, vietnamese: bool) -> String {
    shipped().state(code).map_or_else(
        || code.to_owned(),
        |s| {
            if vietnamese {
                s.name_vi.clone()
            } else {
                s.name_en.clone()
            }
        },
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shipped_lifecycle_reads() {
        let lifecycle = super::shipped();
        assert_eq!(lifecycle.code, "can_tho_2015");
        assert!(lifecycle.validate().is_empty());
        assert_eq!(super::state_name("in_progress", true), "Đang thực hiện");
    }
}
