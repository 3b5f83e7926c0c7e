// The tree of states as the rules read it: the counterpart of the tree queries of
// `machine_core::model` (`Model::self_and_ancestors`, `descend`, `is_parallel`,
// `default_atoms`, `complete`) and of `machine_core::semantics::tree` (rules S16, S17 and S22
// to S24: `domain`, `lcca`).

/** `state`, then its ancestors outwards: the states a machine in `state` is in. */
export function selfAndAncestors(model /*: Model */, state /*: number */) /*: number[] */ {
  const chain = [state];
  for (let s = model.states[state].parent; s !== null; s = model.states[s].parent) chain.push(s);
  return chain;
}

/** The states around `state`, innermost first (`state` itself left out). */
export function ancestors(model /*: Model */, state /*: number */) /*: number[] */ {
  return selfAndAncestors(model, state).slice(1);
}

/** Whether `state` is `ancestor` or lies inside it. */
export function isWithin(model /*: Model */, state /*: number */, ancestor /*: number */) /*: boolean */ {
  return selfAndAncestors(model, state).includes(ancestor);
}

/** The states directly inside `parent` (null: the top level), in document order. */
export function children(model /*: Model */, parent /*: number | null */) /*: number[] */ {
  const inside = [];
  for (let s = 0; s < model.states.length; s++) if (model.states[s].parent === parent) inside.push(s);
  return inside;
}

/** Rule S17: the state without children entering `state` leads to (its `initial` chain). */
export function descend(model /*: Model */, state /*: number */) /*: number */ {
  let at = state;
  for (let initial = model.states[at].initial; initial !== null; initial = model.states[at].initial) at = initial;
  return at;
}

/** Rule S22: whether `state` is a parallel state (its children are regions, all active at once). */
export function isParallel(model /*: Model */, state /*: number */) /*: boolean */ {
  return model.states[state].parallel;
}

/** Whether the spec has a parallel state. */
export function hasParallel(model /*: Model */) /*: boolean */ {
  return model.states.some((s) => s.parallel);
}

/** The parallel states around `state`, innermost first (`state` itself included). */
export function parallelAround(model /*: Model */, state /*: number */) /*: number[] */ {
  return selfAndAncestors(model, state).filter((s) => isParallel(model, s));
}

/**
 * Rules S17 and S23: the states without children the machine is in after entering `state`
 * from outside it: `descend`'s one state, or, through a parallel state, the initial state of
 * each of its regions, in document order.
 */
export function defaultAtoms(model /*: Model */, state /*: number */) /*: number[] */ {
  if (isParallel(model, state)) return children(model, state).flatMap((region) => defaultAtoms(model, region));
  const initial = model.states[state].initial;
  return initial === null ? [state] : defaultAtoms(model, initial);
}

/**
 * Rule S23: the configuration the machine is in after entering `targets` (each down to its
 * defaults) from outside `domain` (null: the root), the other states of the machine being
 * `kept` (atoms outside the domain, which stay): every parallel state entered on the way also
 * enters each region that holds no target, at its initial state. The atoms, in document order.
 */
export function complete(model /*: Model */, kept /*: readonly number[] */, domain /*: number | null */, targets /*: readonly number[] */) /*: number[] */ {
  const atoms = [...kept];
  for (const target of targets) {
    for (const atom of defaultAtoms(model, target)) if (!atoms.includes(atom)) atoms.push(atom);
  }
  // Regions of parallel states entered on the way (inside the domain) with no atom.
  const missing = () => {
    for (const atom of atoms) {
      const around = ancestors(model, atom);
      const end = domain === null ? -1 : around.indexOf(domain);
      for (const p of end < 0 ? around : around.slice(0, end)) {
        if (!isParallel(model, p)) continue;
        const region = children(model, p).find((r) => !atoms.some((x) => isWithin(model, x, r)));
        if (region !== undefined) return region;
      }
    }
    return null;
  };
  for (let region = missing(); region !== null; region = missing()) atoms.push(...defaultAtoms(model, region));
  return atoms.sort((a, b) => a - b);
}

/**
 * Rules S16 and S24: the domain of a transition written on `source` that goes to `targets`:
 * the innermost compound state strictly around `source` and every one of them (SCXML's least
 * common compound ancestor: a parallel state is never one); null for the root.
 */
export function lcca(model /*: Model */, source /*: number */, targets /*: readonly number[] */) /*: number | null */ {
  const found = ancestors(model, source).find((a) => !isParallel(model, a) && targets.every((t) => t !== a && isWithin(model, t, a)));
  return found === undefined ? null : found;
}

/** Rules S16 and S24: the domain of a transition written on `source` to `target` (`lcca` of one). */
export function domain(model /*: Model */, source /*: number */, target /*: number */) /*: number | null */ {
  return lcca(model, source, [target]);
}
