//! The one grammar of formula key paths as people type them (`--set`, a library argument, a
//! page control): parts separated by dots, a part in double or single quotes when it holds a
//! dot or spaces of its own (`allocation.programs.seni.tier_weights."Tier 1.5"`), every part
//! trimmed and Unicode-normalised (NFC), as formula files are. `budget` alone is short for
//! `allocation.budget`.

use super::amount::Refusal;
use super::id::nfc;

/// The parts of a dotted key path, or why it is not one.
pub fn key_path(key: &str) -> Result<Vec<String>, Refusal> {
    let key = key.trim();
    if key == "budget" {
        return Ok(vec!["allocation".into(), "budget".into()]);
    }
    let mut parts = Vec::new();
    let mut rest = key;
    loop {
        let (part, after) = next_part(rest, key)?;
        if part.is_empty() {
            return Err(Refusal {
                message: format!("the key '{key}' has an empty part"),
                fix: "write keys like indicators.ID.weight (a part with a dot in quotes: tier_weights.\"Tier 1.5\")".into(),
            });
        }
        parts.push(nfc(&part).into_owned());
        match after.strip_prefix('.') {
            Some(more) => rest = more,
            None if after.trim().is_empty() => return Ok(parts),
            None => return Err(unclosed(key)),
        }
    }
}

/// A `key=value` assignment split at its first `=` outside the key's quoted parts (a quoted
/// part may hold one: `tier_weights."FRL >= 50%"=2`), or at its first `=` when a quote is never
/// closed (the key then says so); None when there is no `=`. A quote opens a part only at its
/// start, as [`key_path`] reads it (`o'brien` holds an apostrophe).
pub fn split_assignment(assignment: &str) -> Option<(&str, &str)> {
    let (mut quote, mut part_start) = (None, true);
    for (i, c) in assignment.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '=' => return Some((&assignment[..i], &assignment[i + 1..])),
            None if part_start && (c == '"' || c == '\'') => quote = Some(c),
            None => {}
        }
        part_start = c == '.' || (part_start && c.is_whitespace());
    }
    assignment.split_once('=')
}

/// The first part of `rest` (unquoted and trimmed) and what follows it.
fn next_part<'a>(rest: &'a str, key: &str) -> Result<(String, &'a str), Refusal> {
    let t = rest.trim_start();
    for quote in ['"', '\''] {
        if let Some(inner) = t.strip_prefix(quote) {
            let end = inner.find(quote).ok_or_else(|| unclosed(key))?;
            return Ok((inner[..end].to_string(), inner[end + 1..].trim_start()));
        }
    }
    let end = t.find('.').unwrap_or(t.len());
    Ok((t[..end].trim().to_string(), &t[end..]))
}

fn unclosed(key: &str) -> Refusal {
    Refusal {
        message: format!("the key '{key}' has a quote that is not closed, or text after one"),
        fix: "quote a whole part of the key: tier_weights.\"Tier 1.5\"".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::{key_path, split_assignment};

    #[test]
    fn keys_have_dotted_and_quoted_parts() {
        assert_eq!(key_path("budget").unwrap(), ["allocation", "budget"]);
        assert_eq!(key_path(" indicators . x . weight ").unwrap(), ["indicators", "x", "weight"]);
        assert_eq!(
            key_path("allocation.programs.seni.tier_weights.\"Tier 1.5\"").unwrap(),
            ["allocation", "programs", "seni", "tier_weights", "Tier 1.5"]
        );
        assert_eq!(key_path("a.'b.c'.d").unwrap(), ["a", "b.c", "d"]);
        assert_eq!(key_path("indicators.e\u{301}cole.weight").unwrap()[1], "école");
        for bad in ["a..b", "", ".a", "a.", "a.\"b", "a.\"b\"c"] {
            assert!(key_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_assignment_splits_at_the_first_equals_sign_outside_quotes() {
        let tier = "allocation.programs.p.tier_weights.\"FRL >= 50%\"=2";
        let (key, value) = split_assignment(tier).unwrap();
        assert_eq!((key, value), ("allocation.programs.p.tier_weights.\"FRL >= 50%\"", "2"));
        assert_eq!(key_path(key).unwrap()[4], "FRL >= 50%");
        assert_eq!(split_assignment("a.'b=c'.d = x=y"), Some(("a.'b=c'.d ", " x=y")));
        assert_eq!(
            split_assignment("indicators.o'brien.weight=2"),
            Some(("indicators.o'brien.weight", "2"))
        );
        assert_eq!(split_assignment("budget=\"9=9\""), Some(("budget", "\"9=9\"")));
        assert_eq!(split_assignment("a.\"b=c"), Some(("a.\"b", "c")));
        assert_eq!(split_assignment("budget"), None);
    }
}
