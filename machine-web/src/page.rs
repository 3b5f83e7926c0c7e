//! `machine sim`: one self-contained HTML page that simulates a lifecycle. The diagram (drawn
//! by the caller: Graphviz's SVG, or the built-in layout's) with the active states
//! highlighted (one in each region of a parallel state, with the configuration in the status) and the edges that can be taken now clickable; the accepted events as
//! buttons, and the others to try; guard toggles; a virtual clock with the running timers;
//! the fault state's resolutions, the named starts and the incidents of the state; a step log
//! with the actions of rule S12 and the automatic steps of rules S20 and S21 (whose
//! transitions are marked as the machine's own, not clickable); undo, reset, the trace in the URL's fragment, and the run as
//! a `machine run` command or a Rust test.
//!
//! Everything is inline (style, the model as JSON, the runtime and the page's script): the
//! page makes no request of any kind, so it works from `file://`, and a Content Security
//! Policy says so to the browser. The same model and figure always give the same bytes.

use machine_core::Model;
use machine_core::words::generated_header;
use machine_render::xml::escape;

use crate::{data, runtime};

/// The page's scripts, after the runtime, in the order they run (one module scope).
const SCRIPTS: [&str; 5] = [
    include_str!("../js/page/diagram.js"),
    include_str!("../js/page/sim.js"),
    include_str!("../js/page/export.js"),
    include_str!("../js/page/view.js"),
    include_str!("../js/page/main.js"),
];

const STYLE: &str = include_str!("../js/page/page.css");

/// What the page shows.
#[derive(Clone, Copy, Debug)]
pub struct Page<'a> {
    /// The checked model.
    pub model: &'a Model,
    /// The diagram as SVG (an XML prologue and comments before `<svg` are dropped).
    pub svg: &'a str,
    /// Who laid the diagram out, for its caption (`Graphviz`, `the built-in layout`).
    pub layout: &'a str,
}

/// The HTML page.
pub fn render(page: &Page<'_>) -> String {
    let model = page.model;
    let name = escape(&model.name.spec);
    let mut script = runtime::javascript();
    for part in SCRIPTS {
        script.push_str(part);
    }
    let json = data::model(model).to_string();
    let parallel = model.has_parallel();
    format!(
        r#"<!DOCTYPE html>
<!-- {header} -->
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; connect-src 'none'; form-action 'none'">
<meta name="color-scheme" content="light dark">
<title>The {name} lifecycle: simulator</title>
<style>
{STYLE}</style>
</head>
<body>
<header>
<h1>The {name} lifecycle: simulator</h1>
<p>{doc}</p>
<p class="sim-muted">Click an event (a button, or its label on the diagram) to fire it; refused inputs say why, in the words of <code>machine run</code>. Generated from <code>{source}</code>: edit the spec, not this page.</p>
<p id="sim-problem" role="alert"></p>
</header>
<main>
<figure id="sim-diagram" aria-label="Diagram of the {name} lifecycle; the {current} highlighted">
<div class="sim-paper">
{svg}
</div>
<figcaption>Laid out by {layout}. {highlight}; underlined labels can be clicked.{automatic}</figcaption>
</figure>
<div id="sim-controls">
<section class="sim-panel" aria-labelledby="sim-h-state">
<h2 id="sim-h-state" class="sr-only">Current state</h2>
<p id="sim-status" role="status" aria-live="polite"></p>
<p id="sim-state-doc"></p>
<div id="sim-starts"></div>
</section>
<section class="sim-panel" aria-labelledby="sim-h-events">
<h2 id="sim-h-events">Events</h2>
<div id="sim-events"></div>
</section>
<section class="sim-panel" aria-labelledby="sim-h-guards">
<h2 id="sim-h-guards">Guards</h2>
<p class="sim-muted">Each guard holds or fails; an event asks its transitions' guards in order (rule S3), and the log shows the answers.</p>
<div id="sim-guards"></div>
</section>
<section class="sim-panel" aria-labelledby="sim-h-clock">
<h2 id="sim-h-clock">Clock</h2>
<div id="sim-clock"></div>
</section>
<section class="sim-panel" aria-labelledby="sim-h-fault">
<h2 id="sim-h-fault">Fault state</h2>
<div id="sim-fault"></div>
</section>
<section class="sim-panel" aria-labelledby="sim-h-incidents">
<h2 id="sim-h-incidents">Incidents here</h2>
<div id="sim-incidents"></div>
</section>
<section class="sim-panel" aria-labelledby="sim-h-log">
<h2 id="sim-h-log">Log</h2>
<ol id="sim-log" aria-live="polite"></ol>
<div class="sim-row">
<button type="button" id="sim-undo">Undo</button>
<button type="button" id="sim-reset">Reset</button>
<button type="button" id="sim-copy-script">Copy as a <code>machine run</code> command</button>
<button type="button" id="sim-copy-test">Copy as a Rust test</button>
</div>
<p id="sim-export-status" role="status" class="sim-muted"></p>
<textarea id="sim-export" readonly hidden aria-label="The text to copy"></textarea>
</section>
</div>
</main>
<script type="application/json" id="sim-model">{json}</script>
<script type="module">
{script}</script>
</body>
</html>
"#,
        header = generated_header(&model.source_name).replace("--", "- -"),
        doc = escape(&model.doc),
        source = escape(&model.source_name),
        svg = inline_svg(page.svg),
        layout = escape(page.layout),
        current = if parallel {
            "active states are"
        } else {
            "current state is"
        },
        // Rule S22: with parallel states the machine is in one state of each active region.
        highlight = if parallel {
            "The active states (one in each region of a parallel state ∥) have a thick blue border, the states around them a blue frame"
        } else {
            "The current state has a thick blue border"
        },
        automatic = if model.has_automatic() {
            " Grey italic labels (<code>always</code>, <code>done</code>) are taken by the machine itself after an input (rules S20 and S21), never by a click."
        } else {
            ""
        },
        json = json.replace('<', "\\u003c"),
        script = script.replace("</script", "<\\/script"),
    )
}

/// The SVG from its `<svg` element on: an XML prologue, a doctype or comments before it have
/// no place inside HTML.
fn inline_svg(svg: &str) -> &str {
    svg.find("<svg").map_or(svg, |at| &svg[at..]).trim_end()
}
