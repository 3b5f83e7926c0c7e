//! A status-poll tracker for Import/Export jobs, built on the generated machines.

fn main() {}
