// What a machine does: rules S1 to S9, S12 and S15 of the spec language's semantics, one
// small function per rule, each the counterpart of the function of the same name in
// `machine_core::semantics` (the differential tests hold the two equal, step by step). The
// configuration is in config.js (S22), the tree in tree.js, the selection of rules S25 and
// S26 in select.js, the microstep of S27 in micro.js, the clocks a step restarts in
// restart.js, history states in history.js (S19, S29), automatic transitions in settle.js
// (S20, S21, S28).

/**
 * Rule S1: the actions starting a machine at its start number `index` runs: the `entry`
 * actions of its initial state and of every state around it, outermost first (in every
 * region, rule S23). A machine created in a state by other means runs none.
 */
export function startActions(model /*: Model */, index /*: number */) /*: number[] */ {
  return active(model, start(model, index).atoms).flatMap((s) => model.states[s].entry);
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

/** Rules S2 to S6 and S25: an event fires the transitions `enabled` picks (one, without parallel states), which move the machine as `takeAll` says. */
export function fire(model /*: Model */, config /*: Config */, event /*: number */, ask /*: Ask */) /*: Outcome */ {
  const selected = enabled(model, config, "event", event, ask);
  if (!selected.ok) return selected;
  return takeAll(model, config, selected.transitions);
}

/** Rules S4 to S6, S16 and S19: transition `id`, selected in `config`, fires alone (`takeAll`). */
export function take(model /*: Model */, config /*: Config */, id /*: number */) /*: Outcome */ {
  return takeAll(model, config, [id]);
}

/**
 * Rules S4 to S6, S16, S19 and S27: the transitions `ids` (at least one, conflict-free, in the
 * order selected) fire together in `config`, in one microstep (`microstep`); `restartsConfig`
 * says which clocks start again.
 */
export function takeAll(model /*: Model */, config /*: Config */, ids /*: readonly number[] */) /*: Outcome */ {
  const [first, ...also] = ids;
  if (first === undefined) return { ok: false, refusal: { kind: "noTransition" } };
  const moved = microstep(model, config, ids.map((id) => moveOf(model, id)));
  if (moved === null) return { ok: false, refusal: { kind: "unknownHistory" } };
  const step /*: Step */ = {
    from: stateOf(model, config),
    to: stateOf(model, moved.config),
    cause: { kind: "transition", transition: first },
    also,
    atoms: moved.config.atoms,
    entered: moved.entries.length > 0,
    restarts: restartsConfig(model, config, moved.config.atoms, moved.entries, ids),
    exits: moved.exits,
    entries: moved.entries,
    then: [],
  };
  return { ok: true, config: moved.config, step };
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
 * The timers whose clocks run while the machine is in every one of `atoms` (a configuration,
 * rule S22): `timersIn` of each, each timer once, in timer order.
 */
export function timersInAll(model /*: Model */, atoms /*: readonly number[] */) /*: number[] */ {
  const ids = new Set(atoms.flatMap((a) => timersIn(model, a)));
  return [...ids].sort((a, b) => a - b);
}

/**
 * Rule S7: a timer of the current configuration expires (any other is refused). Its guards
 * are asked first, in order: when one fails the expiry is refused with that guard (and the
 * timer stops until its clock starts again, `refused` in clock.js). `to` moves the machine
 * there (entering it like a transition written on the timer's state, rule S5), `recall` to a
 * history state as a transition to it does (S19); `end` ends the lifecycle (rule S9);
 * `notify` changes nothing.
 */
export function expire(model /*: Model */, config /*: Config */, timer /*: number */, ask /*: Ask */) /*: Outcome */ {
  const from = stateOf(model, config);
  if (!timersInAll(model, config.atoms).includes(timer)) {
    return { ok: false, refusal: { kind: "noTimeout" } };
  }
  const t = model.timers[timer];
  const failed = firstFailing(t.guards, ask);
  if (failed !== undefined) return { ok: false, refusal: failedTest(failed) };
  const expiry = t.expiry;
  // A spanning timer is written on no one state: its move leaves from where the machine is.
  const source = t.spanning ? from : t.states[0];
  const target /*: TargetData | null */ = "to" in expiry ? expiry.to : "recall" in expiry ? { recall: expiry.recall } : null;
  let next = config;
  let moved /*: { readonly exits: readonly number[]; readonly entries: readonly number[] } */ = { exits: [], entries: [] };
  let restarts /*: number[] */ = [];
  if (target !== null) {
    const micro = microstep(model, config, [{ source, target }]);
    if (micro === null) return { ok: false, refusal: { kind: "unknownHistory" } };
    next = micro.config;
    moved = micro;
    restarts = restartsConfig(model, config, micro.config.atoms, micro.entries, []);
  } else {
    // Nothing is entered and no transition fired: no clock starts again.
    next = { ...config, ended: "end" in expiry || config.ended };
  }
  const step /*: Step */ = {
    from,
    to: stateOf(model, next),
    cause: { kind: "timeout", timer },
    also: [],
    atoms: next.atoms,
    entered: moved.entries.length > 0,
    restarts,
    exits: moved.exits,
    entries: moved.entries,
    then: [],
  };
  return { ok: true, config: next, step };
}

/**
 * Rule S8: a resolution leaves the fault state for `to`: the state it was entered from (when
 * known: the summary of the configuration it was entered from) or one of the fault's
 * `resume_to` states. Outside the fault state nothing can be resumed.
 */
export function resumeTo(model /*: Model */, config /*: Config */, to /*: number */) /*: Outcome */ {
  const refused /*: Outcome */ = { ok: false, refusal: { kind: "cannotResumeTo", state: to } };
  const [here, ...others] = config.atoms;
  if (here === undefined || others.length > 0) return refused;
  const exit = transitionsFrom(model, here).find((id) => {
    const t = model.transitions[id];
    if (t.origin !== "faultExit") return false;
    if (t.to === "history") return config.history !== null && summary(model, config.history) === to;
    return t.to === to;
  });
  if (exit === undefined) return refused;
  const target = model.transitions[exit].to === "history" ? "history" : to;
  const moved = microstep(model, config, [{ source: here, target }]);
  if (moved === null) return { ok: false, refusal: { kind: "unknownHistory" } };
  const step /*: Step */ = {
    from: here,
    to: stateOf(model, moved.config),
    cause: { kind: "transition", transition: exit },
    also: [],
    atoms: moved.config.atoms,
    entered: true,
    // A resolution is not an event: no `reset_by` applies.
    restarts: restartsConfig(model, config, moved.config.atoms, moved.entries, []),
    exits: moved.exits,
    entries: moved.entries,
    then: [],
  };
  return { ok: true, config: moved.config, step };
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
 * Rules S12 and S27: the actions a step runs, in order: the `exit` actions of the states it
 * leaves (innermost first), then the transition's (or the expired timer's) and those of the
 * transitions that fired with it (in the order selected), then the `entry` actions of the
 * states it enters (outermost first). A step that enters nothing (an internal transition, a
 * `notify` or `end` expiry) runs only the transition's or timer's own.
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

/**
 * The actions of rule S12 in their three groups (empty lists for what the step does not
 * run); `transition` holds a timer's own actions for an expiry, and those of every transition
 * that fired with the cause (rule S27).
 */
export function actionGroups(model /*: Model */, step /*: Step */) /*: { exit: number[]; transition: number[]; entry: number[] } */ {
  const cause = step.cause;
  const own = cause.kind === "transition" ? model.transitions[cause.transition].actions : model.timers[cause.timer].actions;
  const transition = [...own, ...step.also.flatMap((id) => model.transitions[id].actions)];
  // Rule S16: the exit actions of every state left (innermost first), the entry actions of
  // every state entered (outermost first).
  return {
    exit: step.exits.flatMap((s) => model.states[s].exit),
    transition,
    entry: step.entries.flatMap((s) => model.states[s].entry),
  };
}
