// Loads an XState machine config exported by `machine export --format xstate` into the real
// `xstate` package (v5), replays test paths on it, and counts `@xstate/graph`'s shortest paths.
//
// Usage: node xstate-replay.mjs CONFIG.json PATHS.json SETTING.json
// PATHS.json: [{ "state": START_STATE, "steps": [STEP...] }], each STEP as in
// `machine paths --format json` (`kind` event|expire|resume, `name`, `index`, `guards`); an
// expiry also lists the `instants` (in seconds since the path started) the clock stops at:
// those of the timers due before it, which expire first, then its own.
// SETTING.json: { "order": [STATE...], "delays": { NAME: MS } }: the spec's states in document
// order, by name (the config's `states` are keyed by name, in the order JSON objects keep
// their keys, not the spec's), and the delays of the named durations.
// Prints JSON: { "replays": [[CONFIGURATION after each step...]...], "graph": { "paths": N,
// "distinct": D, "reached": [CONFIGURATION...] } }, where a CONFIGURATION is the atomic states
// the machine is in, in document order (one, or one per region of each active parallel
// state; `["(ended)"]` after an `end:` timeout); N counts the shortest paths from each start
// (a path with no steps is a start), D the distinct configurations they end in, `(ended)`
// included, and `reached` those configurations but `(ended)`.
import { readFileSync } from 'node:fs';
import { createMachine, createActor, SimulatedClock } from 'xstate';
import { getShortestPaths } from '@xstate/graph';

const [configFile, pathsFile, settingFile] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configFile, 'utf8'));
const paths = JSON.parse(readFileSync(pathsFile, 'utf8'));
const setting = JSON.parse(readFileSync(settingFile, 'utf8'));
const order = new Map(setting.order.map((name, i) => [name, i]));
// Named durations (an `after` key that is a name) are delays the user provides.
const delays = setting.delays;
const LIFECYCLE = '(lifecycle)';

// The named guards, implemented from the guard values the event carries.
const guardNames = new Set();
const collect = (node) => {
  for (const edges of [
    ...Object.values(node.on ?? {}),
    ...Object.values(node.after ?? {}),
    node.always ?? [],
    node.onDone ?? [],
  ]) {
    for (const edge of edges) {
      if (typeof edge.guard === 'string') guardNames.add(edge.guard);
    }
  }
  Object.values(node.states ?? {}).forEach(collect);
};
collect(config);
// The guard values of the step being taken: a delayed event carries none, nor does the
// completion event XState raises (`xstate.done.state.*`, rule S20), nor an eventless
// transition taken after one (rule S21); they all answer from the step's, which hold until
// the machine settles (guards it does not list do not hold).
let stepGuards = {};
const holds = (event, name) => (event.guards ?? stepGuards)[name] === true;
// `all`: every listed guard holds, and every `!name` listed does not (rule S15).
const test = (event, g) => (g.startsWith('!') ? !holds(event, g.slice(1)) : holds(event, g));
const guards = { all: ({ event }, params) => params.guards.every((g) => test(event, g)) };
for (const name of guardNames) guards[name] = ({ event }) => holds(event, name);
// The machine starting in `state` (a start's state): its config with another `initial`, so
// the state is entered and its delayed events are scheduled.
// The keys from `node` down to the state named `name` (inside the lifecycle's wrapper and
// compound states), or null.
const pathTo = (node, name) => {
  for (const [key, child] of Object.entries(node.states ?? {})) {
    if (key === name) return [key];
    const below = pathTo(child, name);
    if (below) return [key, ...below];
  }
  return null;
};
const machineFrom = (state) => {
  const copy = structuredClone(config);
  // Each level's `initial` leads to the state: the wrapper's, then compound states'; a
  // parallel state enters all its regions, each at its own `initial`.
  let node = copy;
  for (const key of pathTo(copy, state)) {
    if (node.type !== 'parallel') node.initial = key;
    node = node.states[key];
  }
  return createMachine(copy).provide({ guards, delays });
};

// The atomic states of a state value (`{ Working: { Transfer: 'Sending', Scan: 'Scanning' } }`),
// in document order.
const leaves = (value) =>
  typeof value === 'string' ? [value] : Object.values(value).flatMap(leaves);
const atoms = (value) => leaves(value).sort((a, b) => (order.get(a) ?? -1) - (order.get(b) ?? -1));

const replays = paths.map((path) => {
  const clock = new SimulatedClock();
  const actor = createActor(machineFrom(path.state), { clock });
  actor.subscribe({ error: (err) => { throw err; } });
  actor.start();
  const reached = [];
  for (const step of path.steps) {
    stepGuards = Object.fromEntries(step.guards ?? []);
    if (step.kind === 'event') {
      actor.send({ type: step.name, guards: stepGuards });
    } else if (step.kind === 'expire') {
      for (const instant of step.instants) clock.set(instant * 1000);
    } else {
      actor.send({ type: `resume(${step.name})` });
    }
    stepGuards = {};
    reached.push(atoms(actor.getSnapshot().value));
  }
  actor.stop();
  return reached;
});

// Every event the config handles, with every combination of the guards its transitions ask,
// and every delayed event (`xstate.after.DELAY.NODE_ID`). The guards of the automatic
// transitions (`always`, `onDone`: rules S20, S21) are asked after any of them, and answer
// from the event's values, as in a step of the replay.
const guardsOf = (guard) => (guard === undefined ? [] : typeof guard === 'string' ? [guard] : guard.params.guards);
const automatic = new Set();
const collectAutomatic = (node) => {
  for (const edge of [...(node.always ?? []), ...(node.onDone ?? [])]) {
    guardsOf(edge.guard).forEach((g) => automatic.add(g.replace(/^!/, '')));
  }
  Object.values(node.states ?? {}).forEach(collectAutomatic);
};
collectAutomatic(config);
const asked = new Map();
const events = [];
const combinations = (names) => {
  const list = [...new Set([...names].map((g) => g.replace(/^!/, '')))];
  return Array.from({ length: 1 << list.length }, (_, mask) =>
    Object.fromEntries(list.map((g, i) => [g, (mask & (1 << i)) !== 0])));
};
const visit = (node, id) => {
  for (const [type, edges] of Object.entries(node.on ?? {})) {
    const names = asked.get(type) ?? new Set(automatic);
    for (const edge of edges) guardsOf(edge.guard).forEach((g) => names.add(g));
    asked.set(type, names);
  }
  for (const [delay, edges] of Object.entries(node.after ?? {})) {
    // A delayed event carries no guard values; here it is given each combination of those
    // its candidates ask, which `holds` reads first.
    const names = [...automatic, ...edges.flatMap((edge) => guardsOf(edge.guard))];
    for (const guards of combinations(names)) {
      events.push({ type: `xstate.after.${delay}.${id}`, guards });
    }
  }
  for (const [key, child] of Object.entries(node.states ?? {})) visit(child, `${id}.${key}`);
};
visit(config, config.id);
for (const [type, names] of asked) {
  for (const guards of combinations(names)) events.push({ type, guards });
}
// The machine for @xstate/graph: each transition it computes answers the guards of the
// completions it leads to (whose events carry no values) from the event that started it.
const settling = (machine) => {
  const logic = Object.create(machine);
  logic.transition = (snapshot, event, scope) => {
    stepGuards = event.guards ?? {};
    try {
      return machine.transition(snapshot, event, scope);
    } finally {
      stepGuards = {};
    }
  };
  return logic;
};
// A state of the graph is the machine's state value and what its history states recorded:
// `@xstate/graph`'s default keeps the value alone, and would not go on from a state it had
// reached before with other records (where a return to history goes elsewhere).
const serializeState = (snapshot) => JSON.stringify({
  value: snapshot.value,
  history: Object.entries(snapshot.historyValue ?? {})
    .map(([id, nodes]) => [id, nodes.map((node) => node.id).sort()])
    .sort(),
});
const starts = [...new Set(paths.filter((p) => p.steps.length === 0).map((p) => p.state))];
const reached = new Map();
let count = 0;
for (const start of starts) {
  const shortest = getShortestPaths(settling(machineFrom(start)), { events, serializeState });
  count += shortest.length;
  for (const p of shortest) {
    const configuration = atoms(p.state.value);
    reached.set(JSON.stringify(configuration), configuration);
  }
}
const distinct = reached.size;
reached.delete(JSON.stringify(['(ended)']));
const configurations = [...reached.keys()].sort().map((key) => reached.get(key));
console.log(JSON.stringify({ replays, graph: { paths: count, distinct, reached: configurations } }));
