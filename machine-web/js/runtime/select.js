// Rules S25 and S26, the counterpart of `machine_core::semantics::select`: which transitions
// an event (or, for rules S20 and S21, an automatic round) fires with parallel states active:
// one per region at most, without conflicts. Without parallel states this is rule S3's one
// transition.

/*::
export type Enabled = { readonly ok: true; readonly transitions: number[] } | { readonly ok: false; readonly refusal: Refusal };
*/

/**
 * Rule S25: the transitions with `trigger` (and `event`, null for `always` and `done`)
 * enabled in `config`. For each active atomic state in document order, the first of its
 * candidates and those of the states around it, innermost first, whose guards pass (rules
 * S2, S3 and S15); a transition reached from several atomic states is kept once. Guards are
 * asked as SCXML asks them: the walk from a later atomic state may ask a guard again. When
 * none is enabled the refusal is the first an atomic state gives, in document order: a guard
 * that failed, else `noTransition`.
 */
export function enabled(model /*: Model */, config /*: Config */, trigger /*: TriggerKind */, event /*: number | null */, ask /*: Ask */) /*: Enabled */ {
  const found /*: number[] */ = [];
  let refusal /*: Refusal */ = { kind: "noTransition" };
  for (const atom of config.atoms) {
    const selected = firstPassing(model, triggered(model, atom, trigger, event), ask);
    if (selected.ok) {
      if (!found.includes(selected.transition)) found.push(selected.transition);
    } else if (refusal.kind === "noTransition") {
      refusal = selected.refusal;
    }
  }
  if (found.length === 0) return { ok: false, refusal };
  return { ok: true, transitions: withoutConflicts(model, config, found) };
}

/**
 * Rule S26 (SCXML's `removeConflictingTransitions`): of `enabled`, in the order selected, the
 * transitions that fire together. Two conflict when the states they leave overlap (a
 * transition without a target leaves nothing, so never conflicts). The later one is dropped,
 * unless its source lies inside the earlier one's: then the earlier one is (the innermost
 * wins, as in rule S2).
 */
export function withoutConflicts(model /*: Model */, config /*: Config */, enabled /*: readonly number[] */) /*: number[] */ {
  if (enabled.length < 2) return [...enabled];
  let kept /*: (readonly [number, number[]])[] */ = [];
  for (const t1 of enabled) {
    const exits1 = exitSet(model, config, t1);
    const source1 = model.transitions[t1].from;
    const dropped /*: number[] */ = [];
    let preempted = false;
    for (const [i, [t2, exits2]] of kept.entries()) {
      if (!exits1.some((s) => exits2.includes(s))) continue;
      const source2 = model.transitions[t2].from;
      if (source1 !== source2 && isWithin(model, source1, source2)) {
        dropped.push(i);
      } else {
        preempted = true;
        break;
      }
    }
    if (!preempted) {
      kept = kept.filter((_, i) => !dropped.includes(i));
      kept.push([t1, exits1]);
    }
  }
  return kept.map(([id]) => id);
}
