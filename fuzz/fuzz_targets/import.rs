//! `machine import --from scxml` on any bytes: the XML reader, the refusals, the spec it
//! writes, and the check of that spec with its waivers. Nothing may panic. Seeded with the
//! SCXML exports of the valid specs and the import fixtures.
#![no_main]

use libfuzzer_sys::fuzz_target;
use machine_core::SourceFile;

fuzz_target!(|data: &[u8]| {
    let source = SourceFile::from_bytes("fuzz.scxml", data.to_vec());
    let _ = machine_export::import::scxml(&source);
});
