// Reads each Mermaid file named on the command line with Mermaid's own parser (under jsdom,
// since Mermaid expects a browser) and prints one JSON line per file: the diagram type, the
// states and the relations (from, to, label) as Mermaid understood them, or the parse error.
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const states = [...diagram.db.getStates().keys()].sort();
    const relations = diagram.db
      .getRelations()
      .map((r) => ({ from: r.id1, to: r.id2, label: r.relationTitle ?? '' }));
    console.log(JSON.stringify({ file, type: diagram.type, states, relations }));
  } catch (e) {
    console.log(JSON.stringify({ file, error: String(e.message ?? e) }));
  }
}
