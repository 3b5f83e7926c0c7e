// The types of the runtime, written as comments so this file stays plain JavaScript: the page
// runs it as it is, and the TypeScript module uncomments them (`/*: T */` becomes `: T`,
// `/*:: ... */` its text). Everything is numbered as in `machine_core::model`: states, events,
// guards, actions, transitions, incidents, named durations and history states by their ids,
// timers in `TimerId` order. The model is the JSON object `machine_web::data::model` writes.

/*::
export type StateData = {
  readonly name: string;
  readonly rust: string;
  readonly wire: readonly string[];
  readonly doc: string;
  readonly final: boolean;
  readonly fault: boolean;
  // Rule S22: its children are regions, all active at once.
  readonly parallel: boolean;
  readonly entry: readonly number[];
  readonly exit: readonly number[];
  readonly parent: number | null;
  readonly initial: number | null;
};
export type EventData = {
  readonly name: string;
  readonly rust: string;
  readonly wire: readonly string[];
  readonly doc: string;
};
export type NamedData = { readonly name: string; readonly rust: string; readonly doc: string };
export type DurationData = NamedData & { readonly shorterThan: readonly number[] };
export type StartData = { readonly name: string | null; readonly rust: string | null; readonly state: number };
// One test of a guard list (rule S15): it passes when the guard holds, or, negated (`!name`), when it does not.
export type GuardTest = { readonly guard: number; readonly negated: boolean };
// Where a transition goes: a state, nowhere (internal), back to where the fault state was
// entered from, or to history state number `recall` (rule S19).
export type TargetData = number | "internal" | "history" | { readonly recall: number };
// What fires a transition: an event (`event` names it), nothing (`always`: an eventless
// transition, rule S21), or the completion of its source, a compound state (`done`, rule S20);
// `event` is null for the last two.
export type TriggerKind = "event" | "always" | "done";
export type TransitionData = {
  readonly from: number;
  readonly trigger: TriggerKind;
  readonly event: number | null;
  readonly to: TargetData;
  readonly guards: readonly GuardTest[];
  readonly actions: readonly number[];
  readonly restarts: readonly number[] | null;
  readonly origin: "spec" | "incident" | "faultEntry" | "faultExit";
  readonly incident: number | null;
  readonly label: string;
  readonly doc: string;
};
export type FaultData = {
  readonly state: number;
  readonly enter: number;
  readonly resume: number;
  readonly sources: readonly number[];
  readonly resumeTo: readonly number[];
};
export type IncidentData = {
  readonly name: string;
  readonly rust: string;
  readonly states: readonly number[];
  readonly noState: string | null;
  readonly event: string;
  readonly resolution: string;
  readonly transition: { readonly event: number; readonly to: number } | null;
};
export type Expiry =
  | { readonly to: number }
  | { readonly recall: number }
  | { readonly end: string }
  | { readonly notify: string };
export type TimerData = {
  readonly name: string;
  readonly rust: string;
  readonly named: boolean;
  readonly text: string;
  readonly label: string;
  readonly states: readonly number[];
  readonly spanning: boolean;
  readonly after: { readonly text: string; readonly seconds: number; readonly named: number | null };
  readonly expiry: Expiry;
  readonly resetBy: readonly number[];
  readonly guards: readonly GuardTest[];
  readonly actions: readonly number[];
  readonly doc: string;
};
// A history state of compound state `state` (rule S19); `text` is how `machine run` names it.
export type HistoryData = {
  readonly name: string;
  readonly rust: string;
  readonly state: number;
  readonly deep: boolean;
  readonly default: number;
  readonly text: string;
  readonly doc: string;
};
export type RefusalKind = "noTransition" | "guardFailed" | "guardHolds" | "unknownHistory" | "cannotResumeTo" | "noTimeout" | "unsettled" | "ended";
export type Words = {
  readonly refusals: { readonly [kind in RefusalKind]: string };
  readonly resumeOutsideFault: string;
  readonly resumeWithoutFault: string;
};
export type Model = {
  readonly name: string;
  readonly doc: string;
  readonly source: string;
  readonly wireCaseInsensitive: boolean;
  readonly states: readonly StateData[];
  readonly events: readonly EventData[];
  readonly guards: readonly NamedData[];
  readonly actions: readonly NamedData[];
  readonly durations: readonly DurationData[];
  readonly starts: readonly StartData[];
  readonly transitions: readonly TransitionData[];
  readonly fault: FaultData | null;
  readonly incidents: readonly IncidentData[];
  readonly timers: readonly TimerData[];
  readonly histories: readonly HistoryData[];
  // Rule S21: how many automatic steps one input may lead to (`settle_bound`).
  readonly settleBound: number;
  readonly words: Words;
};

// `recorded` (rules S19 and S29): for each compound state with a history state that the
// machine has left, `[compound, atoms]`: the atomic states it was in inside it when it last
// left it; sorted by the compound state, empty in a spec without history states.
export type Recorded = readonly (readonly [number, readonly number[]])[];
// A machine at one moment (rule S22, `machine_core::semantics::Config`): the atomic states it
// is in, in document order (one, or one per region of each active parallel state); while in
// the fault state, the atomic states it was entered from, when known (rule S5); whether an
// `end` timeout ended the lifecycle (rule S9); what it remembers (`recorded`).
export type Config = {
  readonly atoms: readonly number[];
  readonly history: readonly number[] | null;
  readonly ended: boolean;
  readonly recorded: Recorded;
};
// What a microstep did (rule S27): the configuration after it, the states it left
// (innermost first) and entered (outermost first).
export type Moved = { readonly config: Config; readonly exits: readonly number[]; readonly entries: readonly number[] };
export type Input =
  | { readonly kind: "event"; readonly event: number }
  | { readonly kind: "expire"; readonly timer: number }
  | { readonly kind: "resumeTo"; readonly state: number };
export type Cause =
  | { readonly kind: "transition"; readonly transition: number }
  | { readonly kind: "timeout"; readonly timer: number };
// `from` and `to` are summaries of the configurations before and after (rule S22); `also`
// (rules S25 and S26): the other transitions that fired with `cause` in the same microstep,
// one per region, in the order selected (empty without parallel states); `atoms`: the atomic
// states after the step, in document order. `then` (rules S20 and S21): the automatic steps
// the input led to after this one, in the order taken; the machine settles in the last one's
// `to`. Empty in those steps themselves.
export type Step = {
  readonly from: number;
  readonly to: number;
  readonly cause: Cause;
  readonly also: readonly number[];
  readonly atoms: readonly number[];
  readonly entered: boolean;
  readonly restarts: readonly number[];
  readonly exits: readonly number[];
  readonly entries: readonly number[];
  readonly then: readonly Step[];
};
export type Refusal =
  | { readonly kind: "noTransition" }
  | { readonly kind: "guardFailed"; readonly guard: number }
  | { readonly kind: "guardHolds"; readonly guard: number }
  | { readonly kind: "unknownHistory" }
  | { readonly kind: "cannotResumeTo"; readonly state: number }
  | { readonly kind: "noTimeout" }
  | { readonly kind: "unsettled" }
  | { readonly kind: "ended" };
export type Outcome =
  | { readonly ok: true; readonly config: Config; readonly step: Step }
  | { readonly ok: false; readonly refusal: Refusal };
export type Ask = (guard: number) => boolean;
export type Selected = { readonly ok: true; readonly transition: number } | { readonly ok: false; readonly refusal: Refusal };
*/
