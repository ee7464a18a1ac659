//! The literature the audit cites. Each entry says how far its claim was checked:
//! `verified` (read in the original's abstract or text), `secondary` (read in a source
//! that attributes it) or `recalled` (from memory, not checked). Bibliographic details
//! come from the project's research notes (research/REFERENCES.md lists the sources).

use serde::Serialize;

/// A work cited by audit findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub key: &'static str,
    pub citation: &'static str,
    /// What the work supports, in one line.
    pub supports: &'static str,
    /// `verified`, `secondary` or `recalled`.
    pub status: &'static str,
}

macro_rules! refs {
    ($($name:ident = $key:literal, $status:literal, $cit:literal, $sup:literal;)*) => {
        $(pub const $name: Reference = Reference { key: $key, citation: $cit, supports: $sup, status: $status };)*
        /// Every reference.
        pub const ALL: &[Reference] = &[$($name),*];
    };
}

refs! {
    LEEDS_LONG_MITCHELL_2000 = "leeds-long-mitchell-2000", "verified",
        "Leeds, Long & Mitchell (2000), \"Reevaluating Alliance Reliability: Specific Threats, Specific Promises\", Journal of Conflict Resolution 44(5)",
        "judged against their specific terms, alliances were honoured about three times in four: the terms decide what counts as honouring";
    LEEDS_2003_IO = "leeds-2003-io", "verified",
        "Leeds (2003), \"Alliance Reliability in Times of War: Explaining State Decisions to Violate Treaties\", International Organization 57(4)",
        "changes in power or in policymaking processes since signature predict violation; major powers are likelier to violate";
    BERKEMEIER_FUHRMANN_2018 = "berkemeier-fuhrmann-2018", "verified",
        "Berkemeier & Fuhrmann (2018), \"Reassessing the fulfillment of alliance commitments in war\", Research & Politics 5(2)",
        "about half of commitments were fulfilled in war (defence pacts 41%; 22% after 1945)";
    MATTES_2012_SYMMETRY = "mattes-2012-symmetry", "verified",
        "Mattes (2012), \"Reputation, Symmetry, and Alliance Design\", International Organization 66(4)",
        "precision about when obligations apply is a reliability-enhancing design choice, which minor powers in asymmetric alliances often cannot obtain";
    MATTES_2012_PRECOMMIT = "mattes-2012-precommitment", "verified",
        "Mattes (2012), \"Democratic Reliability, Precommitment of Successor Governments, and the Choice of Alliance Commitment\", International Organization 66(1)",
        "binding defence pacts are chosen to tie successor governments; weaker forms leave successors free";
    CHIBA_JOHNSON_LEEDS_2015 = "chiba-johnson-leeds-2015", "verified",
        "Chiba, Johnson & Leeds (2015), \"Careful Commitments: Democratic States and Alliance Design\", Journal of Politics 77",
        "democracies write consultation clauses and explicit limits on when obligations apply";
    LEEDS_2003_AJPS = "leeds-2003-ajps", "verified",
        "Leeds (2003), \"Do Alliances Deter Aggression?\", American Journal of Political Science 47(3)",
        "only commitments that require allies to intervene for the target reduce the chance of challenge";
    BENSON_2011 = "benson-2011", "secondary",
        "Benson (2011), \"Unpacking Alliances: Deterrent and Compellent Alliances and Their Relationship with Conflict, 1816-2000\", Journal of Politics 73(4)",
        "deterrent alliances contingent on the adversary's attack reduce challenges (about -18%); other forms do not deter";
    JOHNSON_LEEDS_WU_2015 = "johnson-leeds-wu-2015", "verified",
        "Johnson, Leeds & Wu (2015), \"Capability, Credibility, and Extended General Deterrence\", International Interactions 41(2)",
        "pacts with more capability, credibility and peacetime military coordination deter better";
    OMAHONY_2018 = "omahony-2018", "verified",
        "O'Mahony et al. (2018), U.S. Presence and the Incidence of Conflict, RAND RR-1906",
        "nearby US troop presence is associated with a lower chance of interstate war";
    REITER_POAST_2021 = "reiter-poast-2021", "verified",
        "Reiter & Poast (2021), \"The Truth About Tripwires: Why Small Force Deployments Do Not Deter Aggression\", Texas National Security Review 4(3)",
        "deployments deter when they shift the local balance; small tripwires do not stop a fait accompli";
    TOMZ_WEEKS_BANSAK_2023 = "tomz-weeks-bansak-2023", "verified",
        "Tomz, Weeks & Bansak (2023), \"How membership in NATO transforms public support for war\", PNAS Nexus 2(7)",
        "a formal treaty commitment raises the guarantor public's support for defending the target from 45% to 74%";
    FJELSTUL_2015 = "fjelstul-weeks-tomz-reiter-2015", "verified",
        "Fjelstul, Weeks, Tomz & Reiter (2015), \"Alliance Terms and Audience Costs\" (APSA paper)",
        "audience costs of abandoning an ally depend on the treaty's terms and on who is seen to have started the war";
    LEEDS_SAVUN_2007 = "leeds-savun-2007", "verified",
        "Leeds & Savun (2007), \"Terminating Alliances: Why Do States Abrogate Agreements?\", Journal of Politics",
        "abrogation follows changes in power, domestic institutions or outside alliances";
    FEARON_1997 = "fearon-1997", "verified",
        "Fearon (1997), \"Signaling Foreign Policy Interests: Tying Hands versus Sinking Costs\", Journal of Conflict Resolution 41(1)",
        "commitments signal resolve when they are costly to break (tied hands) or costly to make (sunk costs)";
    HUTH_1988 = "huth-1988", "verified",
        "Huth (1988), \"Extended Deterrence and the Outbreak of War\", American Political Science Review 82(2)",
        "deterrence holds when the defender can deny a quick, decisive victory locally";
    DANILOVIC_2002 = "danilovic-2002", "verified",
        "Danilovic (2002), When the Stakes Are High, University of Michigan Press",
        "inherent credibility rests on the protege's importance to the guarantor's interests";
}

/// Looks a reference up by key.
pub fn find(key: &str) -> Option<&'static Reference> {
    ALL.iter().find(|r| r.key == key)
}
