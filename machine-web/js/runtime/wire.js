// Rule S11: which state or event a string from the wire is. The counterpart of
// `machine_core::semantics::wire`.

/**
 * Whether two wire names are the same: character by character, or, when the spec reads wire
 * names ignoring case, after lowercasing each character.
 */
export function sameWire(model /*: Model */, a /*: string */, b /*: string */) /*: boolean */ {
  if (!model.wireCaseInsensitive) return a === b;
  const lower = (text /*: string */) => Array.from(text, (c) => c.toLowerCase()).join("");
  return lower(a) === lower(b);
}

/** Rule S11: the state one of whose wire names is `text`, or null. */
export function stateFromWire(model /*: Model */, text /*: string */) /*: number | null */ {
  const index = model.states.findIndex((s) => s.wire.some((w) => sameWire(model, w, text)));
  return index < 0 ? null : index;
}

/** Rule S11 for events: the event one of whose wire names is `text`, or null. */
export function eventFromWire(model /*: Model */, text /*: string */) /*: number | null */ {
  const index = model.events.findIndex((e) => e.wire.some((w) => sameWire(model, w, text)));
  return index < 0 ? null : index;
}
