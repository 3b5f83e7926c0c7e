// ---- the API by name (machine-web/js/typescript-api.ts): the runtime above, in the
// lifecycle's own names and union types.

/**
 * A machine (rule S22): `configuration`, the states without children it is in, in spec order
 * (one, or one in each region of every active parallel state; it is also in every state
 * around them), and `state`, their summary: the innermost state around them all (the one
 * state without parallel states), what a status poll reports. While in the fault state,
 * `history` holds the configuration it was entered from, when known (rule S5; `faultedFrom`
 * is its summary); `ended` says whether an `end` timeout ended it (S9). `recorded` (rules S19
 * and S29): for each compound state with a history state that it has left,
 * `[compound, states]`: the states without children it was in inside it when it last left
 * it, in state order (empty in a spec without history states; see `remembered`).
 */
export type Machine = {
  readonly state: State;
  readonly configuration: readonly State[];
  readonly history: readonly State[] | null;
  readonly ended: boolean;
  readonly recorded: readonly (readonly [State, readonly State[]])[];
};

/**
 * Where a transition to a history state goes (rules S19 and S29): back to where the machine
 * was inside `state` when it last left it (`remembered`): the states without children
 * themselves (`deep`), or the states directly inside `state` that held them, entered down to
 * their initial states; when it never left it, to `default` (down to its initial states).
 */
export type Recall = { readonly recall: History; readonly state: State; readonly deep: boolean; readonly default: State };

/**
 * One row of the transition table, tried in this order (rule S2). `trigger` says what fires
 * it: `event` (then `event` names it), `always` (an eventless transition, taken by the
 * machine itself as soon as its guards hold: rule S21) or `done` (taken when `from`, a
 * compound state, completes: rule S20); `event` is null for the last two.
 */
export type Transition = {
  readonly from: State;
  readonly trigger: TriggerKind;
  readonly event: Event | null;
  readonly to: State | "internal" | "history" | Recall;
  /** Rule S15: each guard asked, in order, and whether it is negated (`!name`: it must not hold). */
  readonly guards: readonly { readonly guard: Guard; readonly negated: boolean }[];
  readonly actions: readonly Action[];
  readonly origin: "spec" | "incident" | "faultEntry" | "faultExit";
};

const stateAt = (index: number): State => STATES[index] as State;
const eventAt = (index: number): Event => EVENTS[index] as Event;
const guardAt = (index: number): Guard => GUARDS[index] as Guard;
const timerAt = (index: number): Timer => TIMERS[index] as Timer;
const indexOf = (names: readonly string[], name: string): number => names.indexOf(name);

/** History state number `index` as a transition's target. */
function recallAt(index: number): Recall {
  const h = model.histories[index];
  return { recall: HISTORIES[index] as History, state: stateAt(h.state), deep: h.deep, default: stateAt(h.default) };
}

/** The transition table, in the order transitions are tried. */
export const TRANSITIONS: readonly Transition[] = model.transitions.map((t) => ({
  from: stateAt(t.from),
  trigger: t.trigger,
  event: t.event === null ? null : eventAt(t.event),
  to: typeof t.to === "number" ? stateAt(t.to) : typeof t.to === "string" ? t.to : recallAt(t.to.recall),
  guards: t.guards.map((test) => ({ guard: guardAt(test.guard), negated: test.negated })),
  actions: t.actions.map((a) => ACTIONS[a] as Action),
  origin: t.origin,
}));

/** Rule S11: the state one of whose wire names is `text` (ignoring case when the spec says so), or undefined. */
export function parseState(text: string): State | undefined {
  const index = stateFromWire(model, text);
  return index === null ? undefined : stateAt(index);
}

/** The wire name of `state`: what the API reports for it. */
export function formatState(state: State): string {
  return model.states[indexOf(STATES, state)].wire[0];
}

/** Rule S11 for events: the event one of whose wire names is `text`, or undefined. */
export function parseEvent(text: string): Event | undefined {
  const index = eventFromWire(model, text);
  return index === null ? undefined : eventAt(index);
}

/** The wire name of `event`. */
export function formatEvent(event: Event): string {
  return model.events[indexOf(EVENTS, event)].wire[0];
}

/** The events `state` has a transition for, in event order. */
export function acceptedEvents(state: State): Event[] {
  return accepted(model, indexOf(STATES, state)).map(eventAt);
}

/** Whether `state` has a transition on `event` (its guards may still refuse it). */
export function accepts(state: State, event: Event): boolean {
  return candidates(model, indexOf(STATES, state), indexOf(EVENTS, event)).length > 0;
}

/** The compound state `state` lies directly inside, or null at the top level. */
export function parent(state: State): State | null {
  const p = model.states[indexOf(STATES, state)].parent;
  return p === null ? null : stateAt(p);
}

/**
 * Whether `where` is in `state`: a state that is `state` or lies inside it (a machine in it is
 * in `state` too), or a machine one of whose states without children does (rule S22).
 */
export function isIn(where: State | Machine, state: State): boolean {
  const inside = typeof where === "string" ? [where] : where.configuration;
  return inside.some((s) => isWithin(model, indexOf(STATES, s), indexOf(STATES, state)));
}

/** Whether some inputs lead from `from` to `to` (a status poll that jumped there is legal). */
export function canReach(from: State, to: State): boolean {
  return reaches(model, indexOf(STATES, from), indexOf(STATES, to));
}

/**
 * One move of a path: the event that makes it, or the timer whose expiry does, or the
 * automatic transition the machine takes by itself (`always` or `done`, rules S20 and S21),
 * and the state after.
 */
export type Way = {
  readonly event: Event | null;
  readonly timer: Timer | null;
  readonly automatic: "always" | "done" | null;
  readonly to: State;
};

/** A shortest way from `from` to `to` (empty when they are equal), or undefined when `to` cannot be reached. */
export function pathTo(from: State, to: State): Way[] | undefined {
  const path = shortestPath(model, indexOf(STATES, from), indexOf(STATES, to));
  if (path === null) return undefined;
  return path.map((m) => ({
    event: m.event === null ? null : eventAt(m.event),
    timer: m.timer === null ? null : timerAt(m.timer),
    automatic: m.automatic,
    to: stateAt(m.to),
  }));
}

/** Rule S1: a new machine at its start (name it when the spec has several), in every region of a parallel state (S23). */
export function initial(name?: Start): Machine {
  const index = name === undefined ? 0 : indexOf(STARTS, name);
  return named(start(model, Math.max(index, 0)));
}

/**
 * A machine known only by its state (e.g. from a status poll): entered as a transition to it
 * would be (down to its initial state, in every region of a parallel state: rule S23), with
 * no history and nothing recorded.
 */
export function machineAt(state: State): Machine {
  return named(polled(model, indexOf(STATES, state)));
}

/**
 * Rule S5: while `machine` is in the fault state, the state it was entered from (the summary
 * of `history`), when known; null otherwise. A resolution may resume there.
 */
export function faultedFrom(machine: Machine): State | null {
  const from = faultedSummary(model, configOf(machine));
  return from === null ? null : stateAt(from);
}

/**
 * Rules S19 and S29: the states without children `machine` was in inside `state`, which has a
 * history state, when it last left it (one, or one per region of a parallel state inside);
 * null when it never left it (or when `state` has no history state). A transition to a
 * history state of `state` goes back there.
 */
export function remembered(machine: Machine, state: State): readonly State[] | null {
  const atoms = recordedAtoms(configOf(machine).recorded, indexOf(STATES, state));
  return atoms === null ? null : atoms.map(stateAt);
}

/** What can happen to a machine: an event, the expiry of a timer, or a resolution of the fault state. */
export type Trigger = Event | { readonly expire: Timer } | { readonly resumeTo: State };

/** The answers to the guards: by name (an unnamed guard does not hold), or a function asked in rule S3's order. */
export type Guards = { readonly [guard in Guard]?: boolean } | ((guard: Guard) => boolean);

/**
 * One automatic step an input led to (rules S20 and S21): an eventless transition
 * (`always`, one per region with parallel states) or the completion of a compound or
 * parallel state (`done`), with what it moved, the clocks it starts again and the actions
 * it runs, in `machine run`'s words (`text`).
 */
export type AutomaticStep = {
  readonly from: State;
  readonly to: State;
  /** Rule S22: the states without children the machine is in after it. */
  readonly configuration: readonly State[];
  readonly trigger: "always" | "done";
  readonly entered: boolean;
  readonly exits: readonly State[];
  readonly entries: readonly State[];
  readonly restarts: readonly Timer[];
  readonly actions: readonly Action[];
  readonly text: string;
};

/**
 * An accepted input: the machine after, what its own step moved (`from` and `to` are
 * summaries, `configuration` the states without children after it: rule S22) and the clocks
 * it starts again (S6); the automatic steps it led to (`then`, rules S20 and S21), each with
 * its own, and the state the machine settled in (`settled`: the last one's `to`, or `to` when
 * there is none); `actions`: every action the input runs (S12), its step's (with those of
 * every transition that fired with it, one per region: S27) then those of `then`, in order.
 * `text` words them all, as `machine run` does.
 */
export type Stepped = {
  readonly ok: true;
  readonly machine: Machine;
  readonly from: State;
  readonly to: State;
  readonly configuration: readonly State[];
  readonly entered: boolean;
  /** The states left, innermost first, and entered, outermost first (rule S16). */
  readonly exits: readonly State[];
  readonly entries: readonly State[];
  readonly restarts: readonly Timer[];
  readonly actions: readonly Action[];
  readonly then: readonly AutomaticStep[];
  readonly settled: State;
  readonly asked: readonly (readonly [Guard, boolean])[];
  readonly text: string;
};

/** A refused input: why (`kind`, with the guard or state it names), in `machine run`'s words; the machine stays. */
export type Refused = {
  readonly ok: false;
  readonly kind: Refusal["kind"];
  readonly guard: Guard | null;
  readonly state: State | null;
  readonly asked: readonly (readonly [Guard, boolean])[];
  readonly text: string;
};

function named(config: Config): Machine {
  return {
    state: stateAt(stateOf(model, config)),
    configuration: config.atoms.map(stateAt),
    history: config.history === null ? null : config.history.map(stateAt),
    ended: config.ended,
    recorded: config.recorded.map(([compound, atoms]) => [stateAt(compound), atoms.map(stateAt)] as const),
  };
}

/** The runtime's configuration of `machine` (its states in spec order, what it recorded in state order). */
function configOf(machine: Machine): Config {
  const ids = (states: readonly State[]): number[] => states.map((s) => indexOf(STATES, s)).sort((a, b) => a - b);
  return {
    atoms: ids(machine.configuration),
    history: machine.history === null ? null : ids(machine.history),
    ended: machine.ended,
    recorded: machine.recorded
      .map(([compound, atoms]) => [indexOf(STATES, compound), ids(atoms)] as const)
      .sort((a, b) => a[0] - b[0]),
  };
}

/** The semantics, by name: applies `trigger` to `machine` and returns what happened. Pure: `machine` is not changed. */
export function step(machine: Machine, trigger: Trigger, guards: Guards = {}): Stepped | Refused {
  const config = configOf(machine);
  let input: Input;
  if (typeof trigger === "string") input = { kind: "event", event: indexOf(EVENTS, trigger) };
  else if ("expire" in trigger) input = { kind: "expire", timer: indexOf(TIMERS, trigger.expire) };
  else input = { kind: "resumeTo", state: indexOf(STATES, trigger.resumeTo) };
  const asked: [Guard, boolean][] = [];
  const answer = (index: number): boolean => {
    const guard = guardAt(index);
    const holds = typeof guards === "function" ? guards(guard) : guards[guard] === true;
    asked.push([guard, holds]);
    return holds;
  };
  const outcome = advance(model, config, input, answer);
  if (!outcome.ok) {
    const refusal = outcome.refusal;
    return {
      ok: false,
      kind: refusal.kind,
      guard: refusal.kind === "guardFailed" || refusal.kind === "guardHolds" ? guardAt(refusal.guard) : null,
      state: refusal.kind === "cannotResumeTo" ? stateAt(refusal.state) : null,
      asked,
      text: refusalTextIn(model, config, refusal),
    };
  }
  const taken = outcome.step;
  return {
    ok: true,
    machine: named(outcome.config),
    from: stateAt(taken.from),
    to: stateAt(taken.to),
    configuration: taken.atoms.map(stateAt),
    entered: taken.entered,
    exits: taken.exits.map(stateAt),
    entries: taken.entries.map(stateAt),
    restarts: taken.restarts.map(timerAt),
    actions: inputActions(model, taken).map((a) => ACTIONS[a] as Action),
    then: taken.then.map(automaticStep),
    settled: stateAt(stateOf(model, outcome.config)),
    asked,
    text: stepText(model, taken),
  };
}

/** An automatic step of the runtime (rules S20 and S21), by name. */
function automaticStep(taken: Step): AutomaticStep {
  const cause = taken.cause;
  const trigger = cause.kind === "transition" ? model.transitions[cause.transition].trigger : "event";
  return {
    from: stateAt(taken.from),
    to: stateAt(taken.to),
    configuration: taken.atoms.map(stateAt),
    trigger: trigger === "done" ? "done" : "always",
    entered: taken.entered,
    exits: taken.exits.map(stateAt),
    entries: taken.entries.map(stateAt),
    restarts: taken.restarts.map(timerAt),
    actions: actions(model, taken).map((a) => ACTIONS[a] as Action),
    text: oneStepText(model, taken),
  };
}
