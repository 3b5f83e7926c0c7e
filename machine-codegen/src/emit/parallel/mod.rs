//! The module of a spec with parallel states (rules S22 to S29). The items that do not
//! depend on how many states are active at once (the enums, the transition table, the
//! timers, reachability, test paths, the tree's queries) come from the same emitters as for
//! every spec; the machine, its steps and its actions are this module's: a configuration of
//! one atomic state per active region (`api.rs`), moved by the microstep of `engine.rs`
//! over the tables of `tables.rs`. Specs without parallel states never reach this module, so
//! their output stays as it was.

mod api;
mod engine;
mod inputs;
mod micro;
mod tables;

use proc_macro2::TokenStream;

use crate::context::Context;

/// The items of the module, in order.
pub fn parts(cx: &Context) -> Vec<TokenStream> {
    vec![
        super::state::emit(cx),
        super::event::emit(cx),
        super::start::emit(cx),
        super::guard::emit(cx),
        super::incident::emit(cx),
        super::wire::parse_error(),
        super::dispatch::table(cx),
        api::step(cx),
        api::machine(cx),
        super::dispatch::refusal(cx),
        super::timeout::emit(cx),
        super::duration::emit(cx),
        super::timer::emit(cx),
        super::reach::emit(cx),
        super::paths::emit(cx),
        api::actions(cx),
        super::tree::states(cx),
        tables::emit(cx),
        engine::emit(cx),
        super::grouped::range(),
    ]
}
