//! The Markdown page of `machine docs`: for several machines, their doc text, figures and
//! every table, under one legend that explains the figures.
//!
//! Like every renderer, a pure function: it takes the models and the figures already
//! rendered (the Mermaid text goes inside the page; the SVG, DOT and Mermaid files are
//! linked by name), and the CLI writes the files.

use std::fmt::Write;

use machine_core::model::Model;

use crate::diagram::Diagram;
use crate::legend::{self, Entry};
use crate::{markdown, text};
use machine_core::words::generated_header;

/// One machine of a page.
#[derive(Clone, Copy, Debug)]
pub struct Machine<'a> {
    /// The checked model.
    pub model: &'a Model,
    /// The file stem of its figures (`job` for `job.svg`, `job.dot`, `job.mmd`).
    pub stem: &'a str,
    /// Its Mermaid text, as [`crate::mermaid::render`] wrote it.
    pub mermaid: &'a str,
}

/// What a page shows.
#[derive(Clone, Copy, Debug)]
pub struct Page<'a> {
    /// The directory of the figures, relative to the page (`import-export`).
    pub assets: &'a str,
    /// The command that writes the page, which the page names.
    pub command: &'a str,
    /// The machines, in the order they are shown.
    pub machines: &'a [Machine<'a>],
}

/// The Markdown page: a `@generated` header, a title, a table of contents, the legend of
/// every figure on the page, then per machine its doc text, its SVG figure, its Mermaid
/// diagram (folded) and every table.
pub fn render(page: &Page<'_>) -> String {
    let sources: Vec<&str> = page
        .machines
        .iter()
        .map(|m| m.model.source_name.as_str())
        .collect();
    let mut out = String::new();
    let _ = writeln!(out, "<!-- {} -->\n", generated_header(&sources.join(", ")));
    let names: Vec<&str> = page
        .machines
        .iter()
        .map(|m| m.model.name.spec.as_str())
        .collect();
    let title = match names.as_slice() {
        [one] => format!("The {one} lifecycle"),
        [init @ .., last] => format!("The {} and {last} lifecycles", init.join(", ")),
        [] => "Lifecycles".to_owned(),
    };
    let _ = writeln!(out, "# {title}\n");
    let _ = writeln!(
        out,
        "Generated from {} by `{}`. Edit the specs, not this page.\n",
        sources
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(" and "),
        page.command
    );
    for name in &names {
        let _ = writeln!(
            out,
            "- [{name}](#{})",
            name.to_lowercase().replace(' ', "-")
        );
    }
    out.push_str("\n## How to read the diagrams\n\n");
    out.push_str(&legend_table(page));
    for machine in page.machines {
        let model = machine.model;
        let _ = writeln!(out, "\n## {}\n", model.name.spec);
        for paragraph in text::paragraphs(&model.doc) {
            let _ = writeln!(out, "{paragraph}\n");
        }
        let simulator = format!(
            " Try the lifecycle in a browser: [{stem}.html]({assets}/{stem}.html), a \
             simulator page that works offline (download it and open it from disk).",
            assets = page.assets,
            stem = machine.stem,
        );
        let _ = writeln!(
            out,
            "![The {name} lifecycle]({assets}/{stem}.svg)\n\n\
             <details><summary>The same diagram in Mermaid (GitHub renders it)</summary>\n\n\
             ```mermaid\n{mermaid}```\n\n</details>\n\n\
             Sources of the figure: [{stem}.dot]({assets}/{stem}.dot) (Graphviz), \
             [{stem}.mmd]({assets}/{stem}.mmd) (Mermaid).{simulator}\n",
            name = model.name.spec,
            assets = page.assets,
            stem = machine.stem,
            mermaid = machine.mermaid,
        );
        out.push_str(&markdown::render(model, 3));
    }
    out
}

/// One spec's tables as a document of their own: the machine's name as the title, then
/// every table under a heading.
pub fn tables(model: &Model) -> String {
    format!("# {}\n\n{}", model.name.spec, markdown::render(model, 2))
}

/// The legend entries that some figure on the page uses, as a table.
fn legend_table(page: &Page<'_>) -> String {
    let used: Vec<&Entry> = page
        .machines
        .iter()
        .flat_map(|m| legend::entries(m.model, &Diagram::new(m.model)))
        .collect();
    let rows = legend::LEGEND
        .iter()
        .filter(|e| used.contains(e))
        .map(|entry| {
            let symbol = match entry.colour {
                Some(colour) => format!("{} ({})", entry.symbol, colour.name),
                None => entry.symbol.to_owned(),
            };
            vec![
                markdown::escape(&symbol),
                markdown::escape(entry.meaning),
                markdown::cell(entry.detail),
            ]
        });
    markdown::table(&["Symbol", "Meaning", "Notes"], rows)
}
