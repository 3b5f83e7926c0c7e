// Rules S5, S16, S19, S23, S24 and S27, the counterpart of `machine_core::semantics::micro`:
// one microstep. The transitions that fire together (one, or one per region of a parallel
// state) leave every active state inside their domains, innermost first and in reverse
// document order; the history of each compound state left is recorded; then the machine
// enters their targets, completed with the initial states of every region entered without
// one, outermost first and in document order. SCXML's `microstep`; without parallel states it
// leaves the one active state and the states around it up to the domain, and enters the
// states from below the domain down to the target.

/*::
// One move of a microstep (`micro::Move`): a transition written on `source` to `target` (a
// timeout's move as the transition its `to:` would be).
export type MicroMove = { readonly source: number; readonly target: TargetData };
// What a move leaves: nothing (`stays`: an internal move), or every active state inside its
// domain (null: the root).
export type Reach = "stays" | { readonly domain: number | null };
export type HistoryEffect = "remember" | "keep" | "forget";
*/

/**
 * Rules S16, S19 and S24: the domain of a move from `config`: the innermost compound state
 * strictly around its source and every state it targets; null (refused as `unknownHistory`,
 * rule S4) for a return to where the fault state was entered from when that is not known.
 */
export function domainOf(model /*: Model */, config /*: Config */, move /*: MicroMove */) /*: Reach | null */ {
  const target = move.target;
  if (target === "internal") return "stays";
  if (typeof target === "number") return { domain: lcca(model, move.source, [target]) };
  if (target === "history") return config.history === null ? null : { domain: lcca(model, move.source, config.history) };
  return { domain: recallDomain(model, move.source, model.histories[target.recall].state) };
}

/** Whether `state` lies strictly inside `domain` (null: the root). */
export function inside(model /*: Model */, state /*: number */, domain /*: number | null */) /*: boolean */ {
  return domain === null || (state !== domain && isWithin(model, state, domain));
}

/**
 * Rule S27: the microstep of `moves` (conflict-free, in the order selected) from `config`:
 * the configuration after it, the states left (innermost first) and entered (outermost
 * first); null (`unknownHistory`, rule S4) for a return to where the fault state was entered
 * from when that is not known.
 */
export function microstep(model /*: Model */, config /*: Config */, moves /*: readonly MicroMove[] */) /*: Moved | null */ {
  const domains /*: (readonly [MicroMove, number | null])[] */ = [];
  for (const move of moves) {
    const reach = domainOf(model, config, move);
    if (reach === null) return null;
    if (reach !== "stays") domains.push([move, reach.domain]);
  }
  const before = active(model, config.atoms);
  const left = (s /*: number */) => domains.some(([, d]) => inside(model, s, d));
  const exits = before.filter(left).reverse();
  // Rule S19: every state left records its history before a history is read.
  const recorded = record(model, config, exits);
  const targets /*: number[] */ = [];
  for (const [move] of domains) {
    const target = move.target;
    if (typeof target === "number") targets.push(target);
    else if (target === "history") targets.push(...(config.history === null ? [] : config.history));
    else if (typeof target === "object") targets.push(...recall(model, recorded, target.recall));
  }
  const kept = config.atoms.filter((a) => !left(a));
  const atoms = complete(model, kept, null, targets);
  const entries = active(model, atoms).filter((s) => left(s) || !before.includes(s));
  const next /*: Config */ = { atoms, history: faultHistory(model, config, atoms), ended: false, recorded };
  return { config: next, exits, entries };
}

/**
 * Rule S5 as a decision over whether a move starts in the fault state and whether it ends
 * there: entering it from another state remembers that state (the history); staying in it
 * keeps it; moving anywhere else forgets it (`history_effect`).
 */
export function historyEffect(fromFault /*: boolean */, toFault /*: boolean */) /*: HistoryEffect */ {
  if (!toFault) return "forget";
  return fromFault ? "keep" : "remember";
}

/** Rule S5 (`historyEffect`): what the fault state remembers after a move from `config` to `atoms`. */
function faultHistory(model /*: Model */, config /*: Config */, atoms /*: readonly number[] */) /*: readonly number[] | null */ {
  const fault = model.fault === null ? null : model.fault.state;
  const isFault = (xs /*: readonly number[] */) => fault !== null && xs.length === 1 && xs[0] === fault;
  switch (historyEffect(isFault(config.atoms), isFault(atoms))) {
    case "remember":
      return config.atoms;
    case "keep":
      return config.history;
    case "forget":
      return null;
  }
}

/** The move transition `id` makes. */
export function moveOf(model /*: Model */, id /*: number */) /*: MicroMove */ {
  const t = model.transitions[id];
  return { source: t.from, target: t.to };
}

/**
 * Rules S26 and S27: the states transition `id` would leave from `config`: every active state
 * inside its domain; none for a transition without a target.
 */
export function exitSet(model /*: Model */, config /*: Config */, id /*: number */) /*: number[] */ {
  const reach = domainOf(model, config, moveOf(model, id));
  if (reach === null || reach === "stays") return [];
  return active(model, config.atoms).filter((s) => inside(model, s, reach.domain));
}

/**
 * Rule S6 with S27: the state whose inside a transition fired from `config` concerns (its
 * scope, with the states around it): its domain, or its source for a transition without a
 * target; null for the root (everything).
 */
export function scopeRoot(model /*: Model */, config /*: Config */, id /*: number */) /*: number | null */ {
  const move = moveOf(model, id);
  const reach = domainOf(model, config, move);
  if (reach === null) return null;
  return reach === "stays" ? move.source : reach.domain;
}
