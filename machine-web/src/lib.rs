//! `machine-web`: `machine` lifecycles for the web.
//!
//! - [`runtime`]: the JavaScript runtime of the semantics (one ES module, shipped as
//!   `js/runtime/*.js`), which the page and the TypeScript module both run;
//! - [`data`]: the one reading of a [`Model`](machine_core::Model) for the runtime, as JSON;
//! - [`typescript`]: `machine gen --lang typescript`, a dependency-free TypeScript module for
//!   front ends;
//! - [`page`]: `machine sim`, a self-contained HTML page that simulates a lifecycle.
//!
//! Like every renderer, each is a pure function of the model (the page takes its diagram
//! already drawn): the same spec always gives the same bytes. The proc-macro compiles none
//! of it.
#![forbid(unsafe_code)]

pub mod data;
pub mod page;
pub mod runtime;
pub mod typescript;
