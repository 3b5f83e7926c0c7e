// The scripts of `machine run` (`machine-cli/src/script.rs`): reading one, running it on the
// clocks, and writing one back. The page keeps its trace as a script (in the URL's fragment,
// and for "copy as a `machine run` script"), so a trace reads the same in both places.
//
// `MarkShipping[delivery_package_set, !return_address_set], +14d, Resolve, resume(Shipping)`:
// items separated by commas or white space; an event with the guards that hold (`guard`) or
// not (`!guard`) for it; `+DURATION` lets time pass; `expire(Timer)` (or `expire(Timer)[g]`)
// makes one timer expire now, whatever its clock says; `resume(State)` resolves the fault
// state.

/*::
export type Item =
  | { readonly kind: "event"; readonly event: number; readonly guards: readonly (readonly [number, boolean])[] }
  | { readonly kind: "wait"; readonly seconds: number }
  | { readonly kind: "expire"; readonly timer: number; readonly guards: readonly (readonly [number, boolean])[] }
  | { readonly kind: "resume"; readonly state: number };
export type ScriptError = { readonly offset: number; readonly message: string };
export type Parsed = { readonly ok: true; readonly items: Item[] } | { readonly ok: false; readonly error: ScriptError };
export type RunRecord = {
  readonly item: number;
  readonly time: number;
  readonly input: Input;
  readonly asked: readonly (readonly [number, boolean])[];
  readonly before: Config;
  readonly outcome: Outcome;
};
export type Run = { readonly records: RunRecord[]; readonly config: Config; readonly clocks: Clocks };
*/

/** `14d` in seconds, or why it is not a duration (whole number, then s, m, h, d or w). */
export function parseDuration(text /*: string */) /*: number | string */ {
  const match = /^([0-9]*)\s*(.*)$/.exec(text.trim());
  const number = match === null ? "" : match[1];
  const unit = match === null ? "" : match[2].trim();
  if (number === "") return "it does not start with a number";
  const units /*: { [unit: string]: number } */ = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  if (unit === "") return "it has no unit";
  if (!(unit in units)) return `\`${unit}\` is not a unit`;
  const value = Number(number);
  if (value === 0) return "a timeout of zero never lets the state be seen";
  if (!Number.isSafeInteger(value * units[unit])) return "the duration is too long";
  return value * units[unit];
}

/**
 * `seconds` as one number and one unit, the largest that divides it exactly (`90000` is
 * `1500m`): what `parseDuration` and `machine run` read back, which `14d2h` is not.
 */
export function scriptDuration(seconds /*: number */) /*: string */ {
  const units /*: readonly (readonly [number, string])[] */ = [[86400, "d"], [3600, "h"], [60, "m"], [1, "s"]];
  for (const [size, unit] of units) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

function lookup(names /*: readonly string[] */, name /*: string */, what /*: string */) /*: number | string */ {
  const index = names.indexOf(name);
  if (index >= 0) return index;
  if (names.length === 0) return `unknown ${what} \`${name}\`; the spec declares no ${what}s`;
  return `unknown ${what} \`${name}\`; the ${what}s are \`${names.join("`, `")}\``;
}

function parseItem(model /*: Model */, word /*: string */) /*: Item | string */ {
  if (word.startsWith("+")) {
    const seconds = parseDuration(word.slice(1));
    if (typeof seconds === "string") return `invalid duration \`${word.slice(1)}\`: ${seconds}; write e.g. \`+14d\``;
    return { kind: "wait", seconds };
  }
  if (word.startsWith("expire(")) {
    const rest = word.slice("expire(".length);
    const close = rest.indexOf(")");
    const name = (close < 0 ? rest : rest.slice(0, close)).trim();
    const tail = close < 0 ? "" : rest.slice(close + 1).trim();
    const timer = lookup(model.timers.map((t) => t.name), name, "timer");
    if (typeof timer === "string") return timer;
    if (tail !== "" && !(tail.startsWith("[") && tail.endsWith("]"))) {
      return `after \`expire(${name})\` only guard values may follow, in brackets: \`expire(${name})[guard, !other]\``;
    }
    const guards = guardList(model, tail.slice(1, -1));
    return typeof guards === "string" ? guards : { kind: "expire", timer, guards };
  }
  if (word.startsWith("resume(")) {
    const name = word.slice("resume(".length).replace(/\)$/, "").trim();
    const state = lookup(model.states.map((s) => s.name), name, "state");
    return typeof state === "string" ? state : { kind: "resume", state };
  }
  const open = word.indexOf("[");
  const name = (open < 0 ? word : word.slice(0, open)).trim();
  const list = open < 0 ? "" : word.slice(open + 1).replace(/\]$/, "");
  const event = lookup(model.events.map((e) => e.name), name, "event");
  if (typeof event === "string") return event;
  const guards = guardList(model, list);
  return typeof guards === "string" ? guards : { kind: "event", event, guards };
}

/** The guard values of an item: `a, !b` (inside the brackets), or why they do not read. */
function guardList(model /*: Model */, list /*: string */) /*: (readonly [number, boolean])[] | string */ {
  const guards /*: (readonly [number, boolean])[] */ = [];
  for (const part of list.split(",").map((g) => g.trim()).filter((g) => g !== "")) {
    const holds = !part.startsWith("!");
    const guard = lookup(model.guards.map((g) => g.name), holds ? part : part.slice(1).trim(), "guard");
    if (typeof guard === "string") return guard;
    guards.push([guard, holds]);
  }
  return guards;
}

/** Reads a script against the model's names: its items, or where and why it does not read. */
export function parseScript(model /*: Model */, text /*: string */) /*: Parsed */ {
  const words /*: [number, string][] */ = [];
  let depth = 0;
  let begin = -1;
  for (let offset = 0; offset < text.length; offset++) {
    const c = text[offset];
    if (c === "[" || c === "(") depth++;
    if (c === "]" || c === ")") {
      if (depth === 0) return { ok: false, error: { offset, message: `\`${c}\` closes nothing` } };
      depth--;
    }
    const separator = depth === 0 && (c === "," || /\s/.test(c));
    if (separator && begin >= 0) {
      words.push([begin, text.slice(begin, offset)]);
      begin = -1;
    } else if (!separator && begin < 0) {
      begin = offset;
    }
  }
  if (depth > 0) return { ok: false, error: { offset: Math.max(begin, 0), message: "a `[` or `(` is not closed" } };
  if (begin >= 0) words.push([begin, text.slice(begin)]);
  const items /*: Item[] */ = [];
  for (const [offset, word] of words) {
    const item = parseItem(model, word);
    if (typeof item === "string") return { ok: false, error: { offset, message: item } };
    items.push(item);
  }
  return { ok: true, items };
}

/** The items as a script that `parseScript` (and `machine run --events`) reads back. */
export function formatScript(model /*: Model */, items /*: readonly Item[] */) /*: string */ {
  return items
    .map((item) => {
      switch (item.kind) {
        case "event":
          return `${model.events[item.event].name}${guardValues(model, item.guards)}`;
        case "wait":
          return `+${scriptDuration(item.seconds)}`;
        case "expire":
          return `expire(${model.timers[item.timer].name})${guardValues(model, item.guards)}`;
        case "resume":
          return `resume(${model.states[item.state].name})`;
      }
    })
    .join(", ");
}

/**
 * Runs `items` from `config`, as `machine run` does: each event, expiry or resolution is one
 * input, each wait lets the due timers expire in order (rule S10). Guards an item does not
 * list answer `defaultGuard`. A refused input leaves the machine where it was and the run
 * goes on; a timer whose guard refuses its expiry stops until its clock starts again (S7).
 */
export function runScript(
  model /*: Model */,
  config /*: Config */,
  items /*: readonly Item[] */,
  defaultGuard /*: boolean */,
  durations /*: readonly (number | null)[] */,
) /*: Run */ {
  let clocks = newClocks(model, config, durations);
  let now = config;
  const records /*: RunRecord[] */ = [];
  const apply = (index /*: number */, input /*: Input */, guards /*: readonly (readonly [number, boolean])[] */) => {
    const asked /*: (readonly [number, boolean])[] */ = [];
    const ask = (guard /*: number */) => {
      const given = guards.find(([g]) => g === guard);
      const holds = given === undefined ? defaultGuard : given[1];
      asked.push([guard, holds]);
      return holds;
    };
    const before = now;
    const outcome = advance(model, before, input, ask);
    if (outcome.ok) {
      clocks = applyStep(model, clocks, outcome.step);
      now = outcome.config;
    } else if (input.kind === "expire") {
      clocks = refused(clocks, input.timer);
    }
    records.push({ item: index, time: clocks.now, input, asked, before, outcome });
  };
  items.forEach((item, index) => {
    if (item.kind === "event") apply(index, { kind: "event", event: item.event }, item.guards);
    else if (item.kind === "resume") apply(index, { kind: "resumeTo", state: item.state }, []);
    else if (item.kind === "expire") apply(index, { kind: "expire", timer: item.timer }, item.guards);
    else {
      const until = clocks.now + item.seconds;
      while (!now.ended) {
        const next = nextDue(model, clocks, until);
        clocks = next.clocks;
        if (next.timer === null) break;
        apply(index, { kind: "expire", timer: next.timer }, []);
      }
    }
  });
  return { records, config: now, clocks };
}

/** The first line of `machine run --format json`: where the run starts and the actions starting there runs (rule S1). */
export function startJson(model /*: Model */, index /*: number */) /*: { [key: string]: unknown } */ {
  const config = start(model, index);
  return {
    start: model.states[stateOf(model, config)].name,
    actions: startActions(model, index).map((a) => model.actions[a].name),
    configuration: config.atoms.map((s) => model.states[s].name),
  };
}

/** One record as a line of `machine run --format json` writes it. */
export function recordJson(model /*: Model */, record /*: RunRecord */) /*: { [key: string]: unknown } */ {
  const line /*: { [key: string]: unknown } */ = {
    item: record.item + 1,
    time_seconds: record.time,
    input: inputText(model, record.input, record.asked),
    from: model.states[stateOf(model, record.before)].name,
  };
  const outcome = record.outcome;
  if (outcome.ok) {
    line.to = model.states[outcome.step.to].name;
    line.entered = outcome.step.entered;
    line.ended = outcome.config.ended;
    const history = faultedSummary(model, outcome.config);
    line.history = history === null ? null : model.states[history].name;
    line.step = stepText(model, outcome.step);
    const names = (ids /*: readonly number[] */) => ids.map((a) => model.actions[a].name);
    line.actions = names(inputActions(model, outcome.step));
    // Rules S20 and S21: the automatic steps the input led to, in order.
    if (outcome.step.then.length > 0) {
      line.then = outcome.step.then.map((s) => ({
        from: model.states[s.from].name,
        to: model.states[s.to].name,
        entered: s.entered,
        actions: names(actions(model, s)),
      }));
    }
  } else {
    line.refused = refusalTextIn(model, record.before, outcome.refusal);
  }
  // The atomic states the machine is in after the input, in document order.
  line.configuration = (outcome.ok ? outcome.config : record.before).atoms.map((s) => model.states[s].name);
  return line;
}
