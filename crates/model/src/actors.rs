//! Actors and places: the built-in registry (states, organisations, bodies, groups with
//! dated membership, places and regions) and actors declared by files.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use pactum_syntax::source::FileId;
use pactum_syntax::toml::{Table, Value, ValueKind, parse_table};
use schemars::JsonSchema;
use serde::Serialize;

use crate::keywords::{ActorKind, Keyword, Region};
use crate::time::Date;

/// A member of a group, with the period of membership (`until` exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Membership {
    pub id: String,
    pub from: Option<Date>,
    /// First day no longer a member.
    pub until: Option<Date>,
}

/// An actor: a state, organisation, body, legislature, leader or group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    /// Whose body, legislature or leader this is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<Membership>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Region>,
    /// True for actors pactum knows without a `party` block.
    pub builtin: bool,
}

/// A built-in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Place {
    pub id: String,
    pub name: String,
    /// The state whose territory holds the place.
    pub state: String,
    pub regions: Vec<Region>,
}

/// The actors and places known to one run.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub actors: BTreeMap<String, Actor>,
    pub places: BTreeMap<String, Place>,
}

impl Registry {
    /// The built-in registry, parsed once from the data shipped in the crate.
    pub fn builtin() -> &'static Registry {
        static REG: OnceLock<Registry> = OnceLock::new();
        REG.get_or_init(|| {
            let mut r = Registry::default();
            load_builtin(&mut r, include_str!("../data/states.toml"));
            load_builtin(&mut r, include_str!("../data/actors.toml"));
            load_builtin(&mut r, include_str!("../data/places.toml"));
            r
        })
    }

    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.get(id)
    }

    pub fn place(&self, id: &str) -> Option<&Place> {
        self.places.get(id)
    }

    /// Members of a group on a date; a non-group actor stands for itself.
    pub fn members_at(&self, id: &str, date: Date) -> Vec<String> {
        match self.actors.get(id) {
            Some(a) if a.kind == ActorKind::Group => a
                .members
                .iter()
                .filter(|m| m.from.is_none_or(|f| f <= date) && m.until.is_none_or(|u| date < u))
                .map(|m| m.id.clone())
                .collect(),
            _ => vec![id.to_string()],
        }
    }

    /// Every member a group ever had, in listed order; a non-group stands for itself.
    pub fn all_members(&self, id: &str) -> Vec<String> {
        match self.actors.get(id) {
            Some(a) if a.kind == ActorKind::Group => a.members.iter().map(|m| m.id.clone()).collect(),
            _ => vec![id.to_string()],
        }
    }

    /// The state a place or state id lies in.
    pub fn state_of(&self, place: &str) -> Option<&str> {
        if let Some(p) = self.places.get(place) {
            return Some(&p.state);
        }
        self.actors.get(place).filter(|a| a.kind == ActorKind::State).map(|a| a.id.as_str())
    }

    /// The regions of a place or a state's territory.
    pub fn regions_of(&self, place: &str) -> &[Region] {
        if let Some(p) = self.places.get(place) {
            return &p.regions;
        }
        self.actors.get(place).map_or(&[], |a| &a.regions)
    }

    /// Whether `place` lies within `container` (a state contains its places).
    pub fn within(&self, place: &str, container: &str) -> bool {
        place == container || self.places.get(place).is_some_and(|p| p.state == container)
    }

    /// Whether `id` names something usable as a place (a state, a place or a region).
    pub fn is_place(&self, id: &str) -> bool {
        self.places.contains_key(id)
            || Region::from_keyword(id).is_some()
            || self.actors.get(id).is_some_and(|a| a.kind == ActorKind::State)
    }

    /// All names usable as places, for suggestions.
    pub fn place_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.places.keys().map(String::as_str).collect();
        v.extend(Region::keywords());
        v.extend(self.actors.values().filter(|a| a.kind == ActorKind::State).map(|a| a.id.as_str()));
        v
    }
}

fn load_builtin(r: &mut Registry, text: &str) {
    let (table, diags) = parse_table(text, FileId(u32::MAX), &|x| x);
    // The data is ours and checked by tests; a broken file would be a build bug.
    assert!(diags.is_empty(), "built-in registry data does not parse: {diags:?}");
    let Some(table) = table else { return };
    for (key, value) in &table.entries {
        let ValueKind::Array(items) = &value.kind else { continue };
        for item in items {
            let ValueKind::Table(t) = &item.kind else { continue };
            if key.name == "place" {
                let p = Place { id: s(t, "id"), name: s(t, "name"), state: s(t, "in"), regions: regions(t) };
                r.places.insert(p.id.clone(), p);
                continue;
            }
            let kind = match key.name.as_str() {
                "state" => ActorKind::State,
                "organisation" => ActorKind::Organisation,
                "body" => ActorKind::Body,
                "legislature" => ActorKind::Legislature,
                "leader" => ActorKind::Leader,
                _ => ActorKind::Group,
            };
            let members = match t.get("members").map(|v| &v.kind) {
                Some(ValueKind::Array(ms)) => ms
                    .iter()
                    .filter_map(|m| match &m.kind {
                        ValueKind::Table(mt) => Some(Membership {
                            id: s(mt, "id"),
                            from: date(mt.get("from")),
                            until: date(mt.get("until")),
                        }),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let a = Actor {
                id: s(t, "id"),
                name: s(t, "name"),
                kind,
                of: t.get("of").and_then(Value::as_str).map(str::to_string),
                members,
                regions: regions(t),
                builtin: true,
            };
            r.actors.insert(a.id.clone(), a);
        }
    }
}

fn s(t: &Table, k: &str) -> String {
    t.get(k).and_then(Value::as_str).unwrap_or_default().to_string()
}

fn date(v: Option<&Value>) -> Option<Date> {
    match v.map(|v| &v.kind) {
        Some(ValueKind::Datetime(d)) => Date::parse(d).ok(),
        _ => None,
    }
}

fn regions(t: &Table) -> Vec<Region> {
    match t.get("regions").map(|v| &v.kind) {
        Some(ValueKind::Array(xs)) => xs.iter().filter_map(|x| x.as_str().and_then(Region::from_keyword)).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_registry_loads() {
        let r = Registry::builtin();
        assert!(r.actors.len() > 249, "{}", r.actors.len());
        assert_eq!(r.actor("UKR").unwrap().kind, ActorKind::State);
        assert_eq!(r.actor("USA-SENATE").unwrap().of.as_deref(), Some("USA"));
        assert_eq!(r.state_of("moscow"), Some("RUS"));
        assert!(r.within("moscow", "RUS"));
        assert!(!r.regions_of("hawaii").contains(&Region::NorthAmerica));
        for p in r.places.values() {
            assert!(r.actor(&p.state).is_some(), "{} in unknown {}", p.id, p.state);
        }
        for a in r.actors.values() {
            for m in &a.members {
                assert!(r.actor(&m.id).is_some(), "{} has unknown member {}", a.id, m.id);
            }
        }
    }

    #[test]
    fn nato_membership_is_dated() {
        let r = Registry::builtin();
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(r.members_at("nato-members", d("1950-01-01")).len(), 12);
        assert_eq!(r.members_at("nato-members", d("2024-03-06")).len(), 31);
        assert_eq!(r.members_at("nato-members", d("2024-03-07")).len(), 32);
        assert!(r.members_at("eu-members", d("2020-02-01")).iter().all(|m| m != "GBR"));
        assert!(r.members_at("eu-members", d("2020-01-31")).iter().any(|m| m == "GBR"));
    }
}
