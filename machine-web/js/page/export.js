// "Copy as a `machine run` script" and "copy as a Rust test": the run, for the terminal and
// for a test of the code the `machine!` macro generates.

/** The `machine run` command line that replays the run. */
function runCommand(sim) {
  const model = sim.model;
  const quote = (text) => `'${text.replace(/'/g, `'\\''`)}'`;
  const parts = ["machine run", quote(model.source), "--events", quote(formatScript(model, sim.items))];
  const named = model.starts[sim.start].name;
  if (named !== null) parts.push("--start", quote(named));
  const values = durationValues(model, sim.durations);
  model.durations.forEach((d, i) => {
    parts.push("--duration", quote(`${d.name}=${sim.durationTexts[i] || scriptDuration(values[i])}`));
  });
  return parts.join(" ");
}

/**
 * A value in seconds for every named duration: the page's where it has one, else one that
 * keeps the order `shorter_than:` declares (`machine run` needs a value for each, in that
 * order): 7d, or between the durations it must be longer and shorter than.
 */
function durationValues(model, given) {
  const count = model.durations.length;
  const values = given.map((v) => (v === null || v === undefined ? null : v));
  // The given values each duration must stay below, through the order.
  const below = (d, seen = new Set()) => {
    let least = Infinity;
    for (const b of model.durations[d].shorterThan) {
      if (seen.has(b)) continue;
      seen.add(b);
      least = Math.min(least, values[b] !== null && given[b] !== null ? values[b] : below(b, seen));
    }
    return least;
  };
  for (let round = 0; round < count; round++) {
    for (let d = 0; d < count; d++) {
      if (given[d] !== null && given[d] !== undefined) continue;
      let above = 0;
      for (let a = 0; a < count; a++) {
        if (model.durations[a].shorterThan.includes(d) && values[a] !== null) above = Math.max(above, values[a]);
      }
      const under = below(d);
      let value = above === 0 ? 7 * 86400 : above + 86400;
      if (value >= under) value = Math.max(above + 1, Math.floor((above + under) / 2));
      values[d] = value;
    }
  }
  return values;
}

/** The module name a crate would give the machine (`pub mod job = "..."`). */
function moduleName(model) {
  return model.name.replace(/[^A-Za-z0-9]+/g, "_").replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase() || "machine";
}

/** A Rust test that replays the run on the generated code, asserting every step. */
function rustTest(sim) {
  const model = sim.model;
  const m = moduleName(model);
  const state = (s) => `${m}::State::${model.states[s].rust}`;
  const event = (e) => `${m}::Event::${model.events[e].rust}`;
  const lines = [];
  const push = (line) => lines.push(`    ${line}`);
  lines.push(`/// A run of the ${model.name} lifecycle, recorded by \`machine sim\`:`);
  lines.push(`/// \`${formatScript(model, sim.items)}\``);
  lines.push("#[test]");
  lines.push(`fn ${m}_simulated_run() {`);
  const start = model.starts[sim.start];
  push(`let mut machine = ${m}::Machine::new(${start.rust === null ? "" : `${m}::Start::${start.rust}`});`);
  // The guard answers of one input: those it asked, and every other guard holds.
  const facts = (record) => model.guards.length === 0 ? "&()" : `&Facts { ${model.guards
    .map((g, i) => {
      const asked = record.asked.find(([a]) => a === i);
      return `${g.rust}: ${asked === undefined ? "true" : asked[1]}`;
    })
    .join(", ")} }`;
  let ended = false;
  for (const record of sim.run.records) {
    const input = inputText(model, record.input, record.asked);
    const outcome = record.outcome;
    push(`// ${input}: ${outcome.ok ? stepText(model, outcome.step) : `refused: ${refusalTextIn(model, record.before, outcome.refusal)}`}`);
    let call;
    if (record.input.kind === "event") {
      call = `machine.step(${event(record.input.event)}, ${facts(record)})`;
    } else if (record.input.kind === "expire") {
      // The generated `expire` asks a `Guards` when some timer has guards.
      const guarded = model.timers.some((t) => t.guards.length > 0);
      call = `machine.expire(${m}::Timer::${model.timers[record.input.timer].rust}${guarded ? `, ${facts(record)}` : ""})`;
    } else {
      call = `machine.resume_to(${state(record.input.state)})`;
    }
    if (outcome.ok) {
      push(`let step = ${call}.expect("accepted");`);
      push(`assert_eq!(step.to, ${state(outcome.step.to)});`);
      // Rules S20 and S21: where the automatic steps the input led to left the machine.
      if (outcome.step.then.length > 0) push(`assert_eq!(step.settled(), ${state(stateOf(model, outcome.config))});`);
      ended = outcome.config.ended;
    } else {
      push(`assert!(${call}.is_err());`);
    }
  }
  const config = sim.run.config;
  const summary = stateOf(model, config);
  push(`assert_eq!(machine.state(), ${state(summary)});`);
  // The machine is also in every other active state (rule S22): the states around it, innermost
  // first, and with parallel states each region's state and the states around it.
  for (const other of active(model, config.atoms).reverse()) {
    if (other !== summary) push(`assert!(machine.is_in(${state(other)}));`);
  }
  if (ended) push("assert!(machine.is_ended());");
  // Rules S19 and S29: what it remembers of each compound state with a history state, in state
  // order (a record of several regions' states is left to a comment).
  const owners = [...new Set(model.histories.map((h) => h.state))].sort((a, b) => a - b);
  for (const owner of owners) {
    const atoms = recordedAtoms(config.recorded, owner);
    if (atoms !== null && atoms.length > 1) {
      push(`// remembers ${atoms.map((a) => model.states[a].name).join(", ")} in ${model.states[owner].name}`);
    } else {
      push(`assert_eq!(machine.remembered(${state(owner)}), ${atoms === null ? "None" : `Some(${state(atoms[0])})`});`);
    }
  }
  lines.push("}");
  if (model.guards.length > 0) {
    lines.push("");
    lines.push("/// The guard answers of one step.");
    lines.push("#[allow(clippy::struct_excessive_bools)]");
    lines.push(`struct Facts { ${model.guards.map((g) => `${g.rust}: bool`).join(", ")} }`);
    lines.push("");
    lines.push(`impl ${m}::Guards for Facts {`);
    for (const g of model.guards) lines.push(`    fn ${g.rust}(&self) -> bool { self.${g.rust} }`);
    lines.push("}");
  }
  return lines.join("\n") + "\n";
}
