// Rules S10 and S13 (and the clock side of S14): when timers expire and which run. A Config
// holds no time; Clocks keep it, in seconds of a logical time that starts at 0, and count
// the accepted inputs. The counterpart of `machine_core::semantics::clock`.

/*::
export type Clock = { readonly timer: number; readonly since: number; readonly step: number; readonly expired: boolean };
export type Clocks = {
  readonly now: number;
  readonly steps: number;
  readonly ended: boolean;
  readonly timers: readonly Clock[];
  readonly durations: readonly (number | null)[];
};
export type Running = { readonly timer: number; readonly sinceStep: number };
export type Due = { readonly clocks: Clocks; readonly timer: number | null };
*/

/**
 * Clocks for a machine just created in `config`, at time 0 and step 0: the clocks of every
 * timer that runs there (in every region, rule S22). `durations` holds the values of the
 * named durations in seconds (null: no value, the timer never expires).
 */
export function newClocks(model /*: Model */, config /*: Config */, durations /*: readonly (number | null)[] */) /*: Clocks */ {
  const timers = timersInAll(model, config.atoms).map((timer) => ({ timer, since: 0, step: 0, expired: false }));
  return { now: 0, steps: 0, ended: false, timers, durations: [...durations] };
}

/**
 * Rule S13: follows an accepted input. It counts as one step; a timer that expired stops;
 * the timers of the new configuration that the step restarts start now (rules S6 and S14),
 * the others keep their clocks; an `end` expiry stops them all. The automatic steps that followed
 * it (rules S20 and S21, the step's `then`) belong to the same input: the same step number,
 * each restarting what it restarts in turn.
 */
export function applyStep(model /*: Model */, clocks /*: Clocks */, step /*: Step */) /*: Clocks */ {
  let next = { ...clocks, steps: clocks.steps + 1 };
  for (const micro of [step, ...step.then]) next = follow(model, next, micro);
  return next;
}

/** One step of an input (`applyStep`), without counting it. */
function follow(model /*: Model */, clocks /*: Clocks */, step /*: Step */) /*: Clocks */ {
  if (clocks.ended) return clocks;
  let old = clocks.timers;
  const cause = step.cause;
  if (cause.kind === "timeout") {
    old = old.map((c) => (c.timer === cause.timer ? { ...c, expired: true } : c));
    if ("end" in model.timers[cause.timer].expiry) {
      return { ...clocks, ended: true, timers: [] };
    }
  }
  const timers = timersInAll(model, step.atoms).map((timer) => {
    const fresh = { timer, since: clocks.now, step: clocks.steps, expired: false };
    if (step.restarts.includes(timer)) return fresh;
    return old.find((c) => c.timer === timer) || fresh;
  });
  return { ...clocks, timers };
}

/**
 * Rule S7: `timer` fell due and its expiry was refused, whatever the refusal (one of its
 * guards, or automatic steps that would not settle): it stops, as if it had expired, until its
 * clock starts again. The counterpart of `Clocks::refused`.
 */
export function refused(clocks /*: Clocks */, timer /*: number */) /*: Clocks */ {
  return { ...clocks, timers: clocks.timers.map((c) => (c.timer === timer ? { ...c, expired: true } : c)) };
}

/**
 * Rule S10: the first pair of named durations whose values (seconds by duration, null: no
 * value) break the order the spec declares with `shorter_than:`, as `[shorter, longer]`;
 * null when they keep it.
 */
export function misordered(model /*: Model */, durations /*: readonly (number | null)[] */) /*: [number, number] | null */ {
  for (let a = 0; a < model.durations.length; a++) {
    for (const b of model.durations[a].shorterThan) {
      const x = durations[a];
      const y = durations[b];
      if (x !== null && x !== undefined && y !== null && y !== undefined && x >= y) return [a, b];
    }
  }
  return null;
}

/** Rule S13: the timers whose clocks run, in timer order, each with the step it started at. */
export function running(clocks /*: Clocks */) /*: Running[] */ {
  if (clocks.ended) return [];
  return clocks.timers.filter((c) => !c.expired).map((c) => ({ timer: c.timer, sinceStep: c.step }));
}

/** How long `timer` lasts, in seconds; null for a named duration without a value. */
export function lasts(model /*: Model */, clocks /*: Clocks */, timer /*: number */) /*: number | null */ {
  const after = model.timers[timer].after;
  if (after.named === null) return after.seconds;
  const value = clocks.durations[after.named];
  return value === undefined ? null : value;
}

/**
 * Rule S10: when `timer` falls due, in seconds since the start: when its clock last started
 * plus its duration; null when its clock does not run or its named duration has no value.
 */
export function due(model /*: Model */, clocks /*: Clocks */, timer /*: number */) /*: number | null */ {
  const clock = clocks.timers.find((c) => c.timer === timer);
  if (clock === undefined || clock.expired || clocks.ended) return null;
  const after = lasts(model, clocks, timer);
  return after === null ? null : clock.since + after;
}

/**
 * Rule S10: the next timer to expire, no later than `until`, with the clocks moved to that
 * instant; timers due at the same instant expire in timer order. When nothing is due by
 * then, no timer, and the clocks moved to `until` (never back).
 */
export function nextDue(model /*: Model */, clocks /*: Clocks */, until /*: number */) /*: Due */ {
  let best /*: { at: number; timer: number } | null */ = null;
  for (const c of clocks.timers) {
    const at = due(model, clocks, c.timer);
    if (at === null || at > until) continue;
    if (best === null || at < best.at || (at === best.at && c.timer < best.timer)) best = { at, timer: c.timer };
  }
  if (best === null) return { clocks: { ...clocks, now: Math.max(clocks.now, until) }, timer: null };
  return { clocks: { ...clocks, now: Math.max(clocks.now, best.at) }, timer: best.timer };
}
