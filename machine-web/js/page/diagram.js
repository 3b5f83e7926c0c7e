// The page's diagram: finds the states and the edge labels in the SVG (Graphviz's, whose
// nodes and edges carry their DOT names in <title>, or the built-in layout's, whose boxes are
// found by the state name on their first line), highlights the active states (one in each
// region of a parallel state), and makes the labels of what can happen now clickable. Runs after the runtime, in the same module.

/** A bound diagram: the shapes of each state, and the labels of edges. */
function bindDiagram(svg, model) {
  const stateNames = new Map(model.states.map((s, i) => [s.name, i]));
  const eventNames = new Map(model.events.map((e, i) => [e.name, i]));
  const firstWord = (text) => text.trim().split(/[\s[]/)[0];
  const nodes = new Map();
  // Graphviz draws a compound state as a cluster (`cluster_<name>`) around the states inside.
  const clusters = new Map();
  const labels = [];
  const graphviz = svg.querySelector("g.node") !== null;
  // A timer's edge is labelled with its `label` (`machine_core::words::timer_label`), which
  // the layouts may break over two lines.
  const flat = (text) => text.trim().replace(/\s+/g, " ");
  const timerLabels = model.timers.map((t) => flat(t.label));
  // The first word of an automatic transition's label (`machine_core::words::trigger`).
  const automaticWords = new Set(model.transitions.filter((t) => t.trigger !== "event").map((t) => firstWord(t.label)));
  const labelOf = (element, text, from) => {
    const word = firstWord(text);
    const timers = timerLabels.flatMap((label, id) => (flat(text) === label || flat(text).startsWith(`${label} `) ? [id] : []));
    if (eventNames.has(word)) labels.push({ element, event: eventNames.get(word), timers: [], text, from, automatic: false });
    else if (timers.length > 0) labels.push({ element, event: null, timers, text, from, automatic: false });
    // Rules S20 and S21: an eventless (`always`) or completion (`done`) transition's label,
    // which the machine takes by itself: marked, never clickable.
    else if (automaticWords.has(word)) labels.push({ element, event: null, timers: [], text, from, automatic: true });
  };
  if (graphviz) {
    for (const g of svg.querySelectorAll("g.node")) {
      const title = g.querySelector("title");
      const state = title === null ? undefined : stateNames.get(title.textContent);
      if (state !== undefined) nodes.set(state, g);
    }
    for (const g of svg.querySelectorAll("g.cluster")) {
      const title = g.querySelector("title");
      const name = title === null ? "" : title.textContent.replace(/^cluster_/, "");
      if (title !== null && title.textContent.startsWith("cluster_") && stateNames.has(name)) {
        clusters.set(stateNames.get(name), g);
      }
    }
    for (const g of svg.querySelectorAll("g.edge")) {
      const title = g.querySelector("title");
      const texts = [...g.querySelectorAll("text")].map((t) => t.textContent);
      if (title === null || texts.length === 0) continue;
      const from = title.textContent.split("->")[0];
      labelOf(g, texts.join("\n"), stateNames.has(from) ? stateNames.get(from) : from);
    }
  } else {
    for (const text of svg.querySelectorAll("text")) {
      const lines = [...text.querySelectorAll("tspan")].map((t) => t.textContent);
      if (lines.length === 0) continue;
      const state = stateNames.get(lines[0]);
      const box = text.previousElementSibling;
      if (state !== undefined && box !== null && box.querySelector("rect") !== null && !nodes.has(state)) {
        nodes.set(state, box);
      } else {
        labelOf(text, lines.join("\n"), null);
      }
    }
  }
  for (const [state, g] of nodes) g.setAttribute("data-state", model.states[state].name);
  for (const label of labels) {
    label.element.classList.add(label.automatic ? "sim-automatic" : "sim-label");
    label.element.setAttribute("aria-hidden", "true");
  }
  for (const [state, g] of clusters) g.setAttribute("data-state", model.states[state].name);
  return { nodes, clusters, labels };
}

/** Whether a label drawn from `from` (a state, `fault:any`, another marker, or unknown) can be taken in `state`. */
function leavesFrom(model, from, state) {
  if (from === null) return true;
  // A label drawn from a compound state can be taken in every state inside it (rule S16).
  if (typeof from === "number") return isWithin(model, state, from);
  if (from === "fault:any") return model.fault !== null && model.fault.sources.includes(state);
  return false;
}

/**
 * Highlights the atomic states `atoms` (one in each region of the active parallel states,
 * rule S22), frames the states around them, and marks the labels that can be taken now
 * (`live(label)` says which).
 */
function paintDiagram(diagram, model, atoms, live) {
  const around = active(model, atoms).filter((s) => !atoms.includes(s));
  for (const [s, g] of diagram.nodes) {
    g.classList.toggle("sim-active", atoms.includes(s));
    g.classList.toggle("sim-within", around.includes(s));
  }
  for (const [s, g] of diagram.clusters) g.classList.toggle("sim-within", around.includes(s));
  for (const label of diagram.labels) label.element.classList.toggle("sim-live", live(label));
}
