//! `machine-macro`: the `machine!` proc-macro.
