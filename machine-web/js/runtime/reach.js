// Reachability, for status pages: which states a state can still reach, and a shortest way
// there. The same moves as the generated Rust's `can_reach` and `path_to`: transitions to
// another state and timers that move the machine, without the fault state's return to
// history (it only goes back), without self-moves, each (from, to, way) once.

/*::
export type Move = { readonly from: number; readonly to: number; readonly event: number | null; readonly timer: number | null };
*/

/** Every move of the state graph: transitions in try order, then timers in timer order. */
export function moves(model /*: Model */) /*: Move[] */ {
  const all /*: Move[] */ = [];
  const seen = new Set();
  const add = (move /*: Move */) => {
    const key = `${move.from} ${move.to} ${move.event} ${move.timer}`;
    if (move.from === move.to || seen.has(key)) return;
    seen.add(key);
    all.push(move);
  };
  for (const t of model.transitions) {
    if (typeof t.to === "number") add({ from: t.from, to: t.to, event: t.event, timer: null });
  }
  model.timers.forEach((timer, id) => {
    const expiry = timer.expiry;
    if (!("to" in expiry)) return;
    for (const from of timer.states) add({ from, to: expiry.to, event: null, timer: id });
  });
  return all;
}

/** Whether some sequence of inputs leads from `from` to `to` (always, when they are equal). */
export function reaches(model /*: Model */, from /*: number */, to /*: number */) /*: boolean */ {
  const all = moves(model);
  const seen = new Set([from]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    if (queue[head] === to) return true;
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
 * each state in move order, as the generated `path_to` does, so both give the same path.
 */
export function shortestPath(model /*: Model */, from /*: number */, to /*: number */) /*: Move[] | null */ {
  if (!reaches(model, from, to)) return null;
  const all = moves(model);
  const next /*: (Move | null)[] */ = model.states.map(() => null);
  const queue = [to];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    if (state === from) break;
    for (const m of all) {
      if (m.to === state && m.from !== to && next[m.from] === null) {
        next[m.from] = m;
        queue.push(m.from);
      }
    }
  }
  const path = [];
  for (let here = from; here !== to; ) {
    const m = next[here];
    if (m === null) return null;
    path.push(m);
    here = m.to;
  }
  return path;
}
