// The wording of `machine run`: inputs, steps and refusals in the words the command prints
// (`machine-cli/src/run.rs`), so the page and a terminal say the same thing. The differential
// test compares these texts with `machine run --format json`.

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

/** A timer in words: `after 14d` for a state's timeout, `Name (after 15m)` for a spanning one. */
export function timerText(model /*: Model */, timer /*: number */) /*: string */ {
  const t = model.timers[timer];
  if (t === undefined) return "after ?";
  return t.spanning ? `${t.name} (after ${t.after.text})` : `after ${t.after.text}`;
}

/** What the input was, as a `machine run` script writes it (the guards asked, with `!` when one failed). */
export function inputText(model /*: Model */, input /*: Input */, asked /*: readonly (readonly [number, boolean])[] */) /*: string */ {
  switch (input.kind) {
    case "event": {
      const name = model.events[input.event].name;
      if (asked.length === 0) return name;
      const guards = asked.map(([g, holds]) => `${holds ? "" : "!"}${model.guards[g].name}`);
      return `${name}[${guards.join(", ")}]`;
    }
    case "expire":
      return timerText(model, input.timer);
    case "resumeTo":
      return `resume(${model.states[input.state].name})`;
  }
}

/** What a step did, in words. */
export function stepText(model /*: Model */, step /*: Step */) /*: string */ {
  const name = (state /*: number */) => model.states[state].name;
  const moved = `${name(step.from)} -> ${name(step.to)}`;
  let text = moved;
  const cause = step.cause;
  if (cause.kind === "transition") {
    const to = model.transitions[cause.transition].to;
    if (to === "internal") text = `${name(step.from)} (internal)`;
    else if (to === "history") text = `${moved} (back to where it faulted from)`;
    else if (step.from === step.to) text = `${moved} (self-transition)`;
  } else {
    const expiry = model.timers[cause.timer].expiry;
    if ("to" in expiry) text = `${moved} (timeout)`;
    else if ("end" in expiry) text = `lifecycle ends in ${name(step.from)}: ${expiry.end}`;
    else text = `${name(step.from)} stays; notify: ${expiry.notify}`;
  }
  if (step.restarts.length > 0) {
    text += `; clocks start: ${step.restarts.map((t) => timerText(model, t)).join(", ")}`;
  }
  return text;
}

/** Why an input was refused, in words. */
export function refusalText(model /*: Model */, refusal /*: Refusal */) /*: string */ {
  switch (refusal.kind) {
    case "noTransition":
      return "no transition handles it there";
    case "guardFailed":
      return `guard \`${model.guards[refusal.guard].name}\` does not hold`;
    case "unknownHistory":
      return "the state it faulted from is unknown";
    case "cannotResumeTo":
      return `it cannot resume to \`${model.states[refusal.state].name}\``;
    case "noTimeout":
      return "the timer does not run in this state";
    case "ended":
      return "the lifecycle has ended";
  }
}
