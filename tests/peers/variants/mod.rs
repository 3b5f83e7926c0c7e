//! The peers: the job lifecycle for smlang, rust-fsm and statig. They are compiled into the
//! benchmark and the equivalence test (the peers are dev-dependencies only).

pub mod rust_fsm;
pub mod smlang;
pub mod statig;
pub mod statig_nested;
