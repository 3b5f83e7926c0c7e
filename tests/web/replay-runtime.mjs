// Replays the traces that tests/differential/tests/javascript.rs wrote (with what
// `machine_core::semantics` did at each input) in the JavaScript runtime the page runs, and in
// the TypeScript module of each spec (type-stripped by amaro, node's own stripper): its
// runtime with its embedded model, and its `step` by name. Each step is compared with the
// automatic steps it led to (rules S20 and S21: its `then`, each with its actions), the
// transitions that fired with it (S25 to S27: `also`) and the configuration after it (S22:
// the atomic states, the history, what each history state remembers). Prints the mismatches
// as JSON.
//
// node replay-runtime.mjs RUNTIME.mjs CASES.json
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { transformSync } from "amaro";

const [runtimePath, casesPath] = process.argv.slice(2);
const runtime = await import(pathToFileURL(runtimePath).href);
const cases = JSON.parse(readFileSync(casesPath, "utf8"));
const mismatches = [];
let inputs = 0;

/** JSON with the keys of every object sorted, to compare values whatever their key order. */
const canon = (value) => JSON.stringify(value, (_, v) =>
  v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v);
const same = (a, b) => canon(a) === canon(b);

function mismatch(spec, where, expected, actual) {
  mismatches.push({ spec, where, expected, actual });
}

async function load(module) {
  const { code } = transformSync(readFileSync(module, "utf8"), { mode: "strip-only" });
  const out = module.replace(/\.ts$/, ".stripped.mjs");
  writeFileSync(out, code);
  return import(pathToFileURL(out).href);
}

/**
 * The guard answers of one input, recording each question: `holds[g]`, or, when the trace
 * is `flipped`, its opposite every other time a guard is asked (as the Rust side answers).
 */
function answers(holds, flipped, asked) {
  return (g) => {
    const answer = holds[g] !== (flipped && asked.length % 2 === 1);
    asked.push([g, answer]);
    return answer;
  };
}

/** Runs one trace on a runtime `rt` over `model`; the records, as the Rust side writes them. */
function replay(rt, model, trace) {
  let config;
  // A machine known by its atomic state is in the other regions around it too (rule S23).
  if ("at" in trace.begin) config = rt.polled(model, trace.begin.at);
  else if ("faulted" in trace.begin) config = rt.faulted(model, trace.begin.faulted);
  else config = rt.start(model, trace.begin.start);
  let clocks = rt.newClocks(model, config, []);
  return trace.inputs.map(({ input, holds, flipped }) => {
    const asked = [];
    const outcome = rt.advance(model, config, input, answers(holds, flipped, asked));
    let actions = [];
    let thenActions = [];
    if (outcome.ok) {
      clocks = rt.applyStep(model, clocks, outcome.step);
      config = outcome.config;
      actions = rt.actions(model, outcome.step);
      thenActions = outcome.step.then.map((s) => rt.actions(model, s));
    } else if (input.kind === "expire") {
      // A timer whose expiry is refused stops until it starts again (rule S7).
      clocks = rt.refused(clocks, input.timer);
    }
    const running = rt.running(clocks).map((r) => [r.timer, r.sinceStep]);
    return { outcome, asked, actions, thenActions, config, running };
  });
}

/** The same trace through the module's `step` by name, compared with the expected records. */
function replayNamed(ts, spec, trace) {
  const st = (i) => (i === null ? null : ts.STATES[i]);
  const sts = (atoms) => (atoms === null ? null : atoms.map(st));
  // A configuration (rule S22) as the module names it: its summary, its atoms, its history.
  const machineOf = (config) => ({
    state: st(ts.summary(ts.model, config.atoms)),
    configuration: sts(config.atoms),
    history: sts(config.history),
    ended: config.ended,
    recorded: config.recorded.map(([compound, atoms]) => [st(compound), sts(atoms)]),
  });
  let machine;
  if ("at" in trace.begin) machine = ts.machineAt(ts.STATES[trace.begin.at]);
  else if ("faulted" in trace.begin) machine = machineOf(ts.faulted(ts.model, trace.begin.faulted));
  else machine = ts.initial(ts.STARTS.length > 0 ? ts.STARTS[trace.begin.start] : undefined);
  trace.inputs.forEach(({ input, holds, flipped }, index) => {
    const expected = trace.expected[index];
    let trigger;
    if (input.kind === "event") trigger = ts.EVENTS[input.event];
    else if (input.kind === "expire") trigger = { expire: ts.TIMERS[input.timer] };
    else trigger = { resumeTo: ts.STATES[input.state] };
    const ask = answers(holds, flipped, []);
    const result = ts.step(machine, trigger, (g) => ask(ts.GUARDS.indexOf(g)));
    const asked = result.asked.map(([g, h]) => [ts.GUARDS.indexOf(g), h]);
    const e = expected.outcome;
    let actual;
    let want;
    const moved = (s) => ({
      from: ts.STATES.indexOf(s.from),
      to: ts.STATES.indexOf(s.to),
      atoms: s.configuration.map((x) => ts.STATES.indexOf(x)),
      entered: s.entered,
      exits: s.exits.map((x) => ts.STATES.indexOf(x)),
      entries: s.entries.map((x) => ts.STATES.indexOf(x)),
      restarts: s.restarts.map((t) => ts.TIMERS.indexOf(t)),
    });
    const triggerOf = (s) => ts.model.transitions[s.cause.transition].trigger;
    if (result.ok) {
      actual = {
        ok: true,
        ...moved(result),
        // Every action the input runs: its step's, then its automatic steps' (rules S20, S21).
        actions: result.actions.map((a) => ts.ACTIONS.indexOf(a)),
        then: result.then.map((s) => ({ ...moved(s), trigger: s.trigger, actions: s.actions.map((a) => ts.ACTIONS.indexOf(a)) })),
        settled: ts.STATES.indexOf(result.settled),
        asked,
      };
      const step = (s) => ({ from: s.from, to: s.to, atoms: s.atoms, entered: s.entered, exits: s.exits, entries: s.entries, restarts: s.restarts });
      want = e.ok
        ? {
            ok: true,
            ...step(e.step),
            actions: [expected.actions, ...expected.thenActions].flat(),
            then: e.step.then.map((s, i) => ({ ...step(s), trigger: triggerOf(s), actions: expected.thenActions[i] })),
            settled: ts.summary(ts.model, e.config.atoms),
            asked: expected.asked,
          }
        : { ok: false };
      machine = result.machine;
    } else {
      actual = { ok: false, kind: result.kind, asked };
      want = e.ok ? { ok: true } : { ok: false, kind: e.refusal.kind, asked: expected.asked };
    }
    if (!same(actual, want)) mismatch(spec.name, `step by name, input ${index}`, want, actual);
    const config = machineOf(expected.config);
    if (!same(machine, config)) mismatch(spec.name, `machine by name after input ${index}`, config, machine);
    const faultedFrom = expected.config.history === null ? null : st(ts.summary(ts.model, expected.config.history));
    if (ts.faultedFrom(machine) !== faultedFrom) mismatch(spec.name, `faultedFrom after input ${index}`, faultedFrom, ts.faultedFrom(machine));
    // Rule S22: the machine is in each of its atomic states and in every state around them.
    for (const [i, name] of ts.STATES.entries()) {
      const within = expected.config.atoms.some((a) => ts.isWithin(ts.model, a, i));
      if (ts.isIn(machine, name) !== within) mismatch(spec.name, `isIn(machine, ${name}) after input ${index}`, within, !within);
    }
    // Rules S19 and S29: `remembered` of every compound state with a history state.
    for (const h of ts.model.histories) {
      const want = config.recorded.find(([compound]) => compound === ts.STATES[h.state]);
      const got = ts.remembered(machine, ts.STATES[h.state]);
      if (!same(got, want === undefined ? null : want[1])) mismatch(spec.name, `remembered(${ts.STATES[h.state]}) after input ${index}`, want, got);
    }
  });
}

/** canReach and pathTo against the shortest distances the Rust side computed. */
function checkReach(ts, spec) {
  spec.distances.forEach((row, from) =>
    row.forEach((distance, to) => {
      const [a, b] = [ts.STATES[from], ts.STATES[to]];
      const path = ts.pathTo(a, b);
      if (ts.canReach(a, b) !== (distance !== null)) mismatch(spec.name, `canReach(${a}, ${b})`, distance !== null, !(distance !== null));
      if ((path === undefined) !== (distance === null)) mismatch(spec.name, `pathTo(${a}, ${b})`, distance, path);
      if (path === undefined) return;
      if (path.length !== distance) mismatch(spec.name, `pathTo(${a}, ${b}) is not shortest`, distance, path);
      // As the machine moves: a compound state's moves leave from the states inside it, and a
      // compound target is entered down to its initial state (rules S16 and S17).
      const m = ts.model;
      // Where entering `from` leads (every region of a parallel state, rule S23): the first
      // move leaves from one of those states.
      let heres = ts.defaultAtoms(m, from);
      for (const way of path) {
        // A move goes where entering its target leads from inside its domain (rules S17, S23).
        const into = (source, to) => ts.complete(m, [], ts.domain(m, source, to), [to]).some((s) => ts.STATES[s] === way.to);
        // A history state leads, for reachability, to its default (rule S19).
        const written = (t) => (typeof t.to === "number" ? t.to : typeof t.to === "object" ? m.histories[t.to.recall].default : null);
        // An event's move, or an automatic transition's (rules S20 and S21).
        const fires = (t) => (way.automatic === null ? t.event !== null && ts.EVENTS[t.event] === way.event : t.trigger === way.automatic);
        // A move leaves from the states inside its source, or inside a parallel state around it.
        const leaves = (at, source) => ts.isWithin(m, at, source) || ts.parallelAround(m, source).some((p) => ts.isWithin(m, at, p));
        const timer = way.timer === null ? null : m.timers[ts.TIMERS.indexOf(way.timer)];
        // A timeout to a history state leads, as a transition to it does, to its default.
        const goes = timer === null ? null : "to" in timer.expiry ? timer.expiry.to : "recall" in timer.expiry ? m.histories[timer.expiry.recall].default : null;
        const moves = (at) => m.transitions.some((t) => written(t) !== null && leaves(at, t.from) && fires(t) && into(t.from, written(t)));
        const times = (at) => goes !== null && timer.states.some((s) => leaves(at, s) && into(s, goes));
        if (!heres.some((at) => moves(at) || times(at))) mismatch(spec.name, `pathTo(${a}, ${b}) takes no move of the spec`, null, way);
        heres = [ts.STATES.indexOf(way.to)];
      }
    }),
  );
}

for (const spec of cases) {
  const ts = await load(spec.module);
  if (!same(ts.model, spec.model)) mismatch(spec.name, "the module's model", spec.model, ts.model);
  spec.traces.forEach((trace, t) => {
    for (const [label, rt, model] of [["runtime", runtime, spec.model], ["TypeScript runtime", ts, ts.model]]) {
      const records = replay(rt, model, trace);
      records.forEach((record, i) => {
        if (!same(record, trace.expected[i])) {
          mismatch(spec.name, `${label}, trace ${t}, input ${i}: ${JSON.stringify(trace.inputs[i].input)}`, trace.expected[i], record);
        }
      });
    }
    replayNamed(ts, spec, trace);
    inputs += trace.inputs.length;
  });
  checkReach(ts, spec);
}
console.log(JSON.stringify({ inputs, mismatches: mismatches.slice(0, 20) }));
