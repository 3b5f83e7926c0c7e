// Type-checks a TypeScript project with the compiler's API (`tsc -p TSCONFIG`); prints `ok`,
// or the diagnostics, one per line.
//
// node typecheck.mjs TSCONFIG.json
import ts from "typescript";

const configPath = process.argv[2];
const read = ts.readConfigFile(configPath, ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, configPath.replace(/[^/]*$/, ""));
const program = ts.createProgram(parsed.fileNames, parsed.options);
const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
if (diagnostics.length === 0) console.log("ok");
for (const d of diagnostics) {
  const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : "";
  console.log(where + ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}
