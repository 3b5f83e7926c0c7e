// Rule S19: history states, the counterpart of `machine_core::semantics::history`. When a
// step leaves a compound state that has a history state, the machine records the atomic
// state it was in; a transition to the history state goes back there (deep), or to the state
// directly inside the compound state that held it, entered down to its initial state
// (shallow); when nothing was recorded, to the history's default. SCXML's history, without
// parallel states: the one atomic state recorded serves both kinds.

/** Whether some history state records where the machine was inside `state`. */
export function hasHistory(model /*: Model */, state /*: number */) /*: boolean */ {
  return model.histories.some((h) => h.state === state);
}

/** What `recorded` remembers of compound state `state`: the atomic state it was in when it last left it, or null. */
export function recordedAtom(recorded /*: Recorded */, state /*: number */) /*: number | null */ {
  const found = recorded.find(([compound]) => compound === state);
  return found === undefined ? null : found[1];
}

/**
 * Rule S19: what the machine remembers after a step from `config` that leaves `exits`: for
 * every compound state among them with a history state, the atomic state the machine was in
 * (`config.state`), replacing what was remembered before; the rest stays. Sorted by the
 * compound state.
 */
export function record(model /*: Model */, config /*: Config */, exits /*: readonly number[] */) /*: Recorded */ {
  const recorded /*: (readonly [number, number])[] */ = [...config.recorded];
  for (const left of exits) {
    if (!hasHistory(model, left)) continue;
    const at = recorded.findIndex(([compound]) => compound >= left);
    if (at < 0) recorded.push([left, config.state]);
    else recorded.splice(at, recorded[at][0] === left ? 1 : 0, [left, config.state]);
  }
  return recorded;
}

/**
 * Rule S19: the state without children a transition to history state number `history`
 * enters, given what the machine remembers (`recorded`, as `record` keeps it).
 */
export function recall(model /*: Model */, recorded /*: Recorded */, history /*: number */) /*: number */ {
  const h = model.histories[history];
  const atom = recordedAtom(recorded, h.state);
  if (atom === null) return descend(model, h.default);
  if (h.deep) return atom;
  // The state directly inside the compound state that holds the atom.
  const child = selfAndAncestors(model, atom).find((s) => model.states[s].parent === h.state);
  return descend(model, child === undefined ? atom : child);
}

/**
 * Rules S19 and S16: the domain of a transition written on `source` that goes to a history
 * state of `state`: the innermost state strictly around `source` that holds the history
 * state, so `state` itself when `source` lies inside it (the compound state is not left), and
 * a state around `state` otherwise (it is left, and entered again); null for the root.
 */
export function recallDomain(model /*: Model */, source /*: number */, state /*: number */) /*: number | null */ {
  return selfAndAncestors(model, source).slice(1).find((a) => isWithin(model, state, a)) ?? null;
}

/**
 * Rules S19 and S16: a step from the active state of `config` by a transition written on
 * `source` to history state number `history`: the state it ends in, the states it leaves
 * (innermost first) and enters (outermost first). The states left are recorded before the
 * history is read, as SCXML does: a transition from a compound state to its own history
 * leaves it and comes back where it was.
 */
export function recallMoves(model /*: Model */, config /*: Config */, source /*: number */, history /*: number */) /*: Moved */ {
  const d = recallDomain(model, source, model.histories[history].state);
  // The states left do not depend on where the history leads.
  const { exits } = movesTo(model, config.state, d, config.state);
  const to = recall(model, record(model, config, exits), history);
  return { to, exits, entries: entered(model, d, to) };
}
