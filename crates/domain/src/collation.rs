//! Vietnamese alphabetical order for names.
//!
//! Letters follow the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o
//! ô ơ p q r s t u ư v x y); tone marks are a secondary difference in the
//! order level, grave, hook, tilde, acute, dot (CLDR's `vi` tailoring); case
//! is the last difference. A run of digits sorts by its value ("Chi bộ 2"
//! before "Chi bộ 10"), after the letters. Person names sort by given name,
//! then by the family and middle names, as on Vietnamese rosters.

use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;

const BASE_ORDER: &str = "aăâbcdđeêghijklmnoôơpqrstuưvwxyz";

fn tone_rank(mark: char) -> Option<u8> {
    match mark {
        '\u{0300}' => Some(1), // huyền
        '\u{0309}' => Some(2), // hỏi
        '\u{0303}' => Some(3), // ngã
        '\u{0301}' => Some(4), // sắc
        '\u{0323}' => Some(5), // nặng
        _ => None,
    }
}

/// Letter modifiers that make a distinct letter of the alphabet.
fn compose_letter(base: char, mark: char) -> Option<char> {
    match (base, mark) {
        ('a', '\u{0306}') => Some('ă'),
        ('a', '\u{0302}') => Some('â'),
        ('e', '\u{0302}') => Some('ê'),
        ('o', '\u{0302}') => Some('ô'),
        ('o', '\u{031b}') => Some('ơ'),
        ('u', '\u{031b}') => Some('ư'),
        _ => None,
    }
}

/// A sort key: primary letters, then tones, then case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey {
    primary: Vec<u32>,
    tones: Vec<u8>,
    case: Vec<bool>,
}

pub fn sort_key(text: &str) -> SortKey {
    let mut key = SortKey {
        primary: Vec::new(),
        tones: Vec::new(),
        case: Vec::new(),
    };
    let mut chars = text.nfd().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut digits = String::from(c);
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                digits.push(d);
            }
            push_number(&mut key, &digits);
            continue;
        }
        if let Some(rank) = tone_rank(c) {
            if let Some(last) = key.tones.last_mut() {
                *last = rank;
            }
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        if let Some(last) = key.primary.last_mut()
            && let Some(previous) = char::from_u32(*last >> 8)
            && let Some(letter) = compose_letter(previous, lower)
        {
            *last = letter_weight(letter);
            continue;
        }
        if ('\u{0300}'..='\u{036f}').contains(&lower) {
            continue; // other combining marks do not change the order
        }
        key.primary.push(letter_weight(lower));
        key.tones.push(0);
        key.case.push(c.is_uppercase());
    }
    key
}

/// A run of digits as its value: where a digit would stand, then how many
/// significant digits it has, then the digits, so that 2 < 10 < 11 and
/// leading zeros do not count.
fn push_number(key: &mut SortKey, digits: &str) {
    let significant = digits.trim_start_matches('0');
    let significant = if significant.is_empty() {
        "0"
    } else {
        significant
    };
    // Where any digit stood before: after the alphabet, as the code point of '0'.
    let mut weights = vec![letter_weight('0') & 0xff];
    weights.push(significant.len().min(0xff) as u32);
    weights.extend(significant.bytes().map(|b| u32::from(b - b'0')));
    for weight in weights {
        key.primary.push(weight);
        key.tones.push(0);
        key.case.push(false);
    }
}

/// Vietnamese letters by their alphabet position; other characters after
/// the alphabet's place of their code point. The character is kept in the
/// high bits so that a following modifier can be recognised.
fn letter_weight(c: char) -> u32 {
    let position = match BASE_ORDER.chars().position(|l| l == c) {
        Some(p) => p as u32 + 1,
        None if c == ' ' => 0,
        None => 64 + (c as u32 & 0xff),
    };
    ((c as u32) << 8) | position
}

/// Compares two texts in Vietnamese alphabetical order.
pub fn compare(a: &str, b: &str) -> Ordering {
    order_key(a).cmp(&order_key(b))
}

/// What [`compare`] orders by (letters, then tones, then case), for sorting
/// many texts with one key each instead of one per comparison.
pub fn order_key(text: &str) -> (Vec<u32>, Vec<u8>, Vec<bool>) {
    let key = sort_key(text);
    let primary = key.primary.iter().map(|w| w & 0xff).collect();
    (primary, key.tones, key.case)
}

/// Compares person names as a roster lists them: given name first (the last
/// word), then the rest of the name.
pub fn compare_person_names(a: &str, b: &str) -> Ordering {
    let split = |name: &str| -> (String, String) {
        let mut words: Vec<&str> = name.split_whitespace().collect();
        let given = words.pop().unwrap_or_default().to_owned();
        (given, words.join(" "))
    };
    let (given_a, rest_a) = split(a);
    let (given_b, rest_b) = split(b);
    compare(&given_a, &given_b).then_with(|| compare(&rest_a, &rest_b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut items: Vec<&str>, cmp: fn(&str, &str) -> Ordering) -> Vec<&str> {
        items.sort_by(|a, b| cmp(a, b));
        items
    }

    #[test]
    fn alphabet_order_puts_d_stroke_after_d() {
        assert_eq!(
            sorted(vec!["Đào", "Dung", "Em", "Cường"], compare),
            vec!["Cường", "Dung", "Đào", "Em"]
        );
    }

    #[test]
    fn a_breve_and_circumflex_follow_a() {
        assert_eq!(
            sorted(vec!["ân", "ăn", "an", "bé"], compare),
            vec!["an", "ăn", "ân", "bé"]
        );
    }

    #[test]
    fn tones_are_secondary_in_dictionary_order() {
        assert_eq!(
            sorted(vec!["mạ", "má", "mã", "mả", "mà", "ma", "mai"], compare),
            vec!["ma", "mà", "mả", "mã", "má", "mạ", "mai"]
        );
    }

    #[test]
    fn roster_sorts_by_given_name_first() {
        assert_eq!(
            sorted(
                vec!["Trần Văn Bình", "Nguyễn Thị An", "Lê Anh", "Đỗ Thị Ánh"],
                compare_person_names
            ),
            vec!["Nguyễn Thị An", "Lê Anh", "Đỗ Thị Ánh", "Trần Văn Bình"]
        );
    }

    #[test]
    fn numbers_sort_by_value_after_letters() {
        assert_eq!(
            sorted(
                vec![
                    "Chi bộ 10",
                    "Chi bộ 2",
                    "Chi bộ 1",
                    "Chi bộ Khu vực",
                    "Chi bộ 11",
                    "Chi bộ 02a",
                    "Chi bộ 100",
                ],
                compare
            ),
            vec![
                "Chi bộ Khu vực",
                "Chi bộ 1",
                "Chi bộ 2",
                "Chi bộ 02a",
                "Chi bộ 10",
                "Chi bộ 11",
                "Chi bộ 100",
            ]
        );
        assert_eq!(compare("Tổ 007", "Tổ 7"), Ordering::Equal);
        assert_eq!(compare("Khu vực 9", "Khu vực 10"), Ordering::Less);
    }

    #[test]
    fn decomposed_and_composed_compare_equal() {
        assert_eq!(compare("Nguyễn", "Nguye\u{0302}\u{0303}n"), Ordering::Equal);
    }
}
