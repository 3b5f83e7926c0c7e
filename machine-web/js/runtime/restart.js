// Rules S6, S14, S18 and S27: which clocks a step starts again. The counterpart of
// `machine_core::semantics::restart`.

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
 * Rule S6's reset: whether firing transition `id` restarts `timer` (where the timer runs):
 * the timers its `restarts:` names, or, when it does not say, those whose `reset_by` lists
 * its event.
 */
export function resets(model /*: Model */, id /*: number */, timer /*: number */) /*: boolean */ {
  const transition = model.transitions[id];
  if (transition.restarts !== null) return transition.restarts.includes(timer);
  // An eventless or completion transition has no event for `reset_by` to list.
  const event = transition.event;
  return event !== null && model.timers[timer].resetBy.includes(event);
}

/**
 * Rules S6, S14, S18 and S27 for a microstep from `before` to the configuration `atoms`,
 * which entered `entries`, by the transitions `fired` (none for an expiry or a resolution): a
 * transition's `reset_by` or `restarts:` acts on the timers of the states it concerns, its
 * scope (`scopeRoot`): the states inside its domain (inside its source, for an internal
 * transition) and the states around that. Without parallel states every running timer is in
 * scope.
 */
export function restartsConfig(
  model /*: Model */,
  before /*: Config */,
  atoms /*: readonly number[] */,
  entries /*: readonly number[] */,
  fired /*: readonly number[] */,
) /*: number[] */ {
  const inScope = (id /*: number */, timer /*: number */) => {
    const t = model.timers[timer];
    if (t.spanning) return true;
    const home = t.states[0];
    const root = scopeRoot(model, before, id);
    return root === null || isWithin(model, home, root) || isWithin(model, root, home);
  };
  return restartsAmong(model, stateOf(model, before), timersInAll(model, atoms), entries, (timer) =>
    fired.some((id) => resets(model, id, timer) && inScope(id, timer)),
  );
}

/**
 * Rules S6, S14 and S18: which of the timers `running` after a step from `from` that entered
 * `entries` start their clocks again (`restartsTimer` for each, `reset` saying whether a
 * transition that fired resets it), in timer order. A state's timer counts as entered when
 * its state is among `entries`; a spanning timer when the step entered anything, and its set
 * is entered from outside when `from` lies outside every state of the set.
 */
function restartsAmong(
  model /*: Model */,
  from /*: number */,
  running /*: readonly number[] */,
  entries /*: readonly number[] */,
  reset /*: (timer: number) => boolean */,
) /*: number[] */ {
  return running.filter((id) => {
    const timer = model.timers[id];
    const entered = timer.spanning ? entries.length > 0 : entries.includes(timer.states[0]);
    const fromIn = timer.states.some((s) => isWithin(model, from, s));
    return restartsTimer(timer.spanning, fromIn, true, entered, reset(id));
  });
}
