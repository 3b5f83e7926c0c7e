// The state of a simulation: the start, the trace (a `machine run` script's items), the guard
// toggles and the values of named durations; replayed from scratch by the runtime after each
// change (`runScript`), and kept in the URL's fragment so a link reopens the same run.

/** A new simulation of `model`, at its first start, every guard holding. */
function newSim(model) {
  return {
    model,
    start: 0,
    items: [],
    guards: model.guards.map(() => true),
    durations: model.durations.map(() => null),
    durationTexts: model.durations.map(() => ""),
    run: null,
    error: null,
  };
}

/** Runs the trace again from the start. */
function replay(sim) {
  sim.run = runScript(sim.model, start(sim.model, sim.start), sim.items, true, sim.durations);
}

/** Fires `event` with the guard toggles; the guards asked go into the trace with their answers. */
function fireEvent(sim, event) {
  const asked = [];
  advance(sim.model, sim.run.config, { kind: "event", event }, (guard) => {
    asked.push([guard, sim.guards[guard]]);
    return sim.guards[guard];
  });
  sim.items.push({ kind: "event", event, guards: asked });
  replay(sim);
}

/** Lets `seconds` pass: the timers that fall due expire in order (rule S10). */
function wait(sim, seconds) {
  // A wait of nothing is no item (a script cannot say `+0s`).
  if (seconds <= 0) return;
  sim.items.push({ kind: "wait", seconds });
  replay(sim);
}

/**
 * Makes `timer` expire now, as a service does when its own scheduler calls `expire` (rule
 * S7): its guards are asked with the toggles, and go into the trace with their answers.
 */
function expireNow(sim, timer) {
  const asked = [];
  advance(sim.model, sim.run.config, { kind: "expire", timer }, (guard) => {
    asked.push([guard, sim.guards[guard]]);
    return sim.guards[guard];
  });
  sim.items.push({ kind: "expire", timer, guards: asked });
  replay(sim);
}

/** Resolves the fault state to `state` (rule S8). */
function resume(sim, state) {
  sim.items.push({ kind: "resume", state });
  replay(sim);
}

/** The running timers, each with when it falls due (null: its named duration has no value). */
function runningTimers(sim) {
  return running(sim.run.clocks).map((r) => ({
    timer: r.timer,
    sinceStep: r.sinceStep,
    due: due(sim.model, sim.run.clocks, r.timer),
  }));
}

/** How long until the next timer falls due, or null when none will. */
function untilNextTimeout(sim) {
  const dues = runningTimers(sim).map((r) => r.due).filter((d) => d !== null);
  return dues.length === 0 ? null : Math.max(0, Math.min(...dues) - sim.run.clocks.now);
}

/** The URL fragment of the run: start, named durations and the trace as a script. */
function fragment(sim) {
  const params = new URLSearchParams();
  const named = sim.model.starts[sim.start].name;
  if (named !== null) params.set("start", named);
  sim.model.durations.forEach((d, i) => {
    if (sim.durationTexts[i] !== "") params.set(`duration.${d.name}`, sim.durationTexts[i]);
  });
  params.set("script", formatScript(sim.model, sim.items));
  return params.toString();
}

/** Reads a fragment written by `fragment`; an error message when it does not read. */
function readFragment(sim, text) {
  const params = new URLSearchParams(text.replace(/^#/, ""));
  const name = params.get("start");
  if (name !== null) {
    const index = sim.model.starts.findIndex((s) => s.name === name);
    if (index < 0) return `the link names a start \`${name}\` this lifecycle does not have`;
    sim.start = index;
  }
  for (const [i, d] of sim.model.durations.entries()) {
    const value = params.get(`duration.${d.name}`);
    if (value === null) continue;
    const seconds = parseDuration(value);
    if (typeof seconds === "string") return `the link's value of \`${d.name}\` is not a duration: ${seconds}`;
    sim.durations[i] = seconds;
    sim.durationTexts[i] = value;
  }
  const wrong = misordered(sim.model, sim.durations);
  if (wrong !== null) {
    const [short, long] = wrong.map((d) => sim.model.durations[d].name);
    sim.durations = sim.model.durations.map(() => null);
    sim.durationTexts = sim.model.durations.map(() => "");
    return `the link's value of \`${short}\` is not shorter than \`${long}\`, as the spec orders them with shorter_than:`;
  }
  const script = params.get("script");
  if (script !== null) {
    const parsed = parseScript(sim.model, script);
    if (!parsed.ok) return `the link's script does not read at \`${script.slice(parsed.error.offset)}\`: ${parsed.error.message}`;
    sim.items = parsed.items;
  }
  return null;
}
