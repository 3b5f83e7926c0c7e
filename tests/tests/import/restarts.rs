//! Rule S6 on a transition written on a compound state, as `machine`'s SCXML export writes it:
//! the timer of a state inside is started again inside `<if cond="In('S')">`, which the
//! import reads as that timer's `reset_by`, and refuses, located, where `reset_by` cannot say
//! it.

use machine_core::SourceFile;
use machine_export::import;

/// A chart whose compound state `a` handles `touch` without leaving, restarting the timer of
/// `b` inside it while the machine is in `b`; `reset_by` is `b`'s `m:reset-by`, if any.
fn chart(reset_by: &str) -> String {
    format!(
        "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" xmlns:m=\"urn:machine:scxml\" \
         version=\"1.0\" initial=\"a\">\n\
         <state id=\"a\" initial=\"b\">\n\
         <transition event=\"touch\">\n\
         <if cond=\"In('b')\"><cancel sendid=\"timer.idle\"/>\
         <send event=\"timeout.idle\" id=\"timer.idle\" delay=\"60s\"/></if>\n\
         </transition>\n\
         <state id=\"b\">\n\
         <onentry><send event=\"timeout.idle\" id=\"timer.idle\" delay=\"60s\"/></onentry>\n\
         <onexit><cancel sendid=\"timer.idle\"/></onexit>\n\
         <transition event=\"timeout.idle\" target=\"c\"{reset_by}/>\n\
         </state>\n\
         </state>\n\
         <final id=\"c\"/>\n\
         </scxml>"
    )
}

#[test]
fn a_restart_inside_in_becomes_the_timer_reset_by() {
    let source = SourceFile::new("doc.scxml", chart(" m:reset-by=\"[&quot;touch&quot;]\""));
    let spec = import::scxml(&source).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(spec.contains("reset_by: [Touch]"), "{spec}");
    assert!(!spec.contains("restarts:"), "{spec}");
}

#[test]
fn a_restart_inside_in_that_reset_by_cannot_say_is_refused_located() {
    super::refused_at(
        &chart(""),
        "4:1",
        "the delayed event `timer.idle` is started again here only in the state `In()` names",
    );
}
