// The wording of `machine run`: inputs, steps and refusals in the words the command prints
// (`machine_core::words`, through `machine-cli/src/run.rs`), so the page and a terminal say
// the same thing. Words that are data come from Rust in the model (`model.words`, each
// timer's `text` and `label`, each transition's `label`, each history state's `text`); the
// rest is composed here, and the differential test compares every line with `machine run
// --format json`.

/** `14d`, `2h30m`, `0s`: the largest units that divide the time exactly. */
export function durationText(seconds /*: number */) /*: string */ {
  if (seconds === 0) return "0s";
  let rest = seconds;
  let text = "";
  const units /*: readonly (readonly [number, string])[] */ = [[86400, "d"], [3600, "h"], [60, "m"], [1, "s"]];
  for (const [size, unit] of units) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text;
}

/**
 * A timer as `machine run` shows what it did (`machine_core::words::timer`): `after 14d` for
 * a state's timeout named after its state, `T1 (after t1)` for one with a name of its own.
 */
export function timerText(model /*: Model */, timer /*: number */) /*: string */ {
  const t = model.timers[timer];
  return t === undefined ? "after ?" : t.text;
}

/**
 * The guards an input asked, as a script writes them: `[a, !b]`; nothing when it asked none.
 * Each guard is named once, with its first answer, in the order asked (a guard that two
 * candidates ask is asked twice, with one answer). The counterpart of `words::guard_values`.
 */
export function guardValues(model /*: Model */, asked /*: readonly (readonly [number, boolean])[] */) /*: string */ {
  const named /*: number[] */ = [];
  const list /*: string[] */ = [];
  for (const [g, holds] of asked) {
    if (named.includes(g)) continue;
    named.push(g);
    list.push(`${holds ? "" : "!"}${model.guards[g].name}`);
  }
  return list.length === 0 ? "" : `[${list.join(", ")}]`;
}

/**
 * What the input was, as `machine run` prints it: an event or a resolution as a script
 * writes it (the guards asked, with `!` when one failed); an expiry as the timer that
 * expired (`after 14d`), with the guards it asked.
 */
export function inputText(model /*: Model */, input /*: Input */, asked /*: readonly (readonly [number, boolean])[] */) /*: string */ {
  switch (input.kind) {
    case "event":
      return `${model.events[input.event].name}${guardValues(model, asked)}`;
    case "expire":
      return `${timerText(model, input.timer)}${guardValues(model, asked)}`;
    case "resumeTo":
      return `resume(${model.states[input.state].name})`;
  }
}

/**
 * What a step did, in words (`machine_core::words::step`): the move, then the actions it runs
 * (rule S12) and the clocks that start; then each automatic step it led to (rules S20 and
 * S21), after `; then `.
 */
export function stepText(model /*: Model */, step /*: Step */) /*: string */ {
  return [step, ...step.then].map((s) => oneStepText(model, s)).join("; then ");
}

/**
 * One step of an input in words (`stepText`, `words::one_step`): an eventless transition says
 * `(eventless)`, a completion `(Open completed)`. With parallel states, each transition that
 * fired, from the state it is written on to the state it names (rule S27): `L1 -> L2, R1 -> R2`.
 */
export function oneStepText(model /*: Model */, step /*: Step */) /*: string */ {
  const name = (state /*: number */) => model.states[state].name;
  const moved = `${name(step.from)} -> ${name(step.to)}`;
  let text = moved;
  const cause = step.cause;
  if (cause.kind === "transition" && hasParallel(model)) {
    text = [cause.transition, ...step.also]
      .map((id) => {
        const t = model.transitions[id];
        return firedText(model, id, t.from, typeof t.to === "number" ? t.to : step.to);
      })
      .join(", ");
  } else if (cause.kind === "transition") {
    text = firedText(model, cause.transition, step.from, step.to);
  } else {
    const timer = model.timers[cause.timer];
    const expiry = timer.expiry;
    if ("to" in expiry) {
      // With parallel states, the timeout's move from its own state to the state it names.
      const home = name(timer.spanning ? step.from : timer.states[0]);
      text = `${hasParallel(model) ? `${home} -> ${name(expiry.to)}` : moved} (timeout)`;
    } else if ("recall" in expiry) text = `${moved} (timeout, by ${model.histories[expiry.recall].text})`;
    else if ("end" in expiry) text = `lifecycle ends in ${name(step.from)}: ${expiry.end}`;
    else text = `${name(step.from)} stays; notify: ${expiry.notify}`;
  }
  const run = actions(model, step);
  if (run.length > 0) text += `; actions: ${run.map((a) => model.actions[a].name).join(", ")}`;
  if (step.restarts.length > 0) {
    text += `; clocks start: ${step.restarts.map((t) => timerText(model, t)).join(", ")}`;
  }
  return text;
}

/**
 * Transition `id` in words, as a move from `from` to `to` (`words::fired`): `Creating ->
 * Shipping`, with `(self-transition)`, `(internal)`, `(eventless)`, `(Open completed)`,
 * `(back to where it faulted from)` or `(by History)`.
 */
function firedText(model /*: Model */, id /*: number */, from /*: number */, to /*: number */) /*: string */ {
  const transition = model.transitions[id];
  const name = model.states[from].name;
  const moved = `${name} -> ${model.states[to].name}`;
  const target = transition.to;
  if (target === "internal") return `${name} (internal)`;
  if (target === "history") return `${moved} (back to where it faulted from)`;
  if (typeof target !== "number") return `${moved} (by ${model.histories[target.recall].text})`;
  if (from === to) return `${moved} (self-transition)`;
  if (transition.trigger === "always") return `${moved} (eventless)`;
  if (transition.trigger === "done") return `${moved} (${model.states[transition.from].name} completed)`;
  return moved;
}

/** Why an input was refused, in words: the model's wording of its kind, with the guard or state named. */
export function refusalText(model /*: Model */, refusal /*: Refusal */) /*: string */ {
  let name = "";
  if (refusal.kind === "guardFailed" || refusal.kind === "guardHolds") name = model.guards[refusal.guard].name;
  else if (refusal.kind === "cannotResumeTo") name = model.states[refusal.state].name;
  return model.words.refusals[refusal.kind].replace("{}", () => name);
}

/**
 * Why an input was refused in `before`, in words, for a reader who sees the machine: as
 * `refusalText`, except that a resolution asked outside the fault state says that only a
 * machine in the fault state resumes (rule S8). The counterpart of `words::refusal_in`.
 */
export function refusalTextIn(model /*: Model */, before /*: Config */, refusal /*: Refusal */) /*: string */ {
  if (refusal.kind === "cannotResumeTo") {
    const fault = model.fault;
    if (fault === null) return model.words.resumeWithoutFault;
    if (before.atoms.length !== 1 || before.atoms[0] !== fault.state) return model.words.resumeOutsideFault.replace("{}", () => model.states[fault.state].name);
  }
  return refusalText(model, refusal);
}
