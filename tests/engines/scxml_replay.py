"""Loads an SCXML document exported by `machine export --format scxml` into python-statemachine
(its SCXML reader and its own interpreter) and replays test paths on it.

Usage: python scxml_replay.py DOCUMENT.scxml PATHS.json DURATIONS.json
DURATIONS.json: {"duration_NAME": "3600s"}, the values of the named durations (each
`<send delayexpr="duration_NAME">` reads one from the datamodel).
PATHS.json: [{"start": STATE_ID, "steps": [STEP...]}], each STEP one of
  {"kind": "event", "event": NAME, "guards": {COND_NAME: bool}}
  {"kind": "expire", "event": "timeout.TIMER", "guards": {COND_NAME: bool},
   "earlier": [SECONDS...]}  (the instants of the timers due before it, which expire first)
  {"kind": "wait", "seconds": N, "guards": {COND_NAME: bool}, "instants": [SECONDS...]}
   (guards and instants optional: the instants, since the path started, at which delayed
   events fall due during the wait)
Prints JSON: [[[[STATE_ID...], [ACTION...], EXTRA] after each step...] per path], where the
STATE_IDs are the engine's active configuration: the atomic states it is in, in document order
(one, or one per region of each active `<parallel>`; `machine.ended` once an `end:` timeout has
expired), ACTION the names its `<log label="action:NAME"/>` printed during the step (with the
eventless transitions and completions it led to: the engine's macrostep), in order, and EXTRA,
for an expiry, the instant (in whole seconds since the path started) the engine had scheduled
the delayed event for; for a wait, the delayed events that fell due during it, in the order the
engine ran them; null for an event.

Time is the engine's own, on a simulated clock: the engine stamps each delayed `<send>` with
its clock, and an expiry step (or a wait) moves the clock to each instant at which a delayed
event falls due on the way, then to the instant the engine scheduled that event for (or the
end of the wait), letting the engine run every event due by each. The changes to the engine:
when only events due later are queued, its loop returns instead of sleeping until they are
due; and a transition to a history state runs its own content once, as the W3C algorithm does
(3.2.2 runs it a second time as it enters the history's parent; see
`_add_history_states_to_enter` below). With `<parallel>` states, three more places where 3.2.2
departs from the W3C algorithm are put right (`renumber`,
`_select_transitions_in_document_order`, `_no_stop_at_a_parallel_state` below);
`python scxml_replay.py --self-check` runs a small document for each, derived from the W3C
algorithm, and asserts that the engine departs without the change and follows the algorithm
with it.
"""

import contextlib
import io
import json
import sys
import xml.etree.ElementTree as ET

import statemachine.engines.base as base
import statemachine.engines.sync as sync
import statemachine.event_data as event_data
from statemachine.io import load
from statemachine.orderedset import OrderedSet

SCXML = "http://www.w3.org/2005/07/scxml"
MACHINE = "urn:machine:scxml"
LIFECYCLE = "machine.lifecycle"


class Clock:
    now = 0.0


clock = Clock()
sync.monotonic = lambda: clock.now
event_data.monotonic = lambda: clock.now
_take_due = sync.SyncEngine._take_due_external_event


def _take_due_or_return(self, first_result):
    queue = self.external_queue
    with queue.queue.mutex:
        queue._drop_cancelled_head()
        heap = queue.queue.queue
        later = bool(heap) and heap[0].execution_time > clock.now
    if later:
        return False, first_result
    return _take_due(self, first_result)


sync.SyncEngine._take_due_external_event = _take_due_or_return
_take = sync.SyncEngine._take_external_event
fired = []


# The guard values of the step being replayed, which the datamodel takes when the engine takes
# the step's first external event (the event sent, or a delayed event falling due), and keeps
# until the next step's: the eventless transitions and completions it leads to (rules S20,
# S21) carry no data and read them there. Not before: the engine looks for eventless
# transitions before it takes an external event, and the machine settled with the previous
# step's values.
class Pending:
    guards = None


pending = Pending()


def _take_and_record(self, external_event):
    event = external_event.event
    if event is not None and event.id.startswith("timeout."):
        fired.append(event.id)
    if pending.guards is not None:
        for name in self.sm.model.conditions:
            setattr(self.sm.model, name, pending.guards.get(name, False))
        pending.guards = None
    return _take(self, external_event)


sync.SyncEngine._take_external_event = _take_and_record
_add_history = base.BaseEngine._add_history_states_to_enter


def _add_history_states_to_enter(self, info, state, *entry_sets):
    """The W3C algorithm (appendix D, addDescendantStatesToEnter): the content run as a history
    state's parent is entered is the history's default transition's, and only when nothing was
    recorded (and an `<initial>` transition's, when it targets the history). 3.2.2 also lists
    any other transition that targets the history there, whose content thus runs twice (once
    as the transition's, once on entering the parent). The W3C tests of history (387, 388,
    579, 580 in its sdist) pass either way."""
    _add_history(self, info, state, *entry_sets)
    default_history_content = entry_sets[-1]
    parent_id = state.parent and state.parent.id
    default_history_content[parent_id] = [
        entry
        for entry in default_history_content.get(parent_id, [])
        if entry.transition.initial or entry.transition in state.transitions
    ]


base.BaseEngine._add_history_states_to_enter = _add_history_states_to_enter

STATE_TAGS = ("state", "parallel", "final", "history")


def document_order(text):
    """Each state's place in the document (the W3C "document order": the order of the start
    tags of `<state>`, `<parallel>`, `<final>` and `<history>`), by id."""
    tags = tuple(f"{{{SCXML}}}{tag}" for tag in STATE_TAGS)
    elements = (el for el in ET.fromstring(text).iter() if el.tag in tags)
    return {el.get("id"): order for order, el in enumerate(elements, start=1)}


def renumber(chart, order):
    """3.2.2 numbers states as it builds the chart (`factory.py`,
    `_initials_by_document_order`), passing the next number by value into its recursion, so
    that a state after a compound state gets the number of that state's first child: for
    P{A{a1,a2},B{b1,b2}} it gives A=2, a1=3, B=3, a2=4, b1=4; its reader also takes a state's
    children grouped by tag (`<state>`, then `<final>`, then `<parallel>`). Exits and entries
    are sorted by that number, and ties keep the order the states entered the configuration:
    leaving P from {a2, b1} exits a2, b1, B, A, P (or b1, a2, ...), where the W3C algorithm
    exits b1, B, a2, A, P (reverse document order). With one active state, the states exited
    or entered lie on one chain, whose numbers increase inwards either way. So the numbers are
    taken from the document itself."""
    for state_id, state in chart.states_map.items():
        state.document_order = order[state_id]


def _select_transitions_in_document_order(self, trigger_data, predicate):
    """The W3C `selectTransitions`: each atomic state of the configuration *in document order*
    picks its transition. 3.2.2 takes them in the order they entered the configuration (its
    comment: "TODO: sorted by document order"): after a1 -> a2 in P{A{a1,a2},B{b1}}, b1 comes
    first, so when both pick a transition that leaves P, `_filter_conflicting_transitions`
    keeps b1's where the W3C algorithm keeps a2's."""
    enabled = OrderedSet()
    atomic = sorted(
        (state for state in self.sm.configuration if state.is_atomic),
        key=lambda state: state.document_order,
    )
    for state in atomic:
        transition = self._first_transition_that_matches(state, trigger_data, predicate)
        if transition is not None:
            enabled.add(transition)
    return self._filter_conflicting_transitions(enabled)


def _no_stop_at_a_parallel_state(self):
    """The W3C algorithm stops only on entering a `<final>` child of `<scxml>`
    (`enterStates`); a `<parallel>` child of `<scxml>` whose regions have all reached a final
    state raises `done.state.ID` and stays active (rule S28), as XState does. 3.2.2 stops
    there (`_check_root_final_state`) and drops every later event."""


class Patched:
    parallel = False


patched = Patched()


def patch_parallel():
    """Puts right the three departures above (`renumber` is applied to each chart loaded)."""
    patched.parallel = True
    sync.SyncEngine._select_transitions = _select_transitions_in_document_order
    base.BaseEngine._check_root_final_state = _no_stop_at_a_parallel_state


def document_from(text, start):
    """The document starting in `start` (a start's state), so it is entered and its delayed
    events are sent."""
    ET.register_namespace("", SCXML)
    ET.register_namespace("m", MACHINE)
    root = ET.fromstring(text)
    lifecycle = root.find(f"{{{SCXML}}}state[@id='{LIFECYCLE}']")
    # The start may lie inside compound states of the lifecycle (SCXML's `initial` names
    # any descendant).
    if lifecycle is not None and any(el.get("id") == start for el in lifecycle.iter()):
        root.set("initial", LIFECYCLE)
        lifecycle.set("initial", start)
    else:
        root.set("initial", start)
    return ET.tostring(root, encoding="unicode")


class Host:
    """The host's datamodel: every named condition, false unless the event says otherwise,
    and the values of the named durations."""

    def __init__(self, names, durations):
        self.conditions = sorted(names)
        for name in names:
            setattr(self, name, False)
        for name, value in durations.items():
            setattr(self, name, value)


def compounds(text):
    """The ids of the document's compound and parallel states (those holding states), the
    lifecycle's wrapper among them: a configuration holds them around its atomic states."""
    root = ET.fromstring(text)
    inner = tuple(f"{{{SCXML}}}{tag}" for tag in STATE_TAGS[:3])
    return {
        el.get("id")
        for el in root.iter()
        if el.tag in inner[:2] and any(child.tag in inner for child in el)
    } | {LIFECYCLE}


def atoms(machine, compound, order):
    """The active configuration: the atomic states the engine is in, in document order."""
    states = [s for s in machine.configuration_values if s not in compound]
    if not states:
        raise SystemExit(f"no atomic state: {sorted(machine.configuration_values)}")
    return sorted(states, key=lambda s: order[s])


def actions(printed):
    return [line[len("action:"):] for line in printed.splitlines() if line.startswith("action:")]


def replay(text, path, conditions, durations):
    chart = load(document_from(text, path["start"]), format="scxml")
    order = document_order(text)
    if patched.parallel:
        renumber(chart, order)
    compound = compounds(text)
    clock.now = 0.0
    with contextlib.redirect_stdout(io.StringIO()):
        machine = chart(model=Host(conditions, durations))
    reached = []
    for step in path["steps"]:
        printed = io.StringIO()
        due = None
        with contextlib.redirect_stdout(printed):
            pending.guards = step.get("guards", {})
            if step["kind"] == "event":
                machine.send(step["event"], **step["guards"])
            elif step["kind"] == "wait":
                # The delayed events that fall due read the datamodel, which holds the step's
                # guard values while the clock moves.
                fired.clear()
                end = clock.now + step["seconds"]
                # The clock stops at each instant a delayed event falls due, so that what its
                # transition starts runs from there.
                for instant in step.get("instants", []) + [end]:
                    clock.now = max(clock.now, instant)
                    machine._engine.processing_loop()
                due = list(fired)
            else:
                # A delayed event carries no data: its conditions read the datamodel, which
                # holds the step's guard values while the clock moves. The timers due before
                # it expire first, each at its own instant (what they start runs from there).
                for instant in step.get("earlier", []):
                    clock.now = max(clock.now, instant)
                    machine._engine.processing_loop()
                queue = machine._engine.external_queue.queue
                due = [t for t in queue.queue if not t.cancelled and t.event.id == step["event"]]
                if len(due) != 1:
                    raise SystemExit(f"{step['event']} is not pending once: {len(due)} times")
                due = due[0].execution_time
                clock.now = max(clock.now, due)
                machine._engine.processing_loop()
                if due != int(due):
                    raise SystemExit(f"{step['event']} is due at {due}s, not a whole second")
                due = int(due)
        reached.append([atoms(machine, compound, order), actions(printed.getvalue()), due])
    return reached


# The checks of the three changes for `<parallel>` states, each a small document derived from
# the W3C algorithm (appendix D), the events sent to it, and what the engine reports after the
# last one (`--self-check`): without the change, then with it (the W3C result).
SELF_CHECKS = [
    (
        "exits in reverse document order (`exitStates`; renumber)",
        """<parallel id="P">
             <onexit><log label="action:exit P"/></onexit>
             <transition event="go" target="out"/>
             <state id="A" initial="a2">
               <onexit><log label="action:exit A"/></onexit>
               <state id="a1"/>
               <state id="a2"><onexit><log label="action:exit a2"/></onexit></state>
             </state>
             <state id="B" initial="b1">
               <onexit><log label="action:exit B"/></onexit>
               <state id="b1"><onexit><log label="action:exit b1"/></onexit></state>
               <state id="b2"/>
             </state>
           </parallel>
           <state id="out"/>""",
        ["go"],
        (["out"], ["exit a2", "exit b1", "exit B", "exit A", "exit P"]),
        (["out"], ["exit b1", "exit B", "exit a2", "exit A", "exit P"]),
    ),
    (
        "atomic states select in document order (`selectTransitions`; conflicts, S26)",
        """<parallel id="P">
             <state id="A" initial="a1">
               <state id="a1"><transition event="step" target="a2"/></state>
               <state id="a2"><transition event="leave" target="outA"/></state>
             </state>
             <state id="B" initial="b1">
               <state id="b1"><transition event="leave" target="outB"/></state>
             </state>
           </parallel>
           <state id="outA"/>
           <state id="outB"/>""",
        ["step", "leave"],
        (["outB"], []),
        (["outA"], []),
    ),
    (
        "no stop at a top-level `<parallel>` whose regions are final (`enterStates`, S28)",
        """<parallel id="P">
             <transition event="next" target="out"/>
             <state id="A" initial="a1">
               <state id="a1"><transition event="finish" target="af"/></state>
               <final id="af"/>
             </state>
             <state id="B" initial="b1">
               <state id="b1"><transition event="finish" target="bf"/></state>
               <final id="bf"/>
             </state>
           </parallel>
           <state id="out"/>""",
        ["finish", "next"],
        (["af", "bf"], []),
        (["out"], []),
    ),
]


def checked(body, events):
    """The configuration and the actions of the last event, after sending `events` to the
    document whose states are `body` (starting in its first state)."""
    text = f'<scxml xmlns="{SCXML}" version="1.0">{body}</scxml>'
    chart = load(text, format="scxml")
    order = document_order(text)
    if patched.parallel:
        renumber(chart, order)
    with contextlib.redirect_stdout(io.StringIO()):
        machine = chart()
    for event in events:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            machine.send(event)
    return (atoms(machine, compounds(text), order), actions(printed.getvalue()))


def self_check():
    """Each change departs from 3.2.2 and gives the W3C result; exits with the first that
    does not."""
    before = [checked(body, events) for _, body, events, _, _ in SELF_CHECKS]
    patch_parallel()
    after = [checked(body, events) for _, body, events, _, _ in SELF_CHECKS]
    for (what, _, _, departs, w3c), old, new in zip(SELF_CHECKS, before, after):
        old, new = (list(old[0]), old[1]), (list(new[0]), new[1])
        if old != departs or new != w3c:
            raise SystemExit(f"{what}: 3.2.2 gave {old} (measured {departs}); patched {new}, W3C {w3c}")
    print(json.dumps([what for what, *_ in SELF_CHECKS]))


def main():
    if sys.argv[1:] == ["--self-check"]:
        self_check()
        return
    patch_parallel()
    document, paths_file, durations_file = sys.argv[1:]
    with open(durations_file, encoding="utf-8") as f:
        durations = json.load(f)
    with open(document, encoding="utf-8") as f:
        text = f.read()
    with open(paths_file, encoding="utf-8") as f:
        paths = json.load(f)
    conditions = set()
    for element in ET.fromstring(text).iter(f"{{{SCXML}}}transition"):
        for name in (element.get("cond") or "").split("&&"):
            name = name.replace("== false", "").strip()
            if name:
                conditions.add(name)
    print(json.dumps([replay(text, path, conditions, durations) for path in paths]))


if __name__ == "__main__":
    main()
