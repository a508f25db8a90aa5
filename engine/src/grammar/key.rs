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
    use super::key_path;

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
}
