// The page's panels, drawn from a simulation after each change: where the machine is, what
// can happen (events, guards, the clock, the fault state's resolutions, the starts), the
// incidents of the state, and the step log. Plain DOM, no framework.

/** An element with attributes (`on…` ones become listeners) and children (strings become text). */
function el(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined) element.append(child);
  }
  return element;
}

/** Replaces the children of the element with this id. */
function fill(id, ...children) {
  document.getElementById(id).replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined));
}

/** `t = 14d 2h`: a time of the virtual clock. */
function timeText(seconds) {
  return seconds === 0 ? "0s" : durationText(seconds);
}

/** The guards an event asks in the configuration `atoms`, in rules S3 and S25's order (each once). */
function guardsAsked(model, atoms, event) {
  const asked = [];
  for (const id of atoms.flatMap((atom) => candidates(model, atom, event))) {
    for (const test of model.transitions[id].guards) if (!asked.includes(test.guard)) asked.push(test.guard);
  }
  return asked;
}

/** The events some atomic state of `atoms` (or a state around it) has a transition for, in event order. */
function acceptedIn(model, atoms) {
  return [...new Set(atoms.flatMap((atom) => accepted(model, atom)))].sort((a, b) => a - b);
}

/** `Transfer/Sending`: an atomic state with the states around it up to `summary` (left out), outermost first. */
function pathBelow(model, atom, summary) {
  const chain = selfAndAncestors(model, atom);
  return chain.slice(0, chain.indexOf(summary)).reverse().map((s) => model.states[s].name).join("/");
}

function drawStatus(sim) {
  const model = sim.model;
  const config = sim.run.config;
  const state = stateOf(model, config);
  const parts = [config.ended ? "The lifecycle has ended in " : "Now in ", el("strong", { id: "sim-state" }, model.states[state].name)];
  // Rule S22: with parallel states, the atomic state of each region, below the summary.
  if (config.atoms.length > 1) {
    const atoms = config.atoms.map((atom) => el("span", { class: "sim-atom", "data-state": model.states[atom].name }, pathBelow(model, atom, state)));
    parts.push(" (", el("span", { id: "sim-configuration" }, atoms.flatMap((a, i) => (i === 0 ? [a] : [" ∥ ", a]))), ")");
  }
  // The compound states around it, innermost first (the machine is in them too).
  const around = ancestors(model, state).map((s) => model.states[s].name);
  if (around.length > 0) parts.push(`, inside ${around.join(" inside ")}`);
  const from = faultedSummary(model, config);
  if (from !== null) parts.push(`, faulted from ${model.states[from].name}`);
  // Rules S19 and S29: where it was when it last left each compound state with a history state.
  const names = (atoms) => atoms.map((a) => model.states[a].name).join(" and ");
  const kept = config.recorded.map(([compound, atoms]) => `${names(atoms)} in ${model.states[compound].name}`);
  if (kept.length > 0) parts.push(`, remembers ${kept.join(", ")}`);
  parts.push(` · t = ${timeText(sim.run.clocks.now)} · step ${sim.run.clocks.steps}`);
  fill("sim-status", parts);
  fill("sim-state-doc", model.states[state].doc);
}

function drawEvents(sim, act) {
  const model = sim.model;
  const atoms = sim.run.config.atoms;
  const here = sim.run.config.ended ? [] : acceptedIn(model, atoms);
  const button = (event, live) => {
    const asked = guardsAsked(model, atoms, event);
    const e = model.events[event];
    const note = asked.length === 0 ? null : el("span", { class: "sim-asks" }, `asks ${asked.map((g) => model.guards[g].name).join(", ")}`);
    return el(
      "button",
      {
        type: "button",
        class: live ? "sim-event sim-accepted" : "sim-event sim-refused",
        "data-event": e.name,
        title: e.doc,
        "aria-label": `${e.name}${live ? "" : " (not accepted here: try it to see the refusal)"}`,
        onclick: () => act(() => fireEvent(sim, event)),
      },
      e.name,
      note,
    );
  };
  const live = here.map((e) => button(e, true));
  const others = model.events.map((_, i) => i).filter((e) => !here.includes(e)).map((e) => button(e, false));
  fill(
    "sim-events",
    live.length > 0 ? el("div", { class: "sim-row", role: "group", "aria-label": "Accepted events" }, live) : el("p", {}, "No event is accepted here."),
    automaticHere(model, sim.run.config),
    others.length > 0 ? el("details", {}, el("summary", {}, `Not accepted here (${others.length}): try one to see why`), el("div", { class: "sim-row", role: "group", "aria-label": "Events not accepted here" }, others)) : null,
  );
}

/**
 * The automatic transitions of the active states (rules S20 and S21), which no one fires by
 * hand: the machine takes an eventless one after an input as soon as its guards hold, and a
 * completion when a step enters a final state inside its source (in every region of a
 * parallel state, rule S28).
 */
function automaticHere(model, config) {
  if (config.ended) return null;
  // Each atomic state's, then the states around it (innermost first), each state once.
  const states = new Set(config.atoms.flatMap((atom) => selfAndAncestors(model, atom)));
  const here = [...states]
    .flatMap((s) => transitionsFrom(model, s))
    .filter((id) => model.transitions[id].trigger !== "event");
  if (here.length === 0) return null;
  const item = (id) => {
    const t = model.transitions[id];
    const to = typeof t.to === "number" ? ` → ${model.states[t.to].name}` : typeof t.to === "object" ? ` → ${model.histories[t.to.recall].name}` : "";
    const final = model.states[t.from].parallel ? "every region reaches a final state" : "a final state inside it is entered";
    const when = t.trigger === "always" ? "eventless: taken by itself after an input when its guards hold" : `taken when ${model.states[t.from].name} completes (${final})`;
    return el("li", { class: "sim-automatic", "data-transition": id, title: t.doc }, el("code", {}, `${model.states[t.from].name}: ${t.label}${to}`), " ", el("span", { class: "sim-muted" }, when));
  };
  return el("div", { class: "sim-automatic-list" }, el("p", { class: "sim-muted" }, "Taken by the machine itself, not by a click:"), el("ul", {}, here.map(item)));
}

function drawGuards(sim, act) {
  const model = sim.model;
  if (model.guards.length === 0) {
    fill("sim-guards", el("p", {}, "This lifecycle has no guards."));
    return;
  }
  fill(
    "sim-guards",
    model.guards.map((g, i) =>
      el(
        "label",
        { class: "sim-toggle", title: g.doc },
        el("input", {
          type: "checkbox",
          "data-guard": g.name,
          checked: sim.guards[i],
          onchange: (e) => act(() => (sim.guards[i] = e.target.checked), false),
        }),
        ` ${g.name} `,
        el("span", { class: "sim-muted" }, sim.guards[i] ? "holds" : "fails"),
      ),
    ),
  );
}

function drawClock(sim, act) {
  const model = sim.model;
  const timers = runningTimers(sim);
  const now = sim.run.clocks.now;
  const rows = timers.map((r) => {
    const t = model.timers[r.timer];
    const expiry = "to" in t.expiry ? `→ ${model.states[t.expiry.to].name}` : "recall" in t.expiry ? `→ ${model.histories[t.expiry.recall].text}` : "end" in t.expiry ? `ends: ${t.expiry.end}` : `notifies: ${t.expiry.notify}`;
    const due = r.due === null ? `no value for ${t.after.text}` : `t = ${timeText(r.due)} (in ${timeText(r.due - now)})`;
    // A wait answers the timer's guards as `machine run` does (they hold); "Expire now" asks the toggles.
    const asks = t.guards.length === 0 ? null : el("span", { class: "sim-asks", title: "When it falls due in a wait its guards hold, as in machine run; Expire now asks the toggles" }, `asks ${t.guards.map((test) => model.guards[test.guard].name).join(", ")}`);
    const expireButton = el("button", { type: "button", "data-expire": t.name, title: "Expire it now, as a service's scheduler would: its guards answer as toggled", onclick: () => act(() => expireNow(sim, r.timer)) }, "Expire now");
    return el("tr", {}, el("td", {}, timerText(model, r.timer), asks), el("td", {}, `step ${r.sinceStep}`), el("td", {}, due), el("td", {}, expiry), el("td", {}, expireButton));
  });
  const next = untilNextTimeout(sim);
  const waitInput = el("input", { id: "sim-wait", type: "text", value: "+1d", size: 6, "aria-label": "Time to wait, like +14d or +90m" });
  const waitError = el("span", { class: "sim-error", role: "alert" });
  const doWait = () => {
    const seconds = parseDuration(waitInput.value.replace(/^\+/, ""));
    if (typeof seconds === "string") waitError.textContent = `${waitInput.value}: ${seconds}`;
    else act(() => wait(sim, seconds));
  };
  waitInput.addEventListener("keydown", (e) => {
    if (e.key === "Enter") doWait();
  });
  fill(
    "sim-clock",
    timers.length === 0 ? el("p", {}, "No timer runs now.") : el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "timer"), el("th", {}, "started"), el("th", {}, "falls due"), el("th", {}, "then"), el("th", {}, ""))), el("tbody", {}, rows)),
    el("div", { class: "sim-row" },
      el("button", { type: "button", id: "sim-next-timeout", disabled: next === null, onclick: () => act(() => wait(sim, next)) }, next === null ? "Advance to the next timeout" : `Advance to the next timeout (+${timeText(next)})`),
      waitInput,
      el("button", { type: "button", onclick: doWait }, "Wait"),
      waitError,
    ),
    model.durations.map((d, i) =>
      el("label", { class: "sim-duration", title: d.doc },
        `${d.name} = `,
        el("input", {
          type: "text",
          size: 6,
          value: sim.durationTexts[i],
          placeholder: "e.g. 7d",
          "aria-label": `Value of the named duration ${d.name}`,
          onchange: (e) => {
            const text = e.target.value.trim();
            const seconds = text === "" ? null : parseDuration(text);
            if (typeof seconds === "string") return;
            const values = sim.durations.map((v, j) => (j === i ? seconds : v));
            const wrong = misordered(model, values);
            if (wrong !== null) {
              const [short, long] = wrong;
              waitError.textContent = `${model.durations[short].name} must be shorter than ${model.durations[long].name}, as the spec orders them with shorter_than:`;
              return;
            }
            act(() => {
              sim.durations[i] = seconds;
              sim.durationTexts[i] = text;
              replay(sim);
            });
          },
        })),
    ),
  );
}

function drawFault(sim, act) {
  const model = sim.model;
  const fault = model.fault;
  const config = sim.run.config;
  if (fault === null) {
    fill("sim-fault", el("p", {}, "This lifecycle has no fault state."));
    return;
  }
  if (stateOf(model, config) !== fault.state || config.ended) {
    fill("sim-fault", el("p", {}, `${model.events[fault.enter].name} enters ${model.states[fault.state].name} from any non-final state; it resolves there.`));
    return;
  }
  const targets = [];
  const from = faultedSummary(model, config);
  if (from !== null) targets.push([from, "back to where it faulted from"]);
  for (const s of fault.resumeTo) if (s !== from) targets.push([s, "resume_to"]);
  fill(
    "sim-fault",
    targets.length === 0 ? el("p", {}, "The state it faulted from is unknown, and the spec lists no resume_to state.") : null,
    el("div", { class: "sim-row" }, targets.map(([s, why]) =>
      el("button", { type: "button", "data-resume": model.states[s].name, onclick: () => act(() => resume(sim, s)) }, `Resume to ${model.states[s].name}`, el("span", { class: "sim-asks" }, why)))),
  );
}

function drawStarts(sim, act) {
  const model = sim.model;
  const select = model.starts.length > 1
    ? el("label", {}, "Start: ", el("select", { id: "sim-start", onchange: (e) => act(() => { sim.start = Number(e.target.value); sim.items = []; replay(sim); }) },
        model.starts.map((s, i) => el("option", { value: i, selected: i === sim.start }, `${s.name} (${model.states[s.state].name})`))))
    : null;
  const entry = startActions(model, sim.start);
  const note = entry.length === 0 ? null : el("p", { class: "sim-muted" }, `Starting in ${model.states[model.starts[sim.start].state].name} runs its entry actions: ${entry.map((a) => model.actions[a].name).join(", ")}.`);
  fill("sim-starts", select, note);
}

function drawIncidents(sim) {
  const model = sim.model;
  const atoms = sim.run.config.atoms;
  const here = model.incidents.filter((i) => i.states.some((s) => atoms.includes(s)));
  fill(
    "sim-incidents",
    here.length === 0 ? el("p", {}, "No incident of the error table applies here.") : el("dl", {}, here.map((i) => [
      el("dt", {}, i.name, i.transition === null ? null : el("span", { class: "sim-asks" }, `${model.events[i.transition.event].name} → ${model.states[i.transition.to].name}`)),
      el("dd", {}, el("span", { class: "sim-muted" }, i.event), " ", i.resolution),
    ])),
  );
}

/**
 * One line per item of the trace; an accepted step shows its actions in rule S12's order,
 * then the automatic steps it led to (rules S20 and S21), each with its own.
 */
function drawLog(sim) {
  const model = sim.model;
  const names = (ids) => ids.map((a) => model.actions[a].name).join(", ");
  // The actions of one step, in rule S12's three groups.
  const actionsOf = (step) => {
    const groups = actionGroups(model, step);
    const actions = [["exit", groups.exit], ["transition", groups.transition], ["entry", groups.entry]]
      .filter(([, ids]) => ids.length > 0)
      .map(([label, ids]) => el("span", { class: "sim-action" }, `${label}: ${names(ids)}`));
    return actions.length > 0 ? el("div", { class: "sim-actions" }, "actions: ", actions) : null;
  };
  const entries = sim.items.map((item, index) => {
    const records = sim.run.records.filter((r) => r.item === index);
    if (records.length === 0) return [el("li", { class: "sim-log-wait" }, `+${durationText(item.seconds)}: time passes; nothing falls due`)];
    return records.map((r) => {
      const input = inputText(model, r.input, r.asked);
      const at = `t = ${timeText(r.time)}`;
      if (!r.outcome.ok) {
        return el("li", { class: "sim-log-refused" }, el("span", { class: "sim-muted" }, at), " ", el("code", {}, input), ` refused in ${model.states[stateOf(model, r.before)].name}: ${refusalTextIn(model, r.before, r.outcome.refusal)}`);
      }
      const step = r.outcome.step;
      // Rules S20 and S21: the automatic steps the input led to, each on a line of its own,
      // worded as `machine run` words them after `; then `.
      const then = step.then.map((s) => el("div", { class: "sim-then" }, `then ${oneStepText(model, s)}`, actionsOf(s)));
      return el("li", {}, el("span", { class: "sim-muted" }, at), " ", el("code", {}, input), ` ${oneStepText(model, step)}`, actionsOf(step), then);
    });
  });
  fill("sim-log", entries.length === 0 ? el("li", { class: "sim-muted sim-empty" }, "Nothing has happened yet.") : entries);
}
