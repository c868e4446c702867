//! The basis of a plan: the stored records it read and the version of
//! each, folded into a short fingerprint. A form that shows a plan (a
//! reorganization preview, an import preview) carries the fingerprint; on
//! confirmation the plan is made again, and a different fingerprint means
//! that one of those records changed meanwhile: the person sees the new
//! plan rather than a surprise. Changes to other records leave it alone.

/// FNV-1a over `kind`, key and version of every record, in the order the
/// plan adds them (callers add them in an order the input fixes).
#[derive(Debug, Clone, Copy)]
pub struct Basis(u64);

impl Default for Basis {
    fn default() -> Self {
        Basis(0xcbf2_9ce4_8422_2325)
    }
}

impl Basis {
    /// One record read: its kind (`"unit"`, `"member"`), its code, and its
    /// version, `None` when it did not exist.
    pub fn add(&mut self, kind: &str, key: &str, version: Option<i64>) {
        // An import folds in every row: no allocation per record.
        let (present, version) = match version {
            Some(v) => (1u8, v.to_le_bytes()),
            None => (0u8, [0; 8]),
        };
        let bytes = kind
            .bytes()
            .chain([0x1f])
            .chain(key.bytes())
            .chain([0x1f, present])
            .chain(version);
        for byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The fingerprint, as a form carries it.
    pub fn finish(&self) -> String {
        format!("{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_version_or_a_new_record_changes_the_fingerprint() {
        let of = |records: &[(&str, &str, Option<i64>)]| {
            let mut basis = Basis::default();
            for (kind, key, version) in records {
                basis.add(kind, key, *version);
            }
            basis.finish()
        };
        let base = of(&[("unit", "C1", Some(3)), ("member", "DV1", Some(1))]);
        assert_eq!(
            base,
            of(&[("unit", "C1", Some(3)), ("member", "DV1", Some(1))])
        );
        assert_ne!(
            base,
            of(&[("unit", "C1", Some(4)), ("member", "DV1", Some(1))])
        );
        assert_ne!(
            base,
            of(&[("unit", "C1", Some(3)), ("member", "DV1", None)])
        );
        // Field boundaries count: "C1" + "1" is not "C" + "11".
        assert_ne!(
            of(&[("unit", "C1", Some(1))]),
            of(&[("unit", "C", Some(11))])
        );
        assert_eq!(base.len(), 16);
    }
}
