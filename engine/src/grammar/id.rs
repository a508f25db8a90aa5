//! The one rule for ids: a school's id read from a data file, one typed after `seni explain`, one
//! line of an `--affected` list, the page's find box and a Python argument are all made the same
//! way — trimmed (spaces, a byte-order mark, zero-width characters), Unicode-normalised (NFC: `é`
//! typed as one character or as `e` and an accent is one id), and, where the formula says so
//! (`[data] id_width`), numeric ids zero-padded to that width. Composite ids join their parts
//! with `/`.

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// How ids are made from their text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdRule {
    width: Option<usize>,
}

/// Characters trimmed from both ends besides white space: a byte-order mark and zero-width
/// characters (spreadsheets and copied text carry them invisibly).
fn invisible(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}')
}

/// Text in Unicode normal form C (borrowed when it already is).
pub fn nfc(s: &str) -> Cow<'_, str> {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => Cow::Borrowed(s),
        _ => Cow::Owned(s.nfc().collect()),
    }
}

impl IdRule {
    /// Ids zero-padded to `width` digits when numeric (None: not padded).
    pub fn new(width: Option<usize>) -> IdRule {
        IdRule { width }
    }

    /// The width numeric ids are padded to.
    pub fn width(&self) -> Option<usize> {
        self.width
    }

    /// One part of an id as the rule makes it.
    pub fn part<'a>(&self, raw: &'a str) -> Cow<'a, str> {
        let s = raw.trim_matches(invisible);
        match self.width {
            Some(w) if s.len() < w && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                Cow::Owned(format!("{s:0>w$}"))
            }
            _ => nfc(s),
        }
    }

    /// An id from its parts (one per id column), joined with `/`.
    pub fn id<'a>(&self, mut parts: impl Iterator<Item = &'a str>) -> String {
        let mut id = self.part(parts.next().unwrap_or("")).into_owned();
        for p in parts {
            id.push('/');
            id.push_str(&self.part(p));
        }
        id
    }

    /// An id typed by a person (a command-line argument, a line of a list, a search): its parts
    /// are separated by `/` when it has several.
    pub fn typed(&self, text: &str) -> String {
        self.id(text.trim_matches(invisible).split('/'))
    }

    /// The key two ids are compared by when they may differ only in leading zeros: numeric ids
    /// without them (`0100005` and `100005` are one number); other ids as the rule makes them.
    pub fn as_number<'a>(&self, id: &'a str) -> Cow<'a, str> {
        if id.contains('/') {
            let parts: Vec<String> = id.split('/').map(|p| strip_zeros(p).to_string()).collect();
            return Cow::Owned(parts.join("/"));
        }
        Cow::Borrowed(strip_zeros(id))
    }
}

/// A numeric id without its leading zeros (other text as it is).
fn strip_zeros(id: &str) -> &str {
    if id.len() > 1 && id.bytes().all(|b| b.is_ascii_digit()) {
        let s = id.trim_start_matches('0');
        if s.is_empty() { "0" } else { s }
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_trimmed_normalised_and_padded() {
        let rule = IdRule::new(Some(7));
        assert_eq!(rule.typed("100007"), "0100007");
        assert_eq!(rule.typed("\u{feff}0100007"), "0100007");
        assert_eq!(rule.typed(" 1700007\u{200b} "), "1700007");
        assert_eq!(rule.typed("A12"), "A12");
        assert_eq!(rule.typed("12345678"), "12345678");
        let plain = IdRule::default();
        assert_eq!(plain.typed("100007"), "100007");
        // NFD (e + combining acute) and NFC are one id.
        assert_eq!(plain.typed("Escuela Pe\u{301}rez"), "Escuela Pérez");
        assert_eq!(IdRule::new(Some(3)).id(["7", " 2021 "].into_iter()), "007/2021");
    }

    #[test]
    fn numeric_ids_compare_without_leading_zeros() {
        let rule = IdRule::default();
        assert_eq!(rule.as_number("0100005"), "100005");
        assert_eq!(rule.as_number("000"), "0");
        assert_eq!(rule.as_number("A0100"), "A0100");
        assert_eq!(rule.as_number("007/0012"), "7/12");
    }
}
