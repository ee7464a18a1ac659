//! Strategic forms: payoff arrays of tables, and the reduced normal form of trees as Gambit
//! computes it (same strategies, same order, same labels).

use crate::game::{Body, Game, Outcome, Table, Tree};
use crate::num::Num;
use crate::rational::Q;

/// Dense payoff arrays of a strategic form: `pay[player][cell]`, player 1 varying fastest.
#[derive(Clone, Debug)]
pub struct Payoffs<T> {
    pub dims: Vec<usize>,
    pub strides: Vec<usize>,
    pub pay: Vec<Vec<T>>,
}

impl<T: Num> Payoffs<T> {
    pub fn num_players(&self) -> usize {
        self.dims.len()
    }

    pub fn num_cells(&self) -> usize {
        self.pay.first().map_or(0, Vec::len)
    }

    pub fn from_table(g: &Game, t: &Table) -> Payoffs<T> {
        let dims = t.dims();
        let strides = strides(&dims);
        let pay = (0..g.players.len())
            .map(|p| t.cells.iter().map(|c| T::from_q(g.outcome_payoff(*c, p))).collect())
            .collect();
        Payoffs { dims, strides, pay }
    }

    pub fn convert<U: Num>(&self) -> Payoffs<U> {
        Payoffs {
            dims: self.dims.clone(),
            strides: self.strides.clone(),
            pay: self.pay.iter().map(|v| v.iter().map(|x| U::from_q(&x.to_q())).collect()).collect(),
        }
    }
}

pub fn strides(dims: &[usize]) -> Vec<usize> {
    let mut s = Vec::with_capacity(dims.len());
    let mut acc = 1;
    for &d in dims {
        s.push(acc);
        acc *= d;
    }
    s
}

/// A reduced strategy: the chosen action (0-based) for each of the player's information sets,
/// `None` where the strategy's own earlier choices make the set unreachable.
pub type ReducedStrategy = Vec<Option<usize>>;

/// Reduced strategies of `player` in Gambit's order: a preorder walk that branches on each
/// newly met own information set in action order (the first met varies slowest).
pub fn reduced_strategies(t: &Tree, player: usize) -> Vec<ReducedStrategy> {
    reduced_strategies_limited(t, player, usize::MAX).unwrap_or_default()
}

/// As [`reduced_strategies`], giving up (`None`) once more than `limit` strategies exist.
pub fn reduced_strategies_limited(t: &Tree, player: usize, limit: usize) -> Option<Vec<ReducedStrategy>> {
    let nis = t.player_infosets[player].len();
    let mut pos = vec![usize::MAX; t.infosets.len()];
    for (k, &i) in t.player_infosets[player].iter().enumerate() {
        pos[i] = k;
    }
    let mut out = Vec::new();
    let mut choice: ReducedStrategy = vec![None; nis];
    // Explicit work stack of nodes still to visit; each frame of the search is
    // (stack snapshot length, infoset position, next action) so branching needs no recursion.
    let mut work: Vec<usize> = vec![0];
    enum Frame {
        Branch { saved: Vec<usize>, node: usize, k: usize, next: usize },
    }
    let mut frames: Vec<Frame> = Vec::new();
    loop {
        // Advance the walk until it branches or finishes.
        let mut branched = false;
        while let Some(v) = work.pop() {
            let node = &t.nodes[v];
            let Some(i) = node.infoset else { continue };
            if t.infosets[i].player == Some(player) {
                let k = pos[i];
                match choice[k] {
                    Some(a) => work.push(node.children[a]),
                    None => {
                        frames.push(Frame::Branch { saved: work.clone(), node: v, k, next: 0 });
                        branched = true;
                        break;
                    }
                }
            } else {
                for &c in node.children.iter().rev() {
                    work.push(c);
                }
            }
        }
        if !branched {
            out.push(choice.clone());
            if out.len() > limit {
                return None;
            }
        }
        // Take the next branch of the innermost open frame.
        loop {
            let Some(Frame::Branch { saved, node, k, next }) = frames.last_mut() else {
                return Some(out);
            };
            let nact = t.nodes[*node].children.len();
            if *next < nact {
                choice[*k] = Some(*next);
                work = saved.clone();
                work.push(t.nodes[*node].children[*next]);
                *next += 1;
                break;
            }
            choice[*k] = None;
            frames.pop();
        }
    }
}

/// Gambit's label of a reduced strategy: 1-based action numbers, `*` for unreached sets.
pub fn strategy_label(s: &ReducedStrategy) -> String {
    if s.is_empty() {
        return "*".into();
    }
    s.iter().map(|c| c.map_or("*".to_string(), |a| (a + 1).to_string())).collect()
}

/// Expected payoffs of a pure (reduced) strategy profile of a tree, exactly.
pub fn pure_tree_payoffs(g: &Game, t: &Tree, pos: &[usize], profile: &[&ReducedStrategy]) -> Vec<Q> {
    let n = g.players.len();
    let mut acc = vec![Q::ZERO; n];
    let mut stack: Vec<(usize, Q)> = vec![(0, Q::ONE)];
    while let Some((v, prob)) = stack.pop() {
        let node = &t.nodes[v];
        if let Some(o) = node.outcome {
            for (p, a) in acc.iter_mut().enumerate() {
                *a = &*a + &(&prob * &g.outcomes[o].payoffs[p]);
            }
        }
        let Some(i) = node.infoset else { continue };
        let is = &t.infosets[i];
        match is.player {
            None => {
                for (k, &c) in node.children.iter().enumerate() {
                    if !is.probs[k].is_zero() {
                        stack.push((c, &prob * &is.probs[k]));
                    }
                }
            }
            Some(p) => {
                // Reduced strategies leave only unreachable sets open, so the choice exists
                // wherever the walk arrives.
                if let Some(a) = profile[p][pos[i]] {
                    stack.push((node.children[a], prob));
                }
            }
        }
    }
    acc
}

/// Largest reduced strategic form we build (contingencies), so that games like tic-tac-toe
/// fail with a message instead of exhausting memory.
pub const MAX_CELLS: usize = 20_000_000;

/// The reduced normal form, or `None` when it would have more than [`MAX_CELLS`] contingencies.
pub fn try_reduced_normal_form(g: &Game) -> Option<(Game, Vec<Vec<ReducedStrategy>>)> {
    if let Body::Tree(t) = &g.body {
        let mut cells: usize = 1;
        for p in 0..g.players.len() {
            let k = reduced_strategies_limited(t, p, MAX_CELLS)?.len();
            cells = cells.checked_mul(k).filter(|&c| c <= MAX_CELLS)?;
        }
    }
    Some(reduced_normal_form(g))
}

/// The reduced normal form of a tree as a table game (payoff form), with Gambit's labels.
/// Also returns each player's reduced strategies so profiles can be mapped back.
pub fn reduced_normal_form(g: &Game) -> (Game, Vec<Vec<ReducedStrategy>>) {
    let t = match &g.body {
        Body::Tree(t) => t,
        Body::Table(_) => return (g.clone(), Vec::new()),
    };
    let n = g.players.len();
    let strats: Vec<Vec<ReducedStrategy>> = (0..n).map(|p| reduced_strategies(t, p)).collect();
    let mut pos = vec![0usize; t.infosets.len()];
    for list in &t.player_infosets {
        for (k, &i) in list.iter().enumerate() {
            pos[i] = k;
        }
    }
    let dims: Vec<usize> = strats.iter().map(Vec::len).collect();
    let ncells: usize = dims.iter().product();
    let mut outcomes = Vec::with_capacity(ncells);
    let mut idx = vec![0usize; n];
    for _ in 0..ncells {
        let prof: Vec<&ReducedStrategy> = (0..n).map(|p| &strats[p][idx[p]]).collect();
        outcomes.push(Outcome { label: String::new(), payoffs: pure_tree_payoffs(g, t, &pos, &prof) });
        for p in 0..n {
            idx[p] += 1;
            if idx[p] < dims[p] {
                break;
            }
            idx[p] = 0;
        }
    }
    let table = Table {
        strategies: strats.iter().map(|l| l.iter().map(strategy_label).collect()).collect(),
        cells: (0..ncells).map(Some).collect(),
        outcome_form: false,
    };
    let game = Game {
        title: g.title.clone(),
        comment: g.comment.clone(),
        players: g.players.clone(),
        outcomes,
        body: Body::Table(table),
    };
    (game, strats)
}
