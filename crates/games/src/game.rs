//! The game model: extensive-form trees and strategic-form tables with exact payoffs.
//!
//! Numbering follows Gambit so that output lines up with its tools: players 1..n in file
//! order, information sets of each player in order of first appearance in a preorder walk of
//! the tree (which is the order the `.efg` parser creates them), actions in file order, and
//! table contingencies with the first player's strategy varying fastest.

use crate::rational::Q;

/// A payoff-bearing outcome; payoffs are indexed by player.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub label: String,
    pub payoffs: Vec<Q>,
}

/// A game as read from a Gambit file.
#[derive(Clone, Debug, PartialEq)]
pub struct Game {
    pub title: String,
    pub comment: String,
    pub players: Vec<String>,
    pub outcomes: Vec<Outcome>,
    pub body: Body,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Table(Table),
    Tree(Tree),
}

/// A strategic-form game.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Strategy labels per player.
    pub strategies: Vec<Vec<String>>,
    /// Outcome index (into `Game::outcomes`) per contingency, `None` for the null outcome.
    /// Contingencies are ordered with player 1's strategy varying fastest.
    pub cells: Vec<Option<usize>>,
    /// Whether the file used the outcome form (otherwise the payoff form, one outcome per cell).
    pub outcome_form: bool,
}

/// An extensive-form game. Nodes are stored in preorder with the root at index 0.
#[derive(Clone, Debug, PartialEq)]
pub struct Tree {
    pub nodes: Vec<Node>,
    pub infosets: Vec<Infoset>,
    /// Information sets of each player, in Gambit's numbering order.
    pub player_infosets: Vec<Vec<usize>>,
    /// Chance information sets in numbering order.
    pub chance_infosets: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub label: String,
    /// Parent node and the index of the action leading here.
    pub parent: Option<(usize, usize)>,
    /// `None` for terminal nodes.
    pub infoset: Option<usize>,
    pub children: Vec<usize>,
    pub outcome: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Infoset {
    /// `None` for chance.
    pub player: Option<usize>,
    pub label: String,
    pub actions: Vec<String>,
    /// Chance probabilities (empty for personal information sets).
    pub probs: Vec<Q>,
    /// Member nodes in preorder.
    pub members: Vec<usize>,
}

impl Game {
    pub fn num_players(&self) -> usize {
        self.players.len()
    }

    pub fn is_tree(&self) -> bool {
        matches!(self.body, Body::Tree(_))
    }

    pub fn tree(&self) -> Option<&Tree> {
        match &self.body {
            Body::Tree(t) => Some(t),
            Body::Table(_) => None,
        }
    }

    pub fn table(&self) -> Option<&Table> {
        match &self.body {
            Body::Table(t) => Some(t),
            Body::Tree(_) => None,
        }
    }

    /// Payoff of `player` for an optional outcome.
    pub fn outcome_payoff(&self, outcome: Option<usize>, player: usize) -> &Q {
        match outcome {
            Some(o) => &self.outcomes[o].payoffs[player],
            None => &Q::ZERO,
        }
    }
}

impl Table {
    pub fn dims(&self) -> Vec<usize> {
        self.strategies.iter().map(Vec::len).collect()
    }
}

impl Tree {
    /// Position of information set `iset` within its player's list (Gambit's number - 1).
    pub fn infoset_index(&self, iset: usize) -> usize {
        let list = match self.infosets[iset].player {
            Some(p) => &self.player_infosets[p],
            None => &self.chance_infosets,
        };
        list.iter().position(|&i| i == iset).unwrap_or(0)
    }

    /// Checks perfect recall: every node of an information set must have the same history
    /// of its player's own (information set, action) moves. Returns the offending
    /// information set on failure.
    pub fn perfect_recall_violation(&self) -> Option<usize> {
        // own[p] is p's last own move on the path; since information sets of one player are
        // compared by this last move only, a set met twice on one path (whose later member has
        // a different last move) is caught as well.
        let np = self.player_infosets.len();
        let mut expected: Vec<Option<Option<(usize, usize)>>> = vec![None; self.infosets.len()];
        type LastMoves = Vec<Option<(usize, usize)>>;
        let mut stack: Vec<(usize, LastMoves)> = vec![(0, vec![None; np])];
        while let Some((v, own)) = stack.pop() {
            let node = &self.nodes[v];
            if let Some(iset) = node.infoset {
                if let Some(p) = self.infosets[iset].player {
                    match expected[iset] {
                        None => expected[iset] = Some(own[p]),
                        Some(e) if e != own[p] => return Some(iset),
                        Some(_) => {}
                    }
                }
                for (k, &c) in node.children.iter().enumerate() {
                    let mut o = own.clone();
                    if let Some(p) = self.infosets[iset].player {
                        o[p] = Some((iset, k));
                    }
                    stack.push((c, o));
                }
            }
        }
        None
    }

    pub fn is_perfect_recall(&self) -> bool {
        self.perfect_recall_violation().is_none()
    }

    /// Number of actions of each player's information sets, player-major.
    pub fn shape(&self) -> Vec<Vec<usize>> {
        self.player_infosets.iter().map(|l| l.iter().map(|&i| self.infosets[i].actions.len()).collect()).collect()
    }
}
