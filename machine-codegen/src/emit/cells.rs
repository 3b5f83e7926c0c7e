//! Emits the dispatch table of `Machine::step` and `Machine::fire`: one `u16` cell per
//! (state, event) pair (`CELLS`, indexed by `state << CELL_SHIFT | event`) for every pair whose
//! outcome needs no code: refused for want of a transition, or settled by one unguarded
//! transition whose only effects are the new state, the step counter and clocks of rule S13
//! (every clock of the target on entering it) and the remembered origin of rule S5 (on
//! entering the fault state). The cell holds the state after the input and what to write;
//! the state after the input and the result each caller returns are read from tables computed
//! at compile time (`CELL_STATES`, `FIRE_RESULTS`, `STEP_RESULTS`). The other pairs (guards, the return to history, a
//! `reset_by` restart, a spanning timer, leaving the fault state) are marked `CELL_CODE` and
//! keep their `match` arm (`dispatch.rs`).
//!
//! Why a table: on inputs that change from one call to the next, a `match` on the event is an
//! indirect jump the processor mispredicts often, and the table path has no branch that
//! depends on the event (the writes are conditional moves and the result is one load).

use machine_core::model::{Model, StateId, Target, Transition};
use machine_core::semantics::{self, HistoryEffect};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::context::Context;
use crate::tokens::index;

/// The most cells a table may have: beyond it (e.g. 1,000 states of 10 events) the tables
/// would cost more cache than they save, and every pair keeps its `match` arm.
const MAX_CELLS: usize = 4096;
/// The bits of a cell that hold the state after the input (`MAX_CELLS` states at most).
const TARGET: u16 = 0x0fff;
/// The input is accepted: one more step, and the result is the state after it.
const ACCEPTED: u16 = 0x1000;
/// The target is entered (not an internal transition): every clock of it starts.
const ENTERED: u16 = 0x2000;
/// The target is the fault state, entered from another: the origin is remembered.
const REMEMBERS: u16 = 0x4000;
/// The pair needs its `match` arm.
const CODE: u16 = 0x8000;

/// The cells of one machine, while the dispatch is emitted.
pub struct Cells {
    shift: u32,
    cells: Vec<u16>,
}

impl Cells {
    /// The table of `model`, every pair refused for now; `None` when the machine has no
    /// event, nests states, or the table would exceed [`MAX_CELLS`].
    pub fn new(model: &Model) -> Option<Cells> {
        let events = model.events.len();
        // A nested spec's steps leave and enter several states: every pair keeps its arm.
        if events == 0 || model.is_nested() {
            return None;
        }
        let shift = events.next_power_of_two().trailing_zeros();
        let len = model.states.len().checked_shl(shift)?;
        if len > MAX_CELLS {
            return None;
        }
        // Each row refuses every event and stays in its state (padding cells included).
        let cells = (0..len)
            .map(|i| u16::try_from(i >> shift).expect("fewer than MAX_CELLS states"))
            .collect();
        Some(Cells { shift, cells })
    }

    /// Takes the pair of `from` and the event of `first`, the first transition tried, when the
    /// table can settle it; `false` when it needs its `match` arm.
    pub fn settle(&mut self, cx: &Context, from: StateId, first: &Transition) -> bool {
        let Some(event) = first.event() else {
            return false;
        };
        let cell = cell(cx, from, first);
        let at = (from.index() << self.shift) | event.index();
        self.cells[at] = cell.unwrap_or(CODE);
        cell.is_some()
    }

    /// `CELLS`, its constants, and the tables of the states and results it gives.
    pub fn items(&self, cx: &Context) -> TokenStream {
        let shift = Literal::u32_unsuffixed(self.shift);
        let len = index(self.cells.len());
        let cells = self.cells.iter().map(|&c| hex(c));
        let entered = cx.has_timeouts.then(|| {
            let entered = hex(ENTERED);
            quote! {
                /// A cell's flag: the target is entered, every clock of it starts.
                const CELL_ENTERED: u16 = #entered;
            }
        });
        let remembers = cx.has_fault.then(|| {
            let remembers = hex(REMEMBERS);
            quote! {
                /// A cell's flag: entering the fault state, whose origin is remembered.
                const CELL_REMEMBERS: u16 = #remembers;
            }
        });
        let (target, accepted, code) = (hex(TARGET), hex(ACCEPTED), hex(CODE));
        quote! {
            /// `CELLS` has a row of `1 << CELL_SHIFT` cells per state, one per event.
            const CELL_SHIFT: u32 = #shift;
            /// A cell's bits that hold the state after the input.
            const CELL_TARGET: u16 = #target;
            /// A cell's flag: the input is accepted.
            const CELL_ACCEPTED: u16 = #accepted;
            #entered
            #remembers
            /// A cell's flag: the pair is settled by its `match` arm in `Machine::dispatch`.
            const CELL_CODE: u16 = #code;

            /// What each (state, event) pair does, at `state << CELL_SHIFT | event`, for the
            /// pairs that need no code: the state after the input and what to write.
            static CELLS: [u16; #len] = [#(#cells),*];

            /// The state after the input for each pair of [`CELLS`] (its cell's target): read
            /// apart from the cell, so that the next input's cell does not wait to decode it.
            static CELL_STATES: [State; #len] = {
                let mut states = [State::ALL[0]; #len];
                let mut at = 0;
                while at < #len {
                    states[at] = State::ALL[(CELLS[at] & CELL_TARGET) as usize];
                    at += 1;
                }
                states
            };

            /// The result of [`Machine::fire`] for each pair of [`CELLS`] (unused cells hold
            /// the initial-state placeholder).
            static FIRE_RESULTS: [::core::result::Result<State, TransitionError>; #len] = {
                let mut results = [::core::result::Result::Ok(State::ALL[0]); #len];
                let mut at = 0;
                while at < #len {
                    let cell = CELLS[at];
                    let event = at & ((1 << CELL_SHIFT) - 1);
                    if cell & CELL_CODE == 0 && event < Event::ALL.len() {
                        results[at] = if cell & CELL_ACCEPTED != 0 {
                            ::core::result::Result::Ok(CELL_STATES[at])
                        } else {
                            ::core::result::Result::Err(TransitionError {
                                state: State::ALL[at >> CELL_SHIFT],
                                event: Event::ALL[event],
                                refusal: Refusal::NoTransition,
                            })
                        };
                    }
                    at += 1;
                }
                results
            };

            /// The result of [`Machine::step`] for each pair of [`CELLS`]: the row of an
            /// accepted pair is its first in [`TRANSITIONS`] (unused cells hold a placeholder).
            static STEP_RESULTS: [::core::result::Result<Step, TransitionError>; #len] = {
                let placeholder = ::core::result::Result::Err(TransitionError {
                    state: State::ALL[0],
                    event: Event::ALL[0],
                    refusal: Refusal::NoTransition,
                });
                let mut results = [placeholder; #len];
                let mut filled = [false; #len];
                let mut row = 0;
                while row < TRANSITIONS.len() {
                    let t = &TRANSITIONS[row];
                    let at = ((t.from as usize) << CELL_SHIFT) | t.event as usize;
                    let cell = CELLS[at];
                    if !filled[at] && cell & CELL_CODE == 0 && cell & CELL_ACCEPTED != 0 {
                        filled[at] = true;
                        results[at] = ::core::result::Result::Ok(Step {
                            from: t.from,
                            to: CELL_STATES[at],
                            cause: Cause::Transition(t),
                        });
                    }
                    row += 1;
                }
                let mut at = 0;
                while at < #len {
                    let cell = CELLS[at];
                    let event = at & ((1 << CELL_SHIFT) - 1);
                    if cell & (CELL_CODE | CELL_ACCEPTED) == 0 && event < Event::ALL.len() {
                        results[at] = ::core::result::Result::Err(TransitionError {
                            state: State::ALL[at >> CELL_SHIFT],
                            event: Event::ALL[event],
                            refusal: Refusal::NoTransition,
                        });
                    }
                    at += 1;
                }
                results
            };
        }
    }
}

/// The statements that settle a tabled pair and return, before the `match`. `ended`:
/// some state can end (rule S9), so the table is read only while the lifecycle runs.
pub fn path(cx: &Context, ended: bool) -> TokenStream {
    let running = ended.then(|| quote! { && !self.ended });
    let clock = cx.has_timeouts.then(|| {
        quote! {
            self.steps = self.steps.saturating_add(u64::from(cell & CELL_ACCEPTED != 0));
            if cell & CELL_ENTERED != 0 {
                self.since = [self.steps; SLOTS];
            }
        }
    });
    let history = cx.has_fault.then(|| {
        quote! {
            if cell & CELL_REMEMBERS != 0 {
                self.faulted_from = ::core::option::Option::Some(from);
            }
        }
    });
    quote! {
        let at = ((from as usize) << CELL_SHIFT) | event as usize;
        let cell = CELLS[at];
        if cell & CELL_CODE == 0 #running {
            self.state = CELL_STATES[at];
            #clock
            #history
            return O::tabled(at);
        }
    }
}

/// `0x0000`: a cell as four hex digits.
fn hex(cell: u16) -> Literal {
    format!("0x{cell:04x}")
        .parse()
        .expect("a hex integer is a literal")
}

/// The cell of the pair whose first transition tried is `first`, when the table can settle
/// it: `first` unguarded, to a state or internal, with no effect beyond those of a cell (the
/// same effects `machine.rs` compiles into its arm).
fn cell(cx: &Context, from: StateId, first: &Transition) -> Option<u16> {
    if !first.guards.is_empty() {
        return None;
    }
    let model = cx.model;
    let (to, entered) = match first.target {
        Target::State(to) => (to, true),
        Target::Internal => (from, false),
        Target::History | Target::Recall(_) => return None,
    };
    let mut cell = u16::try_from(to.index()).ok()? | ACCEPTED;
    if let Some(fault) = &model.fault {
        match semantics::history_effect(from == fault.state, to == fault.state) {
            HistoryEffect::Remember => cell |= REMEMBERS,
            HistoryEffect::Keep => {}
            // Outside the fault state nothing is remembered: forgetting writes nothing.
            HistoryEffect::Forget if from != fault.state => {}
            // Leaving the fault state forgets its origin: its arm writes that.
            HistoryEffect::Forget => return None,
        }
    }
    if cx.has_timeouts {
        // A cell restarts the clocks of all of the target's own timeouts or none (rules S6
        // and S14): any other restart needs its arm.
        let restarts = semantics::restarts(model, from, to, entered, Some(first));
        let own: Vec<_> = model.own_timers_in(to).map(|(id, _)| id).collect();
        if entered && restarts == own {
            cell |= ENTERED;
        } else if !restarts.is_empty() {
            return None;
        }
    } else if entered {
        cell |= ENTERED;
    }
    Some(cell)
}
