// Rule S22: a machine's configuration, the atomic states it is in. The counterpart of
// `machine_core::semantics::Config` (`config.rs`).

/**
 * Rules S1 and S23: a lifecycle begins in the state of its start number `index`, entered as
 * a transition enters it (in every region of a parallel state), with no history.
 */
export function start(model /*: Model */, index /*: number */) /*: Config */ {
  return polled(model, model.starts[index].state);
}

/** A machine known only by its atomic state (outside parallel states): no history, nothing recorded. */
export function at(state /*: number */) /*: Config */ {
  return { atoms: [state], history: null, ended: false, recorded: [] };
}

/**
 * Rules S17 and S23 for a machine known only by the state a status poll reported: a compound
 * state is entered down to its initial state, and every region of a parallel state around it
 * or inside it at its initial state, as a transition to it would be (`Config::polled`).
 */
export function polled(model /*: Model */, state /*: number */) /*: Config */ {
  return { ...at(state), atoms: complete(model, [], null, [state]) };
}

/**
 * Rule S22: the configuration's summary, the innermost state around all its atomic states
 * (`Config::state`): the one atomic state when no parallel state is active.
 */
export function stateOf(model /*: Model */, config /*: Config */) /*: number */ {
  return summary(model, config.atoms);
}

/** Rule S22: the innermost state around all of `atoms` (the atom itself when there is one). */
export function summary(model /*: Model */, atoms /*: readonly number[] */) /*: number */ {
  const [first, ...rest] = atoms;
  if (rest.length === 0) return first;
  const around = ancestors(model, first).find((a) => rest.every((s) => isWithin(model, s, a)));
  return around === undefined ? first : around;
}

/** Whether the machine is in `state`: one of its atomic states is `state` or lies inside it (`Config::is_in`). */
export function isInConfig(model /*: Model */, config /*: Config */, state /*: number */) /*: boolean */ {
  return config.atoms.some((a) => isWithin(model, a, state));
}

/**
 * While in the fault state: the summary of the configuration it was entered from, when known
 * (`Config::faulted_from`); null otherwise.
 */
export function faultedSummary(model /*: Model */, config /*: Config */) /*: number | null */ {
  return config.history === null ? null : summary(model, config.history);
}

/**
 * A machine in the fault state, entered from `from` (completed as a status poll is, by rule
 * S23); null when `from` is not a state the fault state is entered from.
 */
export function faulted(model /*: Model */, from /*: number */) /*: Config | null */ {
  const fault = model.fault;
  if (fault === null || !fault.sources.includes(from)) return null;
  return { atoms: [fault.state], history: complete(model, [], null, [from]), ended: false, recorded: [] };
}

/** Every state a machine in `atoms` is in: the atoms and the states around them, in document order. */
export function active(model /*: Model */, atoms /*: readonly number[] */) /*: number[] */ {
  const states = new Set(atoms.flatMap((a) => selfAndAncestors(model, a)));
  return [...states].sort((a, b) => a - b);
}
