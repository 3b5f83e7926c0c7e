// Reachability, for status pages: which states a state can still reach, and a shortest way
// there. The same moves as the generated Rust's `can_reach` and `path_to`: transitions to
// another state (on an event, eventless or a completion: rules S20 and S21) and timers that
// move the machine, without the fault state's return to history (it only goes back), without
// self-moves, each (from, to, way) once.

/*::
// A move by an event (`event`), a timer (`timer`), or an automatic transition (`automatic`:
// eventless or a completion, rules S20 and S21); the other two are null.
export type Move = {
  readonly from: number;
  readonly to: number;
  readonly event: number | null;
  readonly timer: number | null;
  readonly automatic: "always" | "done" | null;
};
*/

/** Every move of the state graph: transitions in try order, then timers in timer order. */
export function moves(model /*: Model */) /*: Move[] */ {
  const all /*: Move[] */ = [];
  const atoms = atomsByState(model);
  const seen = new Set();
  const add = (move /*: Move */) => {
    const key = `${move.from} ${move.to} ${move.event} ${move.timer} ${move.automatic}`;
    if (move.from === move.to || seen.has(key)) return;
    seen.add(key);
    all.push(move);
  };
  // As the machine moves (rules S16, S17, S23 and S24, `semantics::tree::atomic_edges`): from
  // every state without children inside a move's source (inside the outermost parallel state
  // it leaves as a whole), to where entering its target leads (every region it enters). A
  // history state (rule S19) leads back to a state the machine was in before: its default is
  // the one new place.
  const parallel = hasParallel(model);
  const edge = (from /*: number */, written /*: number */, way /*: (from: number, to: number) => Move */) => {
    const d = domain(model, from, written);
    const outermost = parallelAround(model, from).filter((p) => d === null || (d !== p && isWithin(model, p, d))).pop();
    const scope = parallel && outermost !== undefined ? outermost : from;
    const to = parallel ? complete(model, [], d, [written]) : [descend(model, written)];
    for (const a of atoms[scope]) for (const b of to) add(way(a, b));
  };
  for (const t of model.transitions) {
    const written = typeof t.to === "number" ? t.to : typeof t.to === "object" ? model.histories[t.to.recall].default : null;
    if (written === null) continue;
    const automatic = t.trigger === "event" ? null : t.trigger;
    edge(t.from, written, (from, to) => ({ from, to, event: t.event, timer: null, automatic }));
  }
  model.timers.forEach((timer, id) => {
    const expiry = timer.expiry;
    const written = "to" in expiry ? expiry.to : "recall" in expiry ? model.histories[expiry.recall].default : null;
    if (written === null) return;
    for (const s of timer.states) edge(s, written, (from, to) => ({ from, to, event: null, timer: id, automatic: null }));
  });
  return all;
}

/** For each state, the states without children inside it (or itself), in state order: one pass over the tree. */
export function atomsByState(model /*: Model */) /*: number[][] */ {
  const compound = model.states.map(() => false);
  for (const s of model.states) if (s.parent !== null) compound[s.parent] = true;
  const atoms /*: number[][] */ = model.states.map(() => []);
  model.states.forEach((_, s) => {
    if (!compound[s]) for (const around of selfAndAncestors(model, s)) atoms[around].push(s);
  });
  return atoms;
}

/** The states without children inside `state` (or `state` itself), in state order. */
export function atomsWithin(model /*: Model */, state /*: number */) /*: number[] */ {
  return atomsByState(model)[state];
}

/**
 * Whether some sequence of inputs leads from `from` to `to` (always, when they are equal). A
 * machine "in" a compound state is where entering it leads (in every region of a parallel
 * state, rule S23); any state inside `to` will do.
 */
export function reaches(model /*: Model */, from /*: number */, to /*: number */) /*: boolean */ {
  const all = moves(model);
  const queue = defaultAtoms(model, from);
  const seen = new Set(queue);
  for (let head = 0; head < queue.length; head++) {
    if (isWithin(model, queue[head], to)) return true;
    for (const m of all) {
      if (m.from === queue[head] && !seen.has(m.to)) {
        seen.add(m.to);
        queue.push(m.to);
      }
    }
  }
  return false;
}

/**
 * A shortest sequence of moves from `from` to `to` (empty when they are equal), or null when
 * `to` cannot be reached. Searched backwards from `to`, breadth first, over the moves into
 * each state in move order, as the generated `path_to` does, so both give the same path; it
 * leaves from the state entering `from` leads to that is nearest (with parallel states, one
 * of its regions' initial states).
 */
export function shortestPath(model /*: Model */, from /*: number */, to /*: number */) /*: Move[] | null */ {
  if (!reaches(model, from, to)) return null;
  const all = moves(model);
  const starts = defaultAtoms(model, from);
  const next /*: (Move | null)[] */ = model.states.map(() => null);
  const queue = atomsWithin(model, to);
  let start = starts[0];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    if (starts.includes(state)) {
      start = state;
      break;
    }
    for (const m of all) {
      if (m.to === state && !isWithin(model, m.from, to) && next[m.from] === null) {
        next[m.from] = m;
        queue.push(m.from);
      }
    }
  }
  const path = [];
  for (let here = start; !isWithin(model, here, to); ) {
    const m = next[here];
    if (m === null) return null;
    path.push(m);
    here = m.to;
  }
  return path;
}
