//! Fixed-point numbers in tenths: points and percentages, and the exact
//! comparison of a rate (part of a whole) with a percentage.
//!
//! Why not `f64`: a rating is decided by comparing a total with a band
//! (89.9 against 90) and a formula by comparing a rate with a bound (9 of 10
//! present against 90%). In binary floating point 0.1 + 0.2 is not 0.3 and
//! 9/10 * 100 need not equal 90, so a meeting could fall on the wrong side
//! of a boundary. Tenths cover every rubric seen (half points at most), keep
//! sums exact, and make scores comparable and hashable when stored.

use std::cmp::Ordering;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! tenths_type {
    ($(#[$doc:meta])* $name:ident, $expecting:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl $name {
            pub const ZERO: Self = Self(0);

            /// A whole number, e.g. `whole(90)` is 90.
            pub const fn whole(units: u32) -> Self {
                Self(units.saturating_mul(10))
            }

            /// A number given in tenths, e.g. `from_tenths(899)` is 89.9.
            pub const fn from_tenths(tenths: u32) -> Self {
                Self(tenths)
            }

            pub const fn tenths(self) -> u32 {
                self.0
            }

            /// Sums saturate: rubric data is validated before it is summed,
            /// and an absurd value must not panic on the way to its problem.
            pub const fn saturating_add(self, other: Self) -> Self {
                Self(self.0.saturating_add(other.0))
            }
        }

        impl std::iter::Sum for $name {
            fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
                iter.fold(Self::ZERO, Self::saturating_add)
            }
        }

        /// `90`, `89.9`: the way the number is written in rubric files.
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write_tenths(f, self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serialize_tenths(self.0, serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer
                    .deserialize_any(TenthsVisitor($expecting))
                    .map(Self)
            }
        }
    };
}

tenths_type!(
    /// Points of a rubric item, group or total, to a tenth of a point.
    Points,
    "a number of points (at most one decimal, not negative)"
);

tenths_type!(
    /// A percentage, to a tenth of a percent (a bound of a threshold).
    Percent,
    "a percentage (at most one decimal, not negative)"
);

fn write_tenths(f: &mut fmt::Formatter<'_>, tenths: u32) -> fmt::Result {
    match tenths % 10 {
        0 => write!(f, "{}", tenths / 10),
        fraction => write!(f, "{}.{fraction}", tenths / 10),
    }
}

/// Whole numbers stay integers in JSON so that the files read naturally.
fn serialize_tenths<S: Serializer>(tenths: u32, serializer: S) -> Result<S::Ok, S::Error> {
    if tenths.is_multiple_of(10) {
        serializer.serialize_u32(tenths / 10)
    } else {
        serializer.serialize_f64(f64::from(tenths) / 10.0)
    }
}

struct TenthsVisitor(&'static str);

impl Visitor<'_> for TenthsVisitor {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<u32, E> {
        value
            .checked_mul(10)
            .and_then(|tenths| u32::try_from(tenths).ok())
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(value), &self))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<u32, E> {
        u64::try_from(value)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
            .and_then(|value| self.visit_u64(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<u32, E> {
        let tenths = value * 10.0;
        let rounded = tenths.round();
        // A decimal written with one digit after the point lands within
        // rounding noise of a whole number of tenths; 4.55 does not.
        let is_tenths = (tenths - rounded).abs() < 1e-6;
        if value.is_finite() && value >= 0.0 && is_tenths && rounded <= f64::from(u32::MAX) {
            Ok(rounded as u32)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(value), &self))
        }
    }
}

/// A part of a whole, such as 9 present of 10 expected. Compared with a
/// percentage in integers, so 9 of 10 is exactly 90%.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    part: u32,
    whole: u32,
}

impl Rate {
    /// 100%: used where an empty whole means nothing was left undone.
    pub const FULL: Rate = Rate { part: 1, whole: 1 };
    /// 0%: used where an empty whole means nothing was done.
    pub const NONE: Rate = Rate { part: 0, whole: 1 };

    /// `part` of `whole`, or `None` when the whole is empty: every caller
    /// must decide what an empty whole means for its formula.
    pub fn of(part: u32, whole: u32) -> Option<Rate> {
        (whole > 0).then_some(Rate { part, whole })
    }

    /// How this rate compares with `percent`: part/whole against
    /// tenths/1000, cross-multiplied in 64 bits so nothing overflows.
    pub fn cmp_percent(self, percent: Percent) -> Ordering {
        let left = u64::from(self.part) * 1000;
        let right = u64::from(percent.tenths()) * u64::from(self.whole);
        left.cmp(&right)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_whole_and_tenths() {
        assert_eq!(Points::whole(90).to_string(), "90");
        assert_eq!(Points::from_tenths(899).to_string(), "89.9");
        assert_eq!(Points::from_tenths(5).to_string(), "0.5");
    }

    #[test]
    fn rates_compare_exactly_with_percentages() {
        let nine_of_ten = Rate::of(9, 10).unwrap();
        assert_eq!(nine_of_ten.cmp_percent(Percent::whole(90)), Ordering::Equal);
        let just_below = Rate::of(899, 1000).unwrap();
        assert_eq!(just_below.cmp_percent(Percent::whole(90)), Ordering::Less);
        assert_eq!(
            Rate::of(1, 3)
                .unwrap()
                .cmp_percent(Percent::from_tenths(333)),
            Ordering::Greater
        );
        assert_eq!(Rate::of(3, 0), None);
    }
}
