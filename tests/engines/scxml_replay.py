"""Loads an SCXML document exported by `machine export --format scxml` into python-statemachine
(its SCXML reader and its own interpreter) and replays test paths on it.

Usage: python scxml_replay.py DOCUMENT.scxml PATHS.json DURATIONS.json
DURATIONS.json: {"duration_NAME": "3600s"}, the values of the named durations (each
`<send delayexpr="duration_NAME">` reads one from the datamodel).
PATHS.json: [{"start": STATE_ID, "steps": [STEP...]}], each STEP one of
  {"kind": "event", "event": NAME, "guards": {COND_NAME: bool}}
  {"kind": "expire", "event": "timeout.TIMER", "guards": {COND_NAME: bool}}
  {"kind": "wait", "seconds": N, "guards": {COND_NAME: bool}}  (guards optional)
Prints JSON: [[[STATE_ID, [ACTION...], EXTRA] after each step...] per path], where STATE_ID is
the atomic state the engine is in (`machine.ended` once an `end:` timeout has expired), ACTION
the names its `<log label="action:NAME"/>` printed during the step (with the eventless
transitions and completions it led to: the engine's macrostep), in order, and EXTRA, for an
expiry, the instant (in whole seconds since the path started) the engine had scheduled the
delayed event for; for a wait, the delayed events that fell due during it, in the order the
engine ran them; null for an event.

Time is the engine's own, on a simulated clock: the engine stamps each delayed `<send>` with
its clock, and an expiry step moves the clock to the instant the engine scheduled that event
for, then lets the engine run every event due by then. The changes to the engine: when only
events due later are queued, its loop returns instead of sleeping until they are due; and a
transition to a history state runs its own content once, as the W3C algorithm does (3.2.2 runs
it a second time as it enters the history's parent; see `_add_history_states_to_enter` below).
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
    """The ids of the document's compound states (those holding states), the lifecycle's
    wrapper among them: a configuration holds them around its one atomic state."""
    root = ET.fromstring(text)
    inner = (f"{{{SCXML}}}state", f"{{{SCXML}}}final", f"{{{SCXML}}}history")
    return {
        el.get("id")
        for el in root.iter(f"{{{SCXML}}}state")
        if any(child.tag in inner[:2] for child in el)
    } | {LIFECYCLE}


def leaf(machine, compound):
    states = [s for s in machine.configuration_values if s not in compound]
    if len(states) != 1:
        raise SystemExit(f"not one atomic state: {sorted(machine.configuration_values)}")
    return states[0]


def actions(printed):
    return [line[len("action:"):] for line in printed.splitlines() if line.startswith("action:")]


def replay(text, path, conditions, durations):
    chart = load(document_from(text, path["start"]), format="scxml")
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
                clock.now += step["seconds"]
                machine._engine.processing_loop()
                due = list(fired)
            else:
                # A delayed event carries no data: its conditions read the datamodel, which
                # holds the step's guard values while the clock moves.
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
        reached.append([leaf(machine, compound), actions(printed.getvalue()), due])
    return reached


def main():
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
