//! Compiles every good spec of the repository, and a seeded set of generated ones, into Rust
//! with `machine-codegen` (the code the macro expands to), each beside an adapter that lets the
//! tests drive it through one [`Driver`] trait. A spec that does not compile is recorded with
//! its findings, and a test reports it.

#[path = "src/specgen.rs"]
#[allow(
    dead_code,
    reason = "the tests use the parts the build script does not"
)]
mod specgen;

#[path = "../src/nestedgen.rs"]
#[allow(dead_code, reason = "the SCXML oracle's specs are not driven here")]
mod nestedgen;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use machine_core::{Model, SourceFile};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// How many generated specs the tests drive.
const GENERATED: u64 = 60;
/// How many generated specs with compound states (`nestedgen`) the tests drive.
const NESTED: u64 = 40;
/// How many generated specs with parallel states (`nestedgen::parallel`) the tests drive.
const PARALLEL: u64 = 40;

/// The folders (relative to the workspace) whose specs must all check clean.
const GOOD_SPECS: &[&str] = &[
    "spec/import-export",
    "spec/samples",
    "tests/fixtures/good",
    "tests/fixtures/nested",
    "tests/fixtures/parallel",
    "tests/fixtures/semantics",
];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest
        .parent()
        .and_then(Path::parent)
        .expect("tests/differential is two levels inside the workspace")
        .to_path_buf();
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    println!("cargo:rerun-if-changed=src/specgen.rs");
    println!("cargo:rerun-if-changed=../src/nestedgen.rs");
    println!("cargo:rerun-if-changed=../src/nestedgen/parallel.rs");

    let mut specs: Vec<(String, String)> = Vec::new();
    for dir in GOOD_SPECS {
        println!("cargo:rerun-if-changed={}", root.join(dir).display());
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("the spec folder exists")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let name = format!(
                "{dir}/{}",
                file.file_name().expect("a file").to_string_lossy()
            );
            let text = std::fs::read_to_string(&file).expect("a readable spec");
            specs.push((name, text));
        }
    }
    for seed in 0..GENERATED {
        specs.push((format!("generated/{seed}"), specgen::spec(seed).yaml));
    }
    for seed in 0..NESTED {
        specs.push((format!("nested/{seed}"), nestedgen::rich(seed)));
    }
    for seed in 0..PARALLEL {
        specs.push((format!("parallel/{seed}"), nestedgen::parallel::spec(seed)));
    }

    let mut entries = Vec::new();
    let mut modules = Vec::new();
    for (index, (name, text)) in specs.iter().enumerate() {
        let yaml_file = format!("spec{index}.yaml");
        std::fs::write(out.join(&yaml_file), text).expect("OUT_DIR is writable");
        let source = SourceFile::from_bytes(name.clone(), text.as_bytes().to_vec());
        let compiled = machine_core::compile(&source);
        let driver = if let Some(model) = &compiled.model {
            let module = format_ident!("m{index}");
            let code = machine_codegen::format(&machine_codegen::module_body(
                model,
                &machine_codegen::Options::new(machine_cli::figures),
            ));
            let code_file = format!("m{index}.rs");
            std::fs::write(out.join(&code_file), code).expect("OUT_DIR is writable");
            // A file module, not `include!`, since the code has inner attributes.
            let code_path = out.join(&code_file).to_string_lossy().into_owned();
            let adapter = adapter(model);
            modules.push(quote! {
                    /// One spec's generated code and its driver.
                    #[allow(unreachable_code, unused_variables, reason = "a spec without events has an uninhabited `Event`")]
                    pub mod #module {
                        #[allow(clippy::all, clippy::pedantic, missing_docs, renamed_and_removed_lints, reason = "the generated code under test; its lints are checked in tests/strict-user")]
                        #[path = #code_path]
                        pub mod generated;
                        #adapter
                    }
                });
            quote! { ::core::result::Result::Ok(#module::boxed) }
        } else {
            let mut findings = String::new();
            for d in &compiled.diagnostics {
                let _ = writeln!(findings, "{}", d.display(&source));
            }
            quote! { ::core::result::Result::Err(#findings) }
        };
        entries.push(quote! {
            Spec {
                name: #name,
                yaml: include_str!(concat!(env!("OUT_DIR"), "/", #yaml_file)),
                driver: #driver,
            }
        });
    }
    let registry = quote! {
        #(#modules)*

        /// Every spec the tests drive, in a stable order.
        pub static SPECS: &[Spec] = &[#(#entries),*];
    };
    std::fs::write(out.join("registry.rs"), registry.to_string()).expect("OUT_DIR is writable");
}

/// The [`Driver`] of one generated module: converts between the module's own types and the
/// indexes the tests compare.
fn adapter(model: &Model) -> TokenStream {
    let module = quote! { generated };
    let facts_impl = {
        let methods = model.guards.iter().enumerate().map(|(i, g)| {
            let method = format_ident!("{}", g.name.rust);
            quote! { fn #method(&self) -> bool { self.ask(#i) } }
        });
        (!model.guards.is_empty()).then(|| {
            quote! { impl generated::Guards for crate::Facts { #(#methods)* } }
        })
    };
    let has_actions = !model.actions.is_empty();
    let recorder_impl = has_actions.then(|| {
        let methods = model.actions.iter().enumerate().map(|(i, a)| {
            let method = format_ident!("{}", a.name.rust);
            quote! { fn #method(&mut self) { self.0.push(#i); } }
        });
        quote! {
            struct Recorder<'a>(&'a mut ::std::vec::Vec<usize>);
            impl generated::Actions for Recorder<'_> { #(#methods)* }
        }
    });
    // Records the actions of an accepted step (rule S12) in `self.1`.
    let record = |value: TokenStream| {
        if has_actions {
            quote! {
                if let ::core::result::Result::Ok(done) = &#value {
                    done.run(&mut Recorder(&mut self.1));
                }
            }
        } else {
            TokenStream::new()
        }
    };
    let record_step = record(quote! { result });
    let named_starts = model.starts.iter().any(|s| s.name.is_some());
    let start = if named_starts {
        quote! { #module::Machine::new(#module::Start::ALL[start]) }
    } else {
        quote! { { let _ = start; #module::Machine::new() } }
    };
    let has_fault = model.fault.is_some();
    let has_timeouts = !model.timers.is_empty();
    let has_guards = !model.guards.is_empty();
    let history = if has_fault {
        quote! { self.0.faulted_from().map(#module::State::index) }
    } else {
        quote! { ::core::option::Option::None }
    };
    let parallel = model.has_parallel();
    let remembered = if model.histories.is_empty() {
        quote! { { let _ = state_index; ::core::option::Option::None } }
    } else if parallel {
        quote! { self.0.remembered(state(state_index)).next().map(#module::State::index) }
    } else {
        quote! { self.0.remembered(state(state_index)).map(#module::State::index) }
    };
    // Rules S22 and S29: a machine with parallel states shows its whole configuration, and
    // what each history state remembers in full.
    let parallel_views = parallel.then(|| {
        let remembered_atoms = (!model.histories.is_empty()).then(|| {
            quote! {
                fn remembered_atoms(&self, state_index: usize) -> ::core::option::Option<::std::vec::Vec<usize>> {
                    ::core::option::Option::Some(self.0.remembered(state(state_index)).map(#module::State::index).collect())
                }
            }
        });
        quote! {
            fn configuration(&self) -> ::core::option::Option<::std::vec::Vec<usize>> {
                ::core::option::Option::Some(self.0.configuration().map(#module::State::index).collect())
            }
            #remembered_atoms
        }
    });
    let faulted = if has_fault {
        quote! {
            match #module::Machine::faulted(state(from)) {
                ::core::option::Option::Some(m) => { self.0 = m; true }
                ::core::option::Option::None => false,
            }
        }
    } else {
        quote! { { let _ = from; false } }
    };
    let (ended, steps, running) = if has_timeouts {
        (
            quote! { self.0.is_ended() },
            quote! { self.0.steps() },
            quote! { self.0.running().map(|r| (r.timer.index(), r.since)).collect() },
        )
    } else {
        (
            quote! { false },
            quote! { 0 },
            quote! { ::std::vec::Vec::new() },
        )
    };
    // Rules S20 and S21: the automatic steps ask their guards of every input's `Guards`.
    let automatic = model.has_automatic();
    let automatic_asks = model
        .transitions
        .iter()
        .any(|t| t.trigger.is_automatic() && !t.guards.is_empty());
    let resume_facts = automatic_asks.then(|| quote! { , facts });
    let resume = if has_fault {
        quote! {
            let result = self.0.resume_to(state(to) #resume_facts);
            #record_step
            step_outcome(result.map_err(|e| e.refusal))
        }
    } else {
        quote! { unreachable!("the tests resolve only specs with a fault state, not {to}") }
    };
    let expire_facts = (automatic_asks
        || model.timers.iter().any(|t| !t.timeout.guards.is_empty()))
    .then(|| quote! { , facts });
    let start_actions = if has_actions {
        let started = if named_starts {
            quote! { #module::Machine::start(#module::Start::ALL[start], &mut Recorder(&mut ran)) }
        } else {
            quote! { { let _ = start; #module::Machine::start(&mut Recorder(&mut ran)) } }
        };
        quote! {
            let mut ran = ::std::vec::Vec::new();
            self.0 = #started;
            ran
        }
    } else {
        quote! {
            self.0 = #start;
            ::std::vec::Vec::new()
        }
    };
    let expire = if has_timeouts {
        quote! {
            // Past the last timer there is no `Timer` to pass: the interpreter refuses it.
            let ::core::option::Option::Some(timer) = #module::Timer::from_index(index) else {
                return Outcome::Refused(Refusal::NoTimeout);
            };
            let result = self.0.expire(timer #expire_facts);
            #record_step
            step_outcome(result)
        }
    } else {
        quote! { { let _ = index; Outcome::Refused(Refusal::NoTimeout) } }
    };
    let mut refusal_arms = vec![quote! { R::NoTransition => Refusal::NoTransition }];
    if has_guards {
        refusal_arms.push(quote! { R::GuardFailed(g) => Refusal::GuardFailed(g as usize) });
    }
    if model
        .transitions
        .iter()
        .flat_map(|t| &t.guards)
        .chain(model.timers.iter().flat_map(|t| &t.timeout.guards))
        .any(|g| g.negated)
    {
        refusal_arms.push(quote! { R::GuardHolds(g) => Refusal::GuardHolds(g as usize) });
    }
    if has_fault {
        refusal_arms.push(quote! { R::UnknownHistory => Refusal::UnknownHistory });
        refusal_arms.push(quote! { R::CannotResumeTo(s) => Refusal::CannotResumeTo(s.index()) });
    }
    if has_timeouts {
        refusal_arms.push(quote! { R::NoTimeout => Refusal::NoTimeout });
        refusal_arms.push(quote! { R::Ended => Refusal::Ended });
    }
    if automatic {
        refusal_arms.push(quote! { R::Unsettled => Refusal::Unsettled });
    }
    let mut target_arms = vec![
        quote! { T::State(s) => TargetView::State(s.index()) },
        quote! { T::Internal => TargetView::Internal },
    ];
    let mut origin_arms = vec![quote! { O::Spec => OriginView::Spec }];
    if !model.histories.is_empty() {
        target_arms.push(quote! {
            T::Recall { state, deep, default } => TargetView::Recall {
                state: state.index(),
                deep,
                default: default.index(),
            }
        });
    }
    if has_fault {
        target_arms.push(quote! { T::History => TargetView::History });
        origin_arms.push(quote! { O::FaultEntry => OriginView::FaultEntry });
        origin_arms.push(quote! { O::FaultExit => OriginView::FaultExit });
    }
    if !model.incidents.is_empty() {
        origin_arms.push(quote! { O::Incident(i) => OriginView::Incident(i as usize) });
    }
    let guard_index = if has_guards {
        quote! { t.guards.iter().map(|&(g, holds)| (g as usize, holds)).collect() }
    } else {
        quote! { { let _ = t; ::std::vec::Vec::new() } }
    };
    let has_incidents = !model.incidents.is_empty();
    let origin = if has_fault || has_incidents {
        quote! { match t.origin { #(#origin_arms,)* } }
    } else {
        quote! { { let _ = t.origin; OriginView::Spec } }
    };
    quote! {
        use crate::{CauseView, OriginView, Outcome, Refusal, StepView, TargetView, TransitionView, TriggerView};

        #facts_impl

        #recorder_impl

        /// The machine, and the actions its last input ran.
        struct Drive(#module::Machine, ::std::vec::Vec<usize>);

        /// A driver of this spec's generated machine, begun at the `start`-th start.
        pub fn boxed(start: usize) -> ::std::boxed::Box<dyn crate::Driver> {
            ::std::boxed::Box::new(Drive(#start, ::std::vec::Vec::new()))
        }

        impl crate::Driver for Drive {
            fn at(&mut self, state_index: usize) {
                self.0 = #module::Machine::at(state(state_index));
            }
            fn faulted(&mut self, from: usize) -> bool {
                #faulted
            }
            fn state(&self) -> usize {
                self.0.state().index()
            }
            fn history(&self) -> ::core::option::Option<usize> {
                #history
            }
            fn ended(&self) -> bool {
                #ended
            }
            fn remembered(&self, state_index: usize) -> ::core::option::Option<usize> {
                #remembered
            }
            #parallel_views
            fn steps(&self) -> u64 {
                #steps
            }
            fn running(&self) -> ::std::vec::Vec<(usize, u64)> {
                #running
            }
            fn fire(&mut self, event: usize, facts: &crate::Facts) -> Outcome {
                let event = #module::Event::from_index(event).expect("the tests fire declared events");
                self.1.clear();
                let before = self.0;
                let result = self.0.step(event, facts);
                agree(before, event, facts, &result, self.0);
                #record_step
                step_outcome(result.map_err(|e| e.refusal))
            }
            fn expire(&mut self, index: usize, facts: &crate::Facts) -> Outcome {
                self.1.clear();
                let _ = facts;
                #expire
            }
            fn start(&mut self, start: usize) -> ::std::vec::Vec<usize> {
                #start_actions
            }
            fn resume_to(&mut self, to: usize, facts: &crate::Facts) -> Outcome {
                self.1.clear();
                let _ = facts;
                #resume
            }
            fn actions(&self) -> ::std::vec::Vec<usize> {
                self.1.clone()
            }
            fn parse_state(&self, text: &str) -> ::core::option::Option<usize> {
                text.parse::<#module::State>().ok().map(#module::State::index)
            }
            fn parse_event(&self, text: &str) -> ::core::option::Option<usize> {
                text.parse::<#module::Event>().ok().map(#module::Event::index)
            }
            fn display_state(&self, index: usize) -> ::std::string::String {
                state(index).to_string()
            }
            fn display_event(&self, index: usize) -> ::std::string::String {
                #module::Event::from_index(index).expect("the tests name declared events").to_string()
            }
        }

        #[allow(dead_code, reason = "not every spec has every construct")]
        fn state(index: usize) -> #module::State {
            #module::State::from_index(index).expect("the tests name declared states")
        }
    }
    .into_iter()
    .chain(agree(&module, model))
    .chain(helpers(&module, model, &refusal_arms, &target_arms, &guard_index, &origin))
    .collect()
}

/// `agree`: `select` (the rule without memory) and `Machine::fire` must do what
/// `Machine::step` did, asking the same guards in the same order. `select` knows neither
/// the end of the lifecycle (rule S9) nor the history (rule S4): it picks the return to
/// history that `step` refuses when the history is unknown.
fn agree(module: &TokenStream, model: &Model) -> TokenStream {
    let (has_fault, has_timeouts, automatic, parallel) = (
        model.fault.is_some(),
        !model.timers.is_empty(),
        model.has_automatic(),
        model.has_parallel(),
    );
    // With automatic steps (rules S20 and S21), `fire` returns where the input settled.
    let settled = if automatic {
        quote! { step.settled() }
    } else {
        quote! { step.to }
    };
    // `select` asks the event's guards; `step` then those of the automatic steps too.
    let select_asked = if automatic {
        quote! { assert!(asked.starts_with(&again.asked()), "select asks the guards step asks first: {:?} then {:?}", again.asked(), asked); }
    } else {
        quote! { assert_eq!(again.asked(), asked, "select asks the guards step asks"); }
    };
    let unknown_history = if has_fault {
        quote! {
            (::core::result::Result::Err(error), ::core::result::Result::Ok(transition)) => {
                assert_eq!(error.refusal, #module::Refusal::UnknownHistory);
                assert_eq!(transition.target, #module::Target::History);
            }
        }
    } else {
        quote! {
            (::core::result::Result::Err(error), ::core::result::Result::Ok(transition)) => {
                panic!("step refused ({error}) what select accepted ({transition:?})")
            }
        }
    };
    let selects = if has_timeouts {
        quote! { !before.is_ended() }
    } else {
        quote! { true }
    };
    // With parallel states `select` knows a machine only by its state (rule S23 completes
    // it): it is held to `step` where the configuration is the one the state gives.
    let selects = match (parallel, has_timeouts) {
        (false, _) => selects,
        (true, false) => {
            quote! { before.configuration().eq(#module::Machine::at(before.state()).configuration()) }
        }
        (true, true) => {
            quote! { #selects && before.configuration().eq(#module::Machine::at(before.state()).configuration()) }
        }
    };
    quote! {
        fn agree(
            before: #module::Machine,
            event: #module::Event,
            facts: &crate::Facts,
            stepped: &::core::result::Result<#module::Step, #module::TransitionError>,
            after: #module::Machine,
        ) {
            let asked = facts.asked();
            if #selects {
                let again = facts.again();
                match (stepped, #module::select(before.state(), event, &again)) {
                    (::core::result::Result::Ok(step), ::core::result::Result::Ok(transition)) => {
                        assert!(step.transition().is_some_and(|t| ::core::ptr::eq(t, transition)), "select picks the transition step fired");
                    }
                    (::core::result::Result::Err(error), ::core::result::Result::Err(refused)) => {
                        assert_eq!(error, &refused, "select refuses as step does");
                    }
                    #unknown_history
                    (::core::result::Result::Ok(step), ::core::result::Result::Err(refused)) => {
                        panic!("select refused ({refused}) what step fired ({step:?})")
                    }
                }
                #select_asked
            }
            let again = facts.again();
            let mut fired = before;
            let result = fired.fire(event, &again);
            assert_eq!(result, stepped.map(|step| #settled), "fire returns what step did");
            assert_eq!(fired, after, "fire moves the machine as step does");
            assert_eq!(again.asked(), asked, "fire asks the guards step asks");
        }
    }
}

/// Conversions of one module's steps, transitions and refusals to the common views; in a
/// module of their own so that every adapter can name them alike.
fn helpers(
    module: &TokenStream,
    model: &Model,
    refusal_arms: &[TokenStream],
    target_arms: &[TokenStream],
    guard_index: &TokenStream,
    origin: &TokenStream,
) -> TokenStream {
    let (nested, has_timeouts, automatic) = (
        model.is_nested(),
        !model.timers.is_empty(),
        model.has_automatic(),
    );
    let (cause, restarts) = if has_timeouts {
        (
            quote! {
                match step.cause {
                    #module::Cause::Transition(t) => CauseView::Transition(transition_view(t)),
                    #module::Cause::Timeout(timer) => CauseView::Timeout(timer.index()),
                }
            },
            quote! {
                #module::Timer::ALL.iter().filter(|&&t| step.restarts(t)).map(|t| t.index()).collect()
            },
        )
    } else {
        (
            quote! { { let #module::Cause::Transition(t) = step.cause; CauseView::Transition(transition_view(t)) } },
            quote! { ::std::vec::Vec::new() },
        )
    };
    let parallel = if model.has_parallel() {
        quote! {
            ::core::option::Option::Some((
                step.also().map(transition_view).collect(),
                step.configuration().map(#module::State::index).collect(),
            ))
        }
    } else {
        quote! { ::core::option::Option::None }
    };
    let moves = if nested {
        quote! {
            ::core::option::Option::Some((
                step.exits().map(#module::State::index).collect(),
                step.entries().map(#module::State::index).collect(),
            ))
        }
    } else {
        quote! { ::core::option::Option::None }
    };
    let (then, trigger) = if automatic {
        (
            quote! { step.then().map(|s| step_view(&s)).collect() },
            quote! {
                match t.trigger {
                    #module::Trigger::Event(e) => TriggerView::Event(e.index()),
                    #module::Trigger::Always => TriggerView::Always,
                    #module::Trigger::Done => TriggerView::Done,
                }
            },
        )
    } else {
        (
            quote! { ::std::vec::Vec::new() },
            quote! { TriggerView::Event(t.event.index()) },
        )
    };
    quote! {
        #[allow(dead_code, reason = "not every spec has every construct")]
        #[allow(clippy::large_types_passed_by_value, reason = "a parallel spec's `Step` is large; the tests take it as `Machine::step` gives it")]
        fn step_outcome(result: ::core::result::Result<#module::Step, #module::Refusal>) -> Outcome {
            match result {
                ::core::result::Result::Ok(step) => Outcome::Step(step_view(&step)),
                ::core::result::Result::Err(refusal) => Outcome::Refused(refusal_view(refusal)),
            }
        }

        fn step_view(step: &#module::Step) -> StepView {
            StepView {
                from: step.from.index(),
                to: step.to.index(),
                cause: #cause,
                entered: step.entered(),
                restarts: #restarts,
                moves: #moves,
                parallel: #parallel,
                then: #then,
            }
        }


        fn refusal_view(refusal: #module::Refusal) -> Refusal {
            use #module::Refusal as R;
            match refusal { #(#refusal_arms,)* }
        }

        fn transition_view(t: &#module::Transition) -> TransitionView {
            use #module::Target as T;
            #[allow(unused_imports, reason = "not every spec has every origin")]
            use #module::Origin as O;
            TransitionView {
                from: t.from.index(),
                trigger: #trigger,
                target: match t.target { #(#target_arms,)* },
                guards: #guard_index,
                origin: #origin,
            }
        }
    }
}
