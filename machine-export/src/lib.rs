//! `machine-export`: a checked [`Model`](machine_core::Model) for other engines: an `XState` v5
//! machine config ([`xstate`], JSON) and a W3C SCXML document ([`scxml`]); and the way back, an
//! SCXML document as a spec ([`import`]).
//!
//! Like every renderer, each export is a pure function of the model. The tests replay the
//! exports in the engines that read them (`XState` under node, python-statemachine's SCXML
//! processor), on the same inputs as the interpreter in `machine_core::semantics`.
#![forbid(unsafe_code)]

pub mod import;
pub mod scxml;
pub mod xstate;

/// Why `model` cannot be exported for another engine (`format` names it: `XState`,
/// `SCXML`), or `None` when it can. A timer that spans several states (rule S14) keeps its
/// clock while the machine moves between them; neither export can say that faithfully, so
/// it is refused rather than exported with other behaviour. The message names the timer and
/// where it is written.
pub fn unexportable(model: &machine_core::Model, format: &str) -> Option<String> {
    let (_, timer) = model.spanning_timers().next()?;
    let span = timer.name.span;
    Some(format!(
        "{}:{}:{}: timer `{}` spans several states (`timers:`), and the {format} export cannot \
         keep one clock across states; export a copy of the spec without `timers:`, or give \
         each state a timeout of its own",
        model.source_name, span.line, span.column, timer.name.spec
    ))
}
