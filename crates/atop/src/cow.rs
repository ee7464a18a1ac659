//! Correlates of War state codes (ATOP's member ids) and pactum's actor ids.
//!
//! The table is `data/atop/cow-iso3.csv`: the COW state list joined to ISO 3166-1 alpha-3
//! (how it was made: `data/atop/make_cow_iso3.py` and `data/atop/SOURCE.md`). States with no
//! ISO code (Czechoslovakia, Yugoslavia, the Germany of 1815 …) have no ISO entry; pactum
//! names them `cow-NNN`, and `pactum atop import` declares them in a `party` block.

use std::sync::OnceLock;

/// The COW → ISO3 table as shipped.
pub const TABLE_CSV: &str = include_str!("../../../data/atop/cow-iso3.csv");

/// One state of the COW list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CowState {
    pub ccode: u32,
    /// COW's three-letter abbreviation (not ISO: `UKG`, `GFR`).
    pub abb: String,
    pub name: String,
    /// The ISO 3166-1 alpha-3 code pactum uses for the state, if it has one.
    pub iso3: Option<String>,
}

/// Declared actor ids the library uses for states that have no ISO code, with their COW
/// code: the Soviet Union is COW 365 (COW codes Russia and the USSR as one state).
pub const ALIASES: &[(&str, u32)] = &[("ussr", 365)];

/// Every state of the table, in COW order.
pub fn states() -> &'static [CowState] {
    static STATES: OnceLock<Vec<CowState>> = OnceLock::new();
    STATES.get_or_init(|| {
        TABLE_CSV
            .lines()
            .skip(1)
            .filter_map(|l| {
                let mut f = l.split(',');
                let ccode = f.next()?.trim().parse().ok()?;
                let abb = f.next()?.trim().to_string();
                let name = f.next()?.trim().to_string();
                let iso3 = f.next().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
                Some(CowState { ccode, abb, name, iso3 })
            })
            .collect()
    })
}

/// The state with a COW code.
pub fn state(ccode: u32) -> Option<&'static CowState> {
    states().iter().find(|s| s.ccode == ccode)
}

/// The pactum actor id for a COW code: the ISO3 code, or `cow-NNN` when there is none
/// (including codes ATOP uses that are not on the COW list).
pub fn actor_id(ccode: u32) -> String {
    match state(ccode).and_then(|s| s.iso3.clone()) {
        Some(iso) => iso,
        None => format!("cow-{ccode}"),
    }
}

/// The COW codes an actor id may stand for: an ISO3 code maps to every COW state with it
/// (`DEU` is both 255 Germany and 260 the Federal Republic), `cow-NNN` to NNN, and the
/// aliases in [`ALIASES`] to theirs.
pub fn cow_codes(actor: &str) -> Vec<u32> {
    if let Some(n) = actor.strip_prefix("cow-").and_then(|n| n.parse().ok()) {
        return vec![n];
    }
    if let Some((_, c)) = ALIASES.iter().find(|(a, _)| *a == actor) {
        return vec![*c];
    }
    states().iter().filter(|s| s.iso3.as_deref() == Some(actor)).map(|s| s.ccode).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_reads_and_maps_both_ways() {
        assert_eq!(states().len(), 217);
        assert_eq!(actor_id(2), "USA");
        assert_eq!(actor_id(200), "GBR");
        assert_eq!(actor_id(732), "KOR");
        assert_eq!(actor_id(345), "cow-345");
        assert_eq!(actor_id(8152), "cow-8152");
        assert_eq!(cow_codes("DEU"), vec![255, 260]);
        assert_eq!(cow_codes("ussr"), vec![365]);
        assert_eq!(cow_codes("cow-315"), vec![315]);
        assert!(cow_codes("XYZ").is_empty());
    }

    #[test]
    fn every_iso3_is_a_builtin_state() {
        let reg = pactum_model::Registry::builtin();
        for s in states() {
            if let Some(iso) = &s.iso3 {
                assert!(reg.actor(iso).is_some(), "{iso} (COW {}) is not a pactum state", s.ccode);
            }
        }
    }
}
