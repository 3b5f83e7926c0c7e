// Rules S20, S21 and S28, the counterpart of `machine_core::semantics::settle`: after the
// step of an input, the machine takes its automatic transitions until none is enabled. An
// eventless transition (`always: true`) is taken as soon as its guards hold; the completion
// of a compound state (`done: true`) once a step has entered a final state directly inside it
// (a parallel state's once each of its regions has, rule S28). SCXML's macrostep: eventless
// transitions first (together, one per region), then the completions in the order they
// happened, each on its own, with the eventless transitions tried again after every step.

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
 * Rules S20 and S28: the states a step completes, in the order they complete: the parent of
 * each final state it entered, in entry order, each followed by the parallel state around
 * that parent when every region of it is then in a final state.
 */
export function completed(model /*: Model */, step /*: Step */) /*: number[] */ {
  return completedEntering(model, step.atoms, step.entries);
}

/** Rules S20 and S28: the states a step that ends in `atoms`, having entered `entries`, completes (`completed`). */
function completedEntering(model /*: Model */, atoms /*: readonly number[] */, entries /*: readonly number[] */) /*: number[] */ {
  const isFinal = (s /*: number */) => model.states[s].final;
  // The final states the machine is in, as the step enters them one by one.
  const finals = atoms.filter((a) => isFinal(a) && !entries.includes(a));
  const done /*: number[] */ = [];
  for (const entered of entries.filter(isFinal)) {
    finals.push(entered);
    const compound = model.states[entered].parent;
    if (compound === null) continue;
    done.push(compound);
    const parallel = model.states[compound].parent;
    if (parallel === null || !isParallel(model, parallel)) continue;
    if (children(model, parallel).every((region) => finals.some((f) => model.states[f].parent === region))) done.push(parallel);
  }
  return done;
}

/**
 * Rules S20, S21 and S28: the automatic transitions that can start the automatic steps after
 * a step that ends in the configuration `atoms` and completes `completed`: the eventless
 * transitions of each atomic state (and of the states around it), then the `done`
 * transitions of the completed states. When there are none, the machine settles at once,
 * whatever the guards.
 */
function automaticIn(model /*: Model */, atoms /*: readonly number[] */, completed /*: readonly number[] */) /*: number[] */ {
  const completions = completed.flatMap((c) => transitionsFrom(model, c)).filter((id) => model.transitions[id].trigger === "done");
  return [...atoms.flatMap((atom) => triggered(model, atom, "always", null)), ...completions];
}

/**
 * Rules S20, S21 and S28: the automatic steps that follow `first`, which led to `config`, and
 * the configuration the machine settles in. Each round selects the eventless transitions
 * enabled in the configuration as an event's are (rules S25 and S26: at most one per region)
 * and takes them together; when none is enabled, the oldest pending completion whose state
 * the machine is still in fires the first of its `done` transitions whose guards hold (a
 * completion whose state was left, or whose transitions' guards fail, is dropped). It stops
 * when neither is left, or at an `end` expiry. A round that would exceed `settleBound`
 * refuses the input (`unsettled`).
 */
export function settle(model /*: Model */, config /*: Config */, first /*: Step */, ask /*: Ask */) /*: Settled */ {
  const pending = completed(model, first);
  if (automaticIn(model, config.atoms, pending).length === 0) return { ok: true, config, then: [] };
  const then /*: Step[] */ = [];
  const bound = settleBound(model);
  let now = config;
  while (!now.ended) {
    const eventless = enabled(model, now, "always", null, ask);
    let ids = eventless.ok ? eventless.transitions : [];
    if (ids.length === 0) {
      const id = completion(model, now, pending, ask);
      if (id !== null) ids = [id];
    }
    if (ids.length === 0) break;
    if (then.length === bound) return { ok: false, refusal: { kind: "unsettled" } };
    const taken = takeAll(model, now, ids);
    if (!taken.ok) return taken;
    pending.push(...completed(model, taken.step));
    then.push(taken.step);
    now = taken.config;
  }
  return { ok: true, config: now, then };
}

/**
 * Rule S20: the completion transition the oldest pending completion fires (taken off
 * `pending`); completions of states the machine has left since, or with no transition whose
 * guards hold, are dropped. Null when none fires.
 */
export function completion(model /*: Model */, config /*: Config */, pending /*: number[] */, ask /*: Ask */) /*: number | null */ {
  for (let compound = pending.shift(); compound !== undefined; compound = pending.shift()) {
    if (!isInConfig(model, config, compound)) continue;
    const candidates = transitionsFrom(model, compound).filter((id) => model.transitions[id].trigger === "done");
    const selected = firstPassing(model, candidates, ask);
    if (selected.ok) return selected.transition;
  }
  return null;
}
