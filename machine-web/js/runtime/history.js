// Rules S19 and S29: history states, the counterpart of `machine_core::semantics::history`.
// When a step leaves a compound state that has a history state, the machine records the
// atomic states it was in inside it; a transition to the history state goes back there
// (deep), or to the states directly inside the compound state that held them, each entered
// down to its initial state (shallow); when nothing was recorded, to the history's default.
// SCXML's history: with parallel states a record holds a state of each region.

/** Whether some history state records where the machine was inside `state`. */
export function hasHistory(model /*: Model */, state /*: number */) /*: boolean */ {
  return model.histories.some((h) => h.state === state);
}

/** What `recorded` remembers of compound state `state`: the atomic states it was in when it last left it, or null. */
export function recordedAtoms(recorded /*: Recorded */, state /*: number */) /*: readonly number[] | null */ {
  const found = recorded.find(([compound]) => compound === state);
  return found === undefined ? null : found[1];
}

/**
 * Rules S19 and S29: what the machine remembers after a step from `config` that leaves
 * `exits`: for every compound state among them with a history state, the atomic states the
 * machine was in inside it, replacing what was remembered before; the rest stays. Sorted by
 * the compound state.
 */
export function record(model /*: Model */, config /*: Config */, exits /*: readonly number[] */) /*: Recorded */ {
  const recorded /*: (readonly [number, readonly number[]])[] */ = [...config.recorded];
  for (const left of exits) {
    if (!hasHistory(model, left)) continue;
    const inside = config.atoms.filter((a) => isWithin(model, a, left));
    const at = recorded.findIndex(([compound]) => compound >= left);
    if (at < 0) recorded.push([left, inside]);
    else recorded.splice(at, recorded[at][0] === left ? 1 : 0, [left, inside]);
  }
  return recorded;
}

/**
 * Rules S19 and S29: the states a transition to history state number `history` enters, given
 * what the machine remembers (`recorded`, as `record` keeps it), each down to its defaults
 * (`defaultAtoms`): the atomic states it goes to, in document order.
 */
export function recall(model /*: Model */, recorded /*: Recorded */, history /*: number */) /*: number[] */ {
  const h = model.histories[history];
  const atoms = recordedAtoms(recorded, h.state);
  if (atoms === null) return defaultAtoms(model, h.default);
  if (h.deep) return [...atoms];
  // The states directly inside the compound state that hold the atoms.
  const held = atoms.map((atom) => {
    const child = selfAndAncestors(model, atom).find((s) => model.states[s].parent === h.state);
    return child === undefined ? atom : child;
  });
  return held.filter((c, i) => i === 0 || held[i - 1] !== c).flatMap((c) => defaultAtoms(model, c));
}

/**
 * Rules S19, S16 and S24: the domain of a transition written on `source` that goes to a
 * history state of `state`: the innermost compound state strictly around `source` that holds
 * the history state, so `state` itself when `source` lies inside it (the compound state is
 * not left), and a state around `state` otherwise (it is left, and entered again); null for
 * the root. A parallel state is never a domain (rule S24).
 */
export function recallDomain(model /*: Model */, source /*: number */, state /*: number */) /*: number | null */ {
  const found = ancestors(model, source).find((a) => !isParallel(model, a) && isWithin(model, state, a));
  return found === undefined ? null : found;
}
