// Starts the page: reads the model, binds the diagram, reads the URL's fragment, and draws
// everything again after each action (the trace is then saved in the fragment).

const model = JSON.parse(document.getElementById("sim-model").textContent);
const sim = newSim(model);
const diagram = bindDiagram(document.querySelector("#sim-diagram svg"), model);
const problem = readFragment(sim, location.hash);
replay(sim);

/** Runs `change`, then draws the page again and (when `save`) saves the run in the URL. */
function act(change, save = true) {
  const focused = document.activeElement;
  const key = focused && focused.dataset ? Object.entries(focused.dataset)[0] : undefined;
  change();
  draw();
  if (save) {
    try {
      history.replaceState(null, "", `#${fragment(sim)}`);
    } catch {
      location.hash = fragment(sim);
    }
  }
  // Keyboard users keep their place: the control they used, or the first event.
  const again = key === undefined ? null : document.querySelector(`[data-${key[0].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="${CSS.escape(key[1])}"]`);
  const first = document.querySelector("#sim-events button");
  if (again !== null) again.focus();
  else if (focused === document.body || !document.contains(focused)) first?.focus();
}

function live(label) {
  const config = sim.run.config;
  // An automatic transition (rules S20 and S21) is taken by the machine, never clicked.
  if (config.ended || label.automatic) return false;
  // Rule S25: an event's label is live when some atomic state takes a transition on it from there.
  const from = config.atoms.filter((atom) => leavesFrom(model, label.from, atom));
  if (label.event !== null) return from.some((atom) => accepted(model, atom).includes(label.event));
  return dueTimer(label) !== undefined && from.length > 0;
}

/** The running timer of a timer's label that will fall due, if any. */
function dueTimer(label) {
  return runningTimers(sim).find((t) => label.timers.includes(t.timer) && t.due !== null);
}

for (const label of diagram.labels) {
  label.element.addEventListener("click", () => {
    if (!live(label)) return;
    if (label.event !== null) act(() => fireEvent(sim, label.event));
    else {
      const r = dueTimer(label);
      if (r !== undefined) act(() => wait(sim, Math.max(0, r.due - sim.run.clocks.now)));
    }
  });
}

function copy(text, what) {
  const out = document.getElementById("sim-export");
  out.value = text;
  out.hidden = false;
  out.select();
  const say = (message) => (document.getElementById("sim-export-status").textContent = message);
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(() => say(`${what} copied.`), () => say(`${what} selected below: copy it with Ctrl+C.`));
  } else say(`${what} selected below: copy it with Ctrl+C.`);
}

document.getElementById("sim-undo").addEventListener("click", () => act(() => { sim.items.pop(); replay(sim); }));
document.getElementById("sim-reset").addEventListener("click", () => act(() => { sim.items = []; replay(sim); }));
document.getElementById("sim-copy-script").addEventListener("click", () => copy(runCommand(sim), "The `machine run` command"));
document.getElementById("sim-copy-test").addEventListener("click", () => copy(rustTest(sim), "The Rust test"));

function draw() {
  drawStatus(sim);
  drawEvents(sim, act);
  drawGuards(sim, act);
  drawClock(sim, act);
  drawFault(sim, act);
  drawStarts(sim, act);
  drawIncidents(sim);
  drawLog(sim);
  document.getElementById("sim-undo").disabled = sim.items.length === 0;
  paintDiagram(diagram, sim.model, sim.run.config.atoms, live);
  document.getElementById("sim-diagram").classList.toggle("sim-ended", sim.run.config.ended);
  document.getElementById("sim-problem").textContent = problem || "";
}

draw();
