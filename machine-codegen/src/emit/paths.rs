//! Emits the test paths of `machine_core::paths` as data: `TEST_PATHS` (paths that together
//! fire every transition and expire every timeout), `State::test_path` (the shortest path that
//! reaches a state), and the `TestPath`, `PathStep` and `PathInput` types a user's test iterates
//! to drive its own implementation. A `PathStep` implements `Guards` with the answers the step
//! needs, so it can be passed wherever guards are asked.

use machine_core::model::Model;
use machine_core::paths::{self, Path};
use machine_core::semantics::Input;
use proc_macro2::TokenStream;
use quote::quote;

use crate::context::Context;
use crate::tokens::{derives, doc, ident, option, string};

/// The largest lifecycle whose test paths are searched at expansion time: the search and the
/// paths grow faster than the spec (a chain of `n` states has paths of `n * n / 2` steps to
/// its states), and the macro runs on every build of the user's crate.
const MAX_STATES: usize = 256;
/// The most transitions a lifecycle may have for its test paths to be searched.
const MAX_TRANSITIONS: usize = 4_096;
/// The most steps, over every path, that the generated code carries.
const MAX_STEPS: usize = 4_096;

/// The test paths to carry, or why there are none: `Err` holds the reason for the docs.
fn found(model: &Model) -> Result<paths::Paths, String> {
    if model.states.len() > MAX_STATES || model.transitions.len() > MAX_TRANSITIONS {
        return Err(format!(
            "this lifecycle has more than {MAX_STATES} states or {MAX_TRANSITIONS} transitions"
        ));
    }
    let found = paths::paths(model);
    let steps: usize = found
        .cover
        .iter()
        .chain(found.to_state.iter().flatten())
        .map(|p| p.steps.len())
        .sum();
    if steps > MAX_STEPS {
        return Err(format!(
            "its paths have {steps} steps in all, more than the {MAX_STEPS} the generated \
             code carries"
        ));
    }
    Ok(found)
}

/// The path types, `TEST_PATHS` and `State::test_path`.
pub fn emit(cx: &Context) -> TokenStream {
    let model = cx.model;
    let states = model.states.len();
    let (cover, to_state, cover_doc) = match found(model) {
        Ok(found) => {
            let cover: Vec<TokenStream> = found.cover.iter().map(|p| path(cx, p)).collect();
            let to_state: Vec<TokenStream> = found
                .to_state
                .iter()
                .map(|p| {
                    option(p.as_ref().map(|p| {
                        let p = path(cx, p);
                        quote! { &#p }
                    }))
                })
                .collect();
            let covered = found.items.len() - found.uncovered.len();
            let cover_doc = doc(&format!(
                "Test paths of the `{}` lifecycle: from a start, input sequences that together \
                 fire every transition (incident resolutions, the fault state's entry from \
                 every state, its return to history and every `resume_to` included) and expire \
                 every timeout{} ({covered} of {} such items, in {} paths). Each step is \
                 accepted by [`Machine`] and lands in [`PathStep::to`]: drive your own \
                 implementation with them and compare.",
                cx.machine,
                if cx.model.histories.is_empty() {
                    ""
                } else {
                    ", and go back by every history state to where the machine was"
                },
                found.items.len(),
                cover.len()
            ));
            (cover, to_state, cover_doc)
        }
        Err(why) => {
            let none: Vec<TokenStream> = (0..states).map(|_| option(None)).collect();
            let cover_doc = doc(&format!(
                "Test paths of the `{}` lifecycle: none are carried here, since {why}. \
                 `machine paths {}` prints them.",
                cx.machine, model.source_name
            ));
            (Vec::new(), none, cover_doc)
        }
    };
    let types = types(cx);
    quote! {
        #cover_doc
        pub const TEST_PATHS: &[TestPath] = &[#(#cover),*];

        const STATE_TEST_PATHS: [::core::option::Option<&TestPath>; #states] = [#(#to_state),*];

        impl State {
            /// The shortest test path from a start that reaches this state (`None` when no
            /// input sequence does).
            #[must_use]
            pub const fn test_path(self) -> ::core::option::Option<&'static TestPath> {
                STATE_TEST_PATHS[self as usize]
            }
        }

        #types
    }
}

/// `TestPath`, `PathStep` (with its `Guards` answers) and `PathInput`.
fn types(cx: &Context) -> TokenStream {
    let model = cx.model;
    let derives = derives();
    let (start_field, machine) = if cx.named_starts {
        (
            quote! {
                /// The start the path begins at.
                pub start: Start,
            },
            quote! { Machine::new(self.start) },
        )
    } else {
        (TokenStream::new(), quote! { Machine::new() })
    };
    let fire_doc = if cx.has_guards {
        quote! {
            /// The event is fired ([`Machine::step`]), with [`PathStep::guards`]'s answers.
        }
    } else {
        quote! {
            /// The event is fired ([`Machine::step`]).
        }
    };
    let (guards_field, guards_impl) = if cx.has_guards {
        let methods = model.guards.iter().enumerate().map(|(i, g)| {
            let m = ident(&g.name.rust);
            let v = cx.guard(machine_core::model::GuardId::from_index(i));
            quote! {
                fn #m(&self) -> bool {
                    self.holds(#v)
                }
            }
        });
        (
            quote! {
                /// For [`PathInput::Fire`]: the guards the event asks, in the order asked, and
                /// the answer each must give for the step to go where the path goes.
                pub guards: &'static [(Guard, bool)],
            },
            quote! {
                impl PathStep {
                    /// The answer this step needs from `guard` (`false` for a guard it does not
                    /// ask).
                    #[must_use]
                    pub fn holds(&self, guard: Guard) -> bool {
                        self.guards.iter().any(|&(g, holds)| g == guard && holds)
                    }
                }

                /// The answers of [`PathStep::guards`]: pass the step itself as the guards.
                impl Guards for PathStep {
                    #(#methods)*
                }
            },
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let expire = cx.has_timeouts.then(|| {
        quote! {
            /// This timer of the current state expires ([`Machine::expire`]).
            Expire(Timer),
        }
    });
    let ended_field = cx.has_timeouts.then(|| {
        quote! {
            /// Whether the step ends the lifecycle (an `end` timeout expires,
            /// [`Machine::is_ended`]).
            pub ended: bool,
        }
    });
    let resume = cx.has_fault.then(|| {
        quote! {
            /// The fault state is resolved to this state ([`Machine::resume_to`]).
            ResumeTo(State),
        }
    });
    quote! {
        /// A test path ([`TEST_PATHS`], [`State::test_path`]): a start and the inputs that follow.
        #derives
        pub struct TestPath {
            #start_field
            /// The state the path starts in.
            pub from: State,
            /// The inputs, in order; each is accepted.
            pub steps: &'static [PathStep],
        }

        impl TestPath {
            /// A machine at the path's start.
            #[must_use]
            pub const fn machine(&self) -> Machine {
                #machine
            }

            /// The state the path ends in.
            #[must_use]
            pub const fn to(&self) -> State {
                match self.steps.last() {
                    ::core::option::Option::Some(step) => step.to,
                    ::core::option::Option::None => self.from,
                }
            }
        }

        /// One input of a [`TestPath`] and where it leads.
        #derives
        pub struct PathStep {
            /// The input.
            pub input: PathInput,
            #guards_field
            /// The state after the step.
            pub to: State,
            #ended_field
            /// The step as a `machine run` script writes it: `Event[guard, !other]`,
            /// `expire(0)`, `resume(State)`.
            pub text: &'static str,
        }

        #guards_impl

        /// What a [`PathStep`] does.
        #derives
        pub enum PathInput {
            #fire_doc
            Fire(Event),
            #expire
            #resume
        }
    }
}

/// One `TestPath { ... }` literal.
fn path(cx: &Context, path: &Path) -> TokenStream {
    let model: &Model = cx.model;
    let start = &model.starts[path.start];
    let start_field = cx.named_starts.then(|| {
        let name = start.name.as_ref().map_or_else(
            || model.state(start.state).name.rust.clone(),
            |n| n.rust.clone(),
        );
        let v = ident(&name);
        quote! { start: Start::#v, }
    });
    let from = cx.state(start.state);
    let text = machine_core::words::describe(model, path);
    let steps = path.steps.iter().zip(&text.steps).map(|(step, text)| {
        let input = match step.input {
            Input::Event(e) => {
                let e = cx.event(e);
                quote! { PathInput::Fire(#e) }
            }
            Input::Expire(timer) => {
                let timer = cx.timer(timer);
                quote! { PathInput::Expire(#timer) }
            }
            Input::ResumeTo(s) => {
                let s = cx.state(s);
                quote! { PathInput::ResumeTo(#s) }
            }
        };
        let guards = cx.has_guards.then(|| {
            let answers = step.guards.iter().map(|&(g, holds)| {
                let g = cx.guard(g);
                quote! { (#g, #holds) }
            });
            quote! { guards: &[#(#answers),*], }
        });
        let to = cx.state(step.after.state(cx.model));
        let ended = step.after.ended;
        let ended = cx.has_timeouts.then(|| quote! { ended: #ended, });
        let text = string(&text.text);
        quote! {
            PathStep { input: #input, #guards to: #to, #ended text: #text }
        }
    });
    quote! {
        TestPath { #start_field from: #from, steps: &[#(#steps),*] }
    }
}
