//! A user crate as strict as they come. It is built (and linted) by the normal workspace
//! build, so the emitted code is checked under:
//!
//! - `#![no_std]` and `#![forbid(unsafe_code)]`;
//! - `#![deny(warnings, missing_docs, clippy::pedantic)]`, on the macro's output, on the
//!   checked-in expansion of `machine gen`, and on `machine gen`'s output for every good spec
//!   (written by the build script), which clippy lints like hand-written code, with every lint
//!   of the current toolchain (the crate declares no `rust-version`);
//! - a module that shadows the prelude names (`Result`, `Option`, `Ok`, `Err`, `Some`,
//!   `None`, `Default`, `Copy`, `Debug`) and `core`, so every path must be absolute.

#![no_std]
#![forbid(unsafe_code)]
#![deny(warnings, missing_docs, clippy::pedantic)]

machine_macro::machine! {
    /// The Import/Export job, through the macro.
    pub mod job = "spec/import-export/job.yaml";
}

machine_macro::machine! {
    /// The Import/Export drive, with serde derives behind a cfg that is never set.
    pub mod drive = "spec/import-export/drive.yaml", serde = cfg(any());
}

/// Every small sample spec and good fixture, so each shape of spec (no fault, no guards, no
/// incidents, named starts, non-ASCII and hostile text) is compiled and linted.
pub mod samples {
    machine_macro::machine! {
        /// `spec/samples/connection.yaml`.
        pub mod connection = "spec/samples/connection.yaml";
    }
    machine_macro::machine! {
        /// `spec/samples/order.yaml`.
        pub mod order = "spec/samples/order.yaml";
    }
    machine_macro::machine! {
        /// `spec/samples/subscription.yaml`.
        pub mod subscription = "spec/samples/subscription.yaml";
    }
    machine_macro::machine! {
        /// `spec/samples/traffic-light.yaml`.
        pub mod traffic_light = "spec/samples/traffic-light.yaml";
    }
    machine_macro::machine! {
        /// `spec/samples/pull-request.yaml`.
        pub mod pull_request = "spec/samples/pull-request.yaml";
    }
    machine_macro::machine! {
        /// `spec/samples/tcp.yaml`.
        pub mod tcp = "spec/samples/tcp.yaml";
    }
    machine_macro::machine! {
        /// `spec/samples/payment-intent.yaml`.
        pub mod payment_intent = "spec/samples/payment-intent.yaml", serde = cfg(any());
    }
    machine_macro::machine! {
        /// `tests/fixtures/good/chinese.yaml`.
        pub mod chinese = "fixtures/good/chinese.yaml", serde = cfg(any());
    }
    machine_macro::machine! {
        /// `tests/fixtures/good/escaping.yaml`. Its `doc:` texts hold `<tags>` and `[*]` on
        /// purpose; rustdoc reads a spec's doc text as Markdown, so those are the spec's own
        /// broken links and unclosed tags, not the generator's.
        #[allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]
        pub mod escaping = "fixtures/good/escaping.yaml";
    }
    machine_macro::machine! {
        /// `tests/fixtures/good/actions.yaml`: the `Actions` trait and `Step::run`.
        pub mod actions = "fixtures/good/actions.yaml";
    }
    machine_macro::machine! {
        /// `tests/fixtures/parallel/regions.yaml`: parallel states, the table-driven
        /// microstep, history and the fault state over whole configurations.
        pub mod regions = "fixtures/parallel/regions.yaml", serde = cfg(any());
    }
    machine_macro::machine! {
        /// `tests/fixtures/good/wire-aliases.yaml`: wire lists read ignoring case.
        pub mod wire_aliases = "fixtures/good/wire-aliases.yaml", serde = cfg(any());
    }
}

// The checked-in expansion of the job spec, linted as if written by hand. Its docs are the
// file's inner docs: rustdoc would resolve their links in this scope if this item had docs too.
#[rustfmt::skip] // prettyplease formats it, and `machine gen --check` keeps it so
#[path = "../../../generated-example/src/generated/job.rs"]
pub mod job_expanded;

/// `machine gen`'s output for every good spec, written by the build script and linted like
/// hand-written code.
#[allow(
    missing_docs,
    reason = "each module's docs are the generated file's inner docs"
)]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/generated.rs"));
}

/// A module whose names shadow the prelude and `core`.
pub mod shadowed;

/// Uses the emitted API in a `no_std` function, so a change that needs `std` or allocation
/// breaks this build.
///
/// # Errors
///
/// When the job lifecycle refuses one of the events.
pub fn ship_a_job() -> ::core::result::Result<job::State, job::TransitionError> {
    struct Facts;
    impl job::Guards for Facts {
        fn delivery_package_set(&self) -> bool {
            true
        }
        fn return_address_set(&self) -> bool {
            true
        }
        fn no_errors(&self) -> bool {
            false
        }
    }
    let mut machine = job::Machine::new();
    machine.fire(job::Event::MarkShipping, &Facts)?;
    machine.fire(job::Event::AllDrivesReceived, &Facts)
}
