// Runs the scripts that tests/differential/tests/javascript.rs ran with `machine run --format
// json` in the JavaScript runtime (`parseScript`, `runScript`, `recordJson`) and prints where
// the lines differ, as JSON.
//
// node replay-words.mjs RUNTIME.mjs RUNS.json
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [runtimePath, runsPath] = process.argv.slice(2);
const rt = await import(pathToFileURL(runtimePath).href);
const runs = JSON.parse(readFileSync(runsPath, "utf8"));
/** JSON with the keys of every object sorted, to compare values whatever their key order. */
const canon = (value) => JSON.stringify(value, (_, v) =>
  v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v);
const mismatches = [];
let lines = 0;
for (const run of runs) {
  const parsed = rt.parseScript(run.model, run.script);
  if (!parsed.ok) {
    mismatches.push({ spec: run.name, script: run.script, error: parsed.error });
    continue;
  }
  // The script reads back as it was written.
  const again = rt.formatScript(run.model, parsed.items);
  const reparsed = rt.parseScript(run.model, again);
  if (!reparsed.ok || JSON.stringify(reparsed.items) !== JSON.stringify(parsed.items)) {
    mismatches.push({ spec: run.name, script: run.script, formatted: again });
  }
  const first = rt.startJson(run.model, run.start);
  if (canon(first) !== canon(run.first)) {
    mismatches.push({ spec: run.name, script: run.script, line: "start", expected: run.first, actual: first });
  }
  lines += 1;
  const config = rt.start(run.model, run.start);
  const result = rt.runScript(run.model, config, parsed.items, run.defaultGuard, run.durations);
  const actual = result.records.map((r) => rt.recordJson(run.model, r));
  lines += actual.length;
  if (canon(actual) !== canon(run.expected)) {
    const at = actual.findIndex((line, i) => canon(line) !== canon(run.expected[i]));
    mismatches.push({ spec: run.name, script: run.script, line: at, expected: run.expected[at], actual: actual[at] });
  }
}
console.log(JSON.stringify({ lines, mismatches: mismatches.slice(0, 20) }));
