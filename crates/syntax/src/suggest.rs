//! "Did you mean" suggestions for unknown names.

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_lowercase();
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&lower, &c.to_lowercase());
        if c.eq_ignore_ascii_case(word) {
            return Some(c);
        }
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.filter(|(_, s)| *s >= 0.8).map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let known = ["guarantors", "beneficiaries", "trigger"];
        assert_eq!(did_you_mean("guarantor", known), Some("guarantors"));
        assert_eq!(did_you_mean("triger", known), Some("trigger"));
        assert_eq!(did_you_mean("xyzzy", known), None);
    }
}
