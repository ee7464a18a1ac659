//! `pactum-games`: a general game-theory library (Gambit file formats, exact and floating
//! Nash equilibrium solvers with verification). It knows nothing about the rest of pactum.

pub mod game;
pub mod parse;
pub mod rational;

pub use game::{Body, Game, Infoset, Node, Outcome, Table, Tree};
pub use parse::{ParseError, read_game};
pub use rational::Q;
pub mod enummixed;
pub mod enumpure;
pub mod lcp;
pub mod logit;
pub mod lp;
pub mod num;
pub mod pivot;
pub mod reduce;
pub mod scaled;
pub mod shadow;
pub mod solve;
pub mod verify;
pub mod write;
