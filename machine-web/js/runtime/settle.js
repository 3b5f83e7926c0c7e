// Rules S20 and S21, the counterpart of `machine_core::semantics::settle`: after the step of
// an input, the machine takes its automatic transitions until none is enabled. An eventless
// transition (`always: true`) is taken as soon as its guards hold; the completion of a
// compound state (`done: true`) once a step has entered a final state directly inside it.
// SCXML's macrostep, without parallel states: eventless transitions first, then the
// completions in the order they happened, each on its own, with the eventless transitions
// tried again after every step.

/*::
export type Settled =
  | { readonly ok: true; readonly config: Config; readonly then: Step[] }
  | { readonly ok: false; readonly refusal: Refusal };
*/

/**
 * Rule S21's bound: how many automatic steps one input may lead to; an input that would take
 * more is refused (`unsettled`). The model carries it (`machine_core::semantics::settle_bound`).
 */
export function settleBound(model /*: Model */) /*: number */ {
  return model.settleBound;
}

/**
 * Rule S20: the compound state a step completes: the parent of the final state it entered,
 * if it entered one (a final state is atomic, so it is the step's `to`); null otherwise.
 */
export function completed(model /*: Model */, step /*: Step */) /*: number | null */ {
  const entries = step.entries;
  const enteredFinal = entries.length > 0 && entries[entries.length - 1] === step.to && model.states[step.to].final;
  return enteredFinal ? model.states[step.to].parent : null;
}

/**
 * Rules S20 and S21: the automatic steps that follow `first`, which led to `config`, and the
 * configuration the machine settles in. Each round tries the eventless transitions of the
 * current atomic state and of the states around it, innermost first (rule S2's order, S3's
 * guards); when none is taken, the oldest pending completion whose compound state the machine
 * is still in fires the first of its `done` transitions whose guards hold (a completion whose
 * state was left, or whose transitions' guards fail, is dropped). It stops when neither is
 * left, or at an `end` expiry. A round that would exceed `settleBound` refuses the input
 * (`unsettled`).
 */
export function settle(model /*: Model */, config /*: Config */, first /*: Step */, ask /*: Ask */) /*: Settled */ {
  const pending /*: number[] */ = [];
  const done = completed(model, first);
  if (done !== null) pending.push(done);
  const then /*: Step[] */ = [];
  const bound = settleBound(model);
  let now = config;
  while (!now.ended) {
    let id = eventless(model, now, ask);
    if (id === null) id = completion(model, now, pending, ask);
    if (id === null) break;
    if (then.length === bound) return { ok: false, refusal: { kind: "unsettled" } };
    const taken = take(model, now, id);
    if (!taken.ok) return taken;
    const next = completed(model, taken.step);
    if (next !== null) pending.push(next);
    then.push(taken.step);
    now = taken.config;
  }
  return { ok: true, config: now, then };
}

/** Rule S21: the eventless transition taken in `config`, if one is enabled; null otherwise. */
export function eventless(model /*: Model */, config /*: Config */, ask /*: Ask */) /*: number | null */ {
  const selected = firstPassing(model, triggered(model, config.state, "always", null), ask);
  return selected.ok ? selected.transition : null;
}

/**
 * Rule S20: the completion transition the oldest pending completion fires (taken off
 * `pending`); completions of states the machine has left since, or with no transition whose
 * guards hold, are dropped. Null when none fires.
 */
export function completion(model /*: Model */, config /*: Config */, pending /*: number[] */, ask /*: Ask */) /*: number | null */ {
  for (let compound = pending.shift(); compound !== undefined; compound = pending.shift()) {
    if (!isWithin(model, config.state, compound)) continue;
    const candidates = transitionsFrom(model, compound).filter((id) => model.transitions[id].trigger === "done");
    const selected = firstPassing(model, candidates, ask);
    if (selected.ok) return selected.transition;
  }
  return null;
}
