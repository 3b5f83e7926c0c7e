// What a machine does: rules S1 to S9, S12 and S16 to S18 of the spec language's semantics
// (S19, history states, in history.js; S20 and S21, automatic transitions, in settle.js),
// one small function per rule, each the counterpart of the function of the same name in
// `machine_core::semantics` (the differential tests hold the two equal, step by step).

/** Rule S1: a lifecycle begins in the state of its start number `index`, with no history. */
export function start(model /*: Model */, index /*: number */) /*: Config */ {
  return at(model.starts[index].state);
}

/**
 * Rule S1: the actions starting a machine at its start number `index` runs: the `entry`
 * actions of its initial state and of every state around it, outermost first. A machine
 * created in a state by other means runs none.
 */
export function startActions(model /*: Model */, index /*: number */) /*: number[] */ {
  return entered(model, null, model.starts[index].state).flatMap((s) => model.states[s].entry);
}

/** `state`, then its ancestors outwards: the states a machine in `state` is in. */
export function selfAndAncestors(model /*: Model */, state /*: number */) /*: number[] */ {
  const chain = [state];
  for (let s = model.states[state].parent; s !== null; s = model.states[s].parent) chain.push(s);
  return chain;
}

/** Whether `state` is `ancestor` or lies inside it. */
export function isWithin(model /*: Model */, state /*: number */, ancestor /*: number */) /*: boolean */ {
  return selfAndAncestors(model, state).includes(ancestor);
}

/** Rule S17: the state without children entering `state` leads to (its `initial` chain). */
export function descend(model /*: Model */, state /*: number */) /*: number */ {
  let at = state;
  for (let initial = model.states[at].initial; initial !== null; initial = model.states[at].initial) at = initial;
  return at;
}

/**
 * Rule S16: the domain of a transition written on `source` to `target`: the innermost state
 * strictly around both (SCXML's least common compound ancestor); null for the root.
 */
export function domain(model /*: Model */, source /*: number */, target /*: number */) /*: number | null */ {
  return selfAndAncestors(model, source).slice(1).find((a) => a !== target && isWithin(model, target, a)) ?? null;
}

/** Rule S16: the states entered on the way from inside `domain` (null: the root) down to `to`, outermost first. */
export function entered(model /*: Model */, domain /*: number | null */, to /*: number */) /*: number[] */ {
  const chain = selfAndAncestors(model, to);
  const end = domain === null ? chain.length : chain.indexOf(domain);
  return chain.slice(0, end).reverse();
}

/**
 * Rule S16: what a step from the active state `from`, by a transition written on `source`
 * whose target is `target` (as written; entered down to its initial state, S17), leaves
 * (innermost first) and enters (outermost first).
 */
export function exitsAndEntries(model /*: Model */, from /*: number */, source /*: number */, target /*: number */) /*: { exits: number[]; entries: number[] } */ {
  return movesTo(model, from, domain(model, source, target), descend(model, target));
}

/**
 * Rule S16: what a step from the active state `from` to the state without children `to`
 * within `domain` (null: the root) leaves (innermost first) and enters (outermost first).
 */
export function movesTo(model /*: Model */, from /*: number */, domain /*: number | null */, to /*: number */) /*: { exits: number[]; entries: number[] } */ {
  const chain = selfAndAncestors(model, from);
  const end = domain === null ? chain.length : chain.indexOf(domain);
  return { exits: chain.slice(0, end), entries: entered(model, domain, to) };
}

/** A machine known only by its state (e.g. from a status poll): no history, nothing recorded. */
export function at(state /*: number */) /*: Config */ {
  return { state, history: null, ended: false, recorded: [] };
}

/**
 * A machine in the fault state, entered from `from`; null when `from` is not a state the
 * fault state is entered from.
 */
export function faulted(model /*: Model */, from /*: number */) /*: Config | null */ {
  const fault = model.fault;
  if (fault === null || !fault.sources.includes(from)) return null;
  return { state: fault.state, history: from, ended: false, recorded: [] };
}

/** The transitions out of `state`, in the order they are tried. */
export function transitionsFrom(model /*: Model */, state /*: number */) /*: number[] */ {
  const ids = [];
  for (let id = 0; id < model.transitions.length; id++) {
    if (model.transitions[id].from === state) ids.push(id);
  }
  return ids;
}

/**
 * Rules S2 and S16: the transitions a state has for an event, in the order they are tried:
 * its own, then those of the state around it, and so on outwards; of one state, those
 * written under `transitions`, then those of incidents, then the fault state's entry and
 * exits.
 */
export function candidates(model /*: Model */, state /*: number */, event /*: number */) /*: number[] */ {
  return triggered(model, state, "event", event);
}

/**
 * Rules S2, S16, S20 and S21: the transitions of `state` and of the states around it,
 * innermost first, each state's in the order written, that `trigger` fires (with `event`
 * for an event, null for `always` and `done`): `candidates` for an event.
 */
export function triggered(model /*: Model */, state /*: number */, trigger /*: TriggerKind */, event /*: number | null */) /*: number[] */ {
  return selfAndAncestors(model, state)
    .flatMap((s) => transitionsFrom(model, s))
    .filter((id) => model.transitions[id].trigger === trigger && model.transitions[id].event === event);
}

/** The events `state` accepts (has at least one transition for, its ancestors' too), in event order. */
export function accepted(model /*: Model */, state /*: number */) /*: number[] */ {
  const events /*: number[] */ = [];
  for (const id of selfAndAncestors(model, state).flatMap((s) => transitionsFrom(model, s))) {
    const event = model.transitions[id].event;
    // An eventless or completion transition (rules S20, S21) is no event to accept.
    if (event !== null) events.push(event);
  }
  return [...new Set(events)].sort((a, b) => a - b);
}

/**
 * Rules S3 and S15: the first of `tests` that fails, asking their guards in order and stopping
 * there; undefined when every test passes. A test passes when its guard holds, or, negated
 * (`!name`), when it does not; the guard is asked either way.
 */
export function firstFailing(tests /*: readonly GuardTest[] */, ask /*: Ask */) /*: GuardTest | undefined */ {
  return tests.find((test) => ask(test.guard) === test.negated);
}

/** Rule S15: the refusal a failed test gives: the guard does not hold, or, negated, it holds. */
export function failedTest(test /*: GuardTest */) /*: Refusal */ {
  return test.negated ? { kind: "guardHolds", guard: test.guard } : { kind: "guardFailed", guard: test.guard };
}

/**
 * Rule S3: the first candidate whose guards all hold fires. A transition's guards are asked
 * in the order it lists them, and asking stops at the first that does not hold. When none
 * fires, the refusal names the first guard that failed on the first candidate tried, or
 * says there was no candidate.
 */
export function select(model /*: Model */, state /*: number */, event /*: number */, ask /*: Ask */) /*: Selected */ {
  return firstPassing(model, candidates(model, state, event), ask);
}

/**
 * Rule S3 over `candidates` in the order they are tried: the first whose guard tests all
 * pass, or the refusal `select` gives. Automatic transitions are selected alike (rules S20
 * and S21), a refusal then meaning only that none is taken.
 */
export function firstPassing(model /*: Model */, candidates /*: readonly number[] */, ask /*: Ask */) /*: Selected */ {
  let refusal /*: Refusal */ = { kind: "noTransition" };
  for (const id of candidates) {
    const failed = firstFailing(model.transitions[id].guards, ask);
    if (failed === undefined) return { ok: true, transition: id };
    if (refusal.kind === "noTransition") refusal = failedTest(failed);
  }
  return { ok: false, refusal };
}

/**
 * Rules S4, S16 and S19: where transition `id`, fired in `config`, goes, and what it leaves
 * and enters. A state target is entered, even when it is the source, and a compound one down
 * to its initial state (S17), within the domain of the target as written; an internal
 * transition stays and leaves nothing; a return to history goes to the state the fault state
 * was entered from, and is refused (null) when that is not known; a transition to a history
 * state goes where `recallMoves` says.
 */
export function target(model /*: Model */, config /*: Config */, id /*: number */) /*: Moved | null */ {
  const transition = model.transitions[id];
  const to = transition.to;
  if (to === "internal") return { to: config.state, exits: [], entries: [] };
  if (to === "history") {
    if (config.history === null) return null;
    return { to: config.history, ...exitsAndEntries(model, config.state, transition.from, config.history) };
  }
  if (typeof to === "number") return { to: descend(model, to), ...exitsAndEntries(model, config.state, transition.from, to) };
  return recallMoves(model, config, transition.from, to.recall);
}

/**
 * Rules S5 and S19: moving to `to` from `config`, leaving `exits`. Entering the fault state
 * from another state remembers that state (the history); staying in the fault state keeps
 * it; moving anywhere else forgets it. What the step leaves is recorded (`record`).
 */
export function enter(model /*: Model */, config /*: Config */, to /*: number */, exits /*: readonly number[] */) /*: Config */ {
  const fault = model.fault === null ? null : model.fault.state;
  let history /*: number | null */ = null;
  if (to === fault) history = config.state !== fault ? config.state : config.history;
  return { state: to, history, ended: false, recorded: record(model, config, exits) };
}

/**
 * The timers whose clocks run while the machine is in `state`, in timer order: the timeouts
 * of the state and of the states around it (rule S18), then the spanning timers whose set
 * holds it (rule S14).
 */
export function timersIn(model /*: Model */, state /*: number */) /*: number[] */ {
  const ids = [];
  for (let id = 0; id < model.timers.length; id++) {
    if (model.timers[id].states.some((s) => isWithin(model, state, s))) ids.push(id);
  }
  return ids;
}

/**
 * Rules S6 and S14 as one decision over the facts they read about a step and a timer: a
 * timer restarts only where it runs (`toIn`): when the step resets it, or when the step
 * entered its state; a spanning timer only when the step entered its set from outside.
 */
export function restartsTimer(
  spanning /*: boolean */,
  fromIn /*: boolean */,
  toIn /*: boolean */,
  entered /*: boolean */,
  reset /*: boolean */,
) /*: boolean */ {
  return toIn && (reset || (entered && !(spanning && fromIn)));
}

/**
 * Rule S6's reset: whether firing transition `id` restarts `timer`: the timers its
 * `restarts:` names, or, when it does not say, those whose `reset_by` lists its event.
 */
export function resets(model /*: Model */, id /*: number */, timer /*: number */) /*: boolean */ {
  const transition = model.transitions[id];
  if (transition.restarts !== null) return transition.restarts.includes(timer);
  // An eventless or completion transition has no event for `reset_by` to list.
  const event = transition.event;
  return event !== null && model.timers[timer].resetBy.includes(event);
}

/**
 * Rules S6 and S14: which timers of `to` start their clocks again after a step from `from`
 * (`restartsTimer` for each timer that runs in `to`, `resets` for the transition that fired,
 * if any).
 */
export function restarts(
  model /*: Model */,
  from /*: number */,
  to /*: number */,
  entries /*: readonly number[] */,
  fired /*: number | null */,
) /*: number[] */ {
  return timersIn(model, to).filter((id) => {
    const timer = model.timers[id];
    const reset = fired !== null && resets(model, fired, id);
    // Rule S18: a state's timer counts as entered when its state is among the entries.
    const entered = timer.spanning ? entries.length > 0 : entries.includes(timer.states[0]);
    const fromIn = timer.states.some((s) => isWithin(model, from, s));
    return restartsTimer(timer.spanning, fromIn, true, entered, reset);
  });
}

/** Rules S2 to S6: an event fires the transition `select` picks. */
export function fire(model /*: Model */, config /*: Config */, event /*: number */, ask /*: Ask */) /*: Outcome */ {
  const selected = select(model, config.state, event, ask);
  if (!selected.ok) return selected;
  return take(model, config, selected.transition);
}

/**
 * Rules S4 to S6, S16 and S19: transition `id`, selected in `config`, fires: the machine
 * moves to the state `target` names; `enter` keeps the history and `restarts` says which
 * clocks start again.
 */
export function take(model /*: Model */, config /*: Config */, id /*: number */) /*: Outcome */ {
  const moved = target(model, config, id);
  if (moved === null) return { ok: false, refusal: { kind: "unknownHistory" } };
  const { to, exits, entries } = moved;
  const step /*: Step */ = {
    from: config.state,
    to,
    cause: { kind: "transition", transition: id },
    entered: entries.length > 0,
    restarts: restarts(model, config.state, to, entries, id),
    exits,
    entries,
    then: [],
  };
  return { ok: true, config: enter(model, config, to, exits), step };
}

/**
 * Rule S7: a timer of the current state expires (any other is refused). Its guards are asked
 * first, in order: when one fails the expiry is refused with that guard (and the timer stops
 * until its clock starts again, `refused` in clock.js). `to` moves the machine there
 * (entering it, rules S5 and S19), `recall` to a history state as a transition to it does; `end` ends the lifecycle (rule S9); `notify` changes nothing.
 */
export function expire(model /*: Model */, config /*: Config */, timer /*: number */, ask /*: Ask */) /*: Outcome */ {
  if (!timersIn(model, config.state).includes(timer)) {
    return { ok: false, refusal: { kind: "noTimeout" } };
  }
  const failed = firstFailing(model.timers[timer].guards, ask);
  if (failed !== undefined) return { ok: false, refusal: failedTest(failed) };
  const expiry = model.timers[timer].expiry;
  let next = config;
  let moved /*: { readonly exits: readonly number[]; readonly entries: readonly number[] } */ = { exits: [], entries: [] };
  // A state's timeout is written on its state; a spanning timer on none, so its move leaves
  // from wherever the machine is.
  const source = model.timers[timer].spanning ? config.state : model.timers[timer].states[0];
  if ("to" in expiry) {
    moved = exitsAndEntries(model, config.state, source, expiry.to);
    next = enter(model, config, descend(model, expiry.to), moved.exits);
  } else if ("recall" in expiry) {
    const recalled = recallMoves(model, config, source, expiry.recall);
    moved = recalled;
    next = enter(model, config, recalled.to, recalled.exits);
  } else if ("end" in expiry) {
    next = { ...config, ended: true };
  }
  const step /*: Step */ = {
    from: config.state,
    to: next.state,
    cause: { kind: "timeout", timer },
    entered: moved.entries.length > 0,
    restarts: restarts(model, config.state, next.state, moved.entries, null),
    exits: moved.exits,
    entries: moved.entries,
    then: [],
  };
  return { ok: true, config: next, step };
}

/**
 * Rule S8: a resolution leaves the fault state for `to`: the state it was entered from
 * (when known) or one of the fault's `resume_to` states. Anything else is refused.
 */
export function resumeTo(model /*: Model */, config /*: Config */, to /*: number */) /*: Outcome */ {
  const exit = transitionsFrom(model, config.state).find((id) => {
    const t = model.transitions[id];
    if (t.origin !== "faultExit") return false;
    if (t.to === "history") return config.history === to;
    return t.to === to;
  });
  if (exit === undefined) return { ok: false, refusal: { kind: "cannotResumeTo", state: to } };
  const into = descend(model, to);
  const { exits, entries } = exitsAndEntries(model, config.state, config.state, to);
  const step /*: Step */ = {
    from: config.state,
    to: into,
    cause: { kind: "transition", transition: exit },
    entered: true,
    restarts: restarts(model, config.state, into, entries, null),
    exits,
    entries,
    then: [],
  };
  return { ok: true, config: enter(model, config, into, exits), step };
}

/**
 * Advances the machine by one input (`machine_core::semantics::step`): applies `input` to
 * `config`: the next configuration and the step taken, with the automatic steps it led to
 * (`settle`, rules S20 and S21) in its `then`, or why the input was refused (the machine
 * then stays in `config`). Rule S9: once the lifecycle has ended, every input is refused.
 */
export function advance(model /*: Model */, config /*: Config */, input /*: Input */, ask /*: Ask */) /*: Outcome */ {
  if (config.ended) return { ok: false, refusal: { kind: "ended" } };
  const outcome = inputStep(model, config, input, ask);
  if (!outcome.ok) return outcome;
  const settled = settle(model, outcome.config, outcome.step, ask);
  if (!settled.ok) return settled;
  return { ok: true, config: settled.config, step: { ...outcome.step, then: settled.then } };
}

/** The step of `input` itself, before the automatic steps it leads to. */
function inputStep(model /*: Model */, config /*: Config */, input /*: Input */, ask /*: Ask */) /*: Outcome */ {
  switch (input.kind) {
    case "event":
      return fire(model, config, input.event, ask);
    case "expire":
      return expire(model, config, input.timer, ask);
    case "resumeTo":
      return resumeTo(model, config, input.state);
  }
}

/**
 * Rule S12: the actions a step runs, in order. When the step enters its target, the
 * source's `exit` actions, then the transition's (or the expired timer's), then the target's
 * `entry` actions; otherwise only the transition's or timer's own.
 */
export function actions(model /*: Model */, step /*: Step */) /*: number[] */ {
  const groups = actionGroups(model, step);
  return [...groups.exit, ...groups.transition, ...groups.entry];
}

/**
 * Rules S12, S20 and S21: the actions an accepted input runs: its step's (`actions`), then
 * those of each automatic step it led to (the step's `then`), in order.
 */
export function inputActions(model /*: Model */, step /*: Step */) /*: number[] */ {
  return [step, ...step.then].flatMap((s) => actions(model, s));
}

/** The actions of rule S12 in their three groups (empty lists for what the step does not run); `transition` holds a timer's own actions for an expiry. */
export function actionGroups(model /*: Model */, step /*: Step */) /*: { exit: number[]; transition: number[]; entry: number[] } */ {
  const cause = step.cause;
  const transition = cause.kind === "transition" ? [...model.transitions[cause.transition].actions] : [...model.timers[cause.timer].actions];
  // Rule S16: the exit actions of every state left (innermost first), the entry actions of
  // every state entered (outermost first).
  return {
    exit: step.exits.flatMap((s) => model.states[s].exit),
    transition,
    entry: step.entries.flatMap((s) => model.states[s].entry),
  };
}
