//! The scenario engine: given the model and a scenario (a dated timeline, possibly a
//! what-if overlay), it computes for every commitment and every guarantor the state over
//! time — offered, signed, in force, triggered, due, honoured, breached, voided,
//! suspended, lapsed, withdrawn — and, for each change, a tree of reasons that cites the
//! event, the rule and the article's words.
//!
//! Judgements the text leaves to someone ("without cause") are explored: the engine
//! evaluates with three-valued logic and, where the answer turns on an open judgement,
//! runs each branch and reports them, unless the scenario fixes the judgement.

pub mod eval;
pub mod expect;
pub mod explain;
pub mod simulate;

pub use expect::{Mismatch, accept, check_expectations, check_expectations_where};
pub use explain::{Reason, render_markdown, render_text};
pub use simulate::{Branch, Simulation, Step, Timeline, simulate};
