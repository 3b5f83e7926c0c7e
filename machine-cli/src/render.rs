//! `machine dot|svg|mermaid|table|export` (one spec, one figure or table) and `machine docs` (every
//! format for several specs, plus a Markdown page that shows them).
//!
//! The renderers, the docs page included, are pure functions in `machine-render` and `machine-export`; this
//! module reads the specs, runs Graphviz when asked to, and writes files only when their bytes
//! change.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use machine_core::Model;
use machine_export::{scxml, xstate};
use machine_render::{dot, markdown, mermaid, page, svg};
use machine_web::page as sim_page;

use crate::output::deliver;
use crate::report::{self, ColorChoice};
use crate::{EXIT_FINDINGS, EXIT_OK, Freshness, spec_file, write_or_check};

/// Which program lays out SVG.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Engine {
    /// Graphviz `dot` when it is installed, else the built-in layout.
    Auto,
    /// Graphviz `dot` (fails when it is not installed).
    Graphviz,
    /// The built-in pure-Rust layout.
    Builtin,
}

/// One table of `machine table`, or all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Table {
    /// Every table, each under a heading.
    All,
    /// States with their description.
    States,
    /// The error (incident) table.
    Errors,
    /// Timeouts.
    Timeouts,
    /// Transitions.
    Transitions,
    /// Events.
    Events,
    /// Guards.
    Guards,
    /// History states (empty when the spec has none).
    Histories,
}

/// The format of `machine export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Export {
    /// A machine config for the xstate v5 package (JSON), for `createMachine`.
    Xstate,
    /// A W3C SCXML 1.0 document, for an SCXML engine.
    Scxml,
}

/// What a single-spec command prints.
#[derive(Clone, Copy, Debug)]
pub enum Output {
    /// Graphviz DOT.
    Dot,
    /// SVG, laid out by this engine.
    Svg(Engine),
    /// Mermaid `stateDiagram-v2`.
    Mermaid,
    /// Markdown tables.
    Table(Table),
    /// An export for another engine.
    Export(Export),
}

/// `machine dot|svg|mermaid|table SPEC [-o FILE]`.
pub fn one(
    spec: &Path,
    what: Output,
    output: Option<&Path>,
    color: ColorChoice,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, String> {
    let Some((source, model)) = spec_file::compile_with_source(spec, color, err)? else {
        return Ok(EXIT_FINDINGS);
    };
    let text = match what {
        Output::Dot => dot::render(&model),
        Output::Svg(engine) => render_svg(&dot::render(&model), &model, engine, spec, err)?,
        Output::Mermaid => mermaid::render(&model),
        Output::Table(table) => tables(&model, table),
        Output::Export(export) => {
            let format = match export {
                Export::Xstate => "XState",
                Export::Scxml => "SCXML",
            };
            if let Some(why) = machine_export::unexportable(&model, format) {
                return Err(why);
            }
            match export {
                Export::Xstate => {
                    let gaps = xstate::gaps(&model);
                    if !gaps.is_empty() {
                        let color = report::use_color(color);
                        write!(err, "{}", report::human(&source, &gaps, color))
                            .map_err(|e| e.to_string())?;
                    }
                    xstate::render(&model)
                }
                Export::Scxml => scxml::render(&model),
            }
        }
    };
    deliver(output, &text, out)?;
    Ok(EXIT_OK)
}

fn tables(model: &Model, table: Table) -> String {
    match table {
        Table::All => page::tables(model),
        Table::States => markdown::state_table(model),
        Table::Errors => markdown::incident_table(model),
        Table::Timeouts => markdown::timeout_table(model),
        Table::Transitions => markdown::transition_table(model),
        Table::Events => markdown::event_table(model),
        Table::Guards => markdown::guard_table(model),
        Table::Histories => markdown::history_table(model),
    }
}

/// Options of `machine docs`.
#[derive(Debug)]
pub struct Docs<'a> {
    /// The spec files.
    pub specs: &'a [PathBuf],
    /// The directory the page goes into.
    pub out_dir: &'a Path,
    /// The page's file stem; its figures go into a directory of that name beside it.
    pub page: Option<&'a str>,
    /// How to lay out SVG.
    pub engine: Engine,
    /// Lay out every SVG again, even when its DOT did not change.
    pub rerender: bool,
    /// Write nothing; exit 1 when a file is missing or stale.
    pub check: bool,
}

/// `machine docs SPEC... --out DIR`: for each spec, `DIR/PAGE/STEM.{dot,mmd,svg}`, and the
/// page `DIR/PAGE.md` with every diagram and table. `PAGE` defaults to the name of the
/// directory the specs are in (`spec/import-export/*.yaml` gives `import-export`).
pub fn docs(
    options: &Docs<'_>,
    color: ColorChoice,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, String> {
    let page_name = match options.page {
        Some(page) => page.to_owned(),
        None => default_page(options.specs),
    };
    let assets = options.out_dir.join(&page_name);
    let mut machines = Vec::new();
    let mut failed = false;
    let mut stems = BTreeSet::new();
    for spec in options.specs {
        let stem = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .ok_or_else(|| format!("{} has no file name", spec.display()))?;
        if !stems.insert(stem.clone()) {
            return Err(format!(
                "two specs are named `{stem}`: their figures would overwrite each other"
            ));
        }
        match spec_file::compile(spec, color, err)? {
            Some(model) => machines.push((stem, model)),
            None => failed = true,
        }
    }
    if failed {
        return Ok(EXIT_FINDINGS);
    }

    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut svgs = Vec::new();
    let mut sims = Vec::new();
    let mut mermaids = Vec::new();
    for (stem, model) in &machines {
        let dot_text = dot::render(model);
        let mermaid_text = mermaid::render(model);
        files.push((assets.join(format!("{stem}.dot")), dot_text.clone()));
        files.push((assets.join(format!("{stem}.mmd")), mermaid_text.clone()));
        svgs.push((assets.join(format!("{stem}.svg")), dot_text.clone(), model));
        sims.push((
            assets.join(format!("{stem}.html")),
            assets.join(format!("{stem}.svg")),
            dot_text,
            model,
        ));
        mermaids.push(mermaid_text);
    }
    let shown: Vec<page::Machine<'_>> = machines
        .iter()
        .zip(&mermaids)
        .map(|((stem, model), mermaid)| page::Machine {
            model,
            stem,
            mermaid,
        })
        .collect();
    files.push((
        options.out_dir.join(format!("{page_name}.md")),
        page::render(&page::Page {
            assets: &page_name,
            command: &command_line(options, &page_name),
            machines: &shown,
        }),
    ));

    let mut stale = Vec::new();
    let mut written = 0;
    for (path, text) in &files {
        match write_or_check(path, text.as_bytes(), options.check)? {
            Freshness::Fresh => {}
            Freshness::Written => written += 1,
            Freshness::Stale => stale.push(path.clone()),
        }
    }
    for (path, dot_text, model) in svgs {
        // An SVG is fresh when it was laid out from this DOT: the layout's bytes vary between
        // Graphviz versions, so its stamp is compared, not its bytes.
        let stamp = stamp(&dot_text);
        let fresh = std::fs::read_to_string(&path).is_ok_and(|old| old.contains(&stamp));
        if options.check {
            if !fresh {
                stale.push(path);
            }
        } else if !fresh || options.rerender {
            let text = render_svg(&dot_text, model, options.engine, &path, err)?;
            if write_or_check(&path, text.as_bytes(), false)? == Freshness::Written {
                written += 1;
            }
        }
    }
    for (path, svg_path, dot_text, model) in sims {
        // Like an SVG, a simulator page holds a layout: it is fresh when it was made from this
        // DOT and this page, which its stamp says.
        let stamp = sim_stamp(model, &dot_text);
        let fresh = std::fs::read_to_string(&path).is_ok_and(|old| old.contains(&stamp));
        if options.check {
            if !fresh {
                stale.push(path);
            }
        } else if !fresh || options.rerender {
            let svg = std::fs::read_to_string(&svg_path)
                .map_err(|e| format!("cannot read {}: {e}", svg_path.display()))?;
            let html = insert_stamp(&simulator(model, &svg), &stamp);
            if write_or_check(&path, html.as_bytes(), false)? == Freshness::Written {
                written += 1;
            }
        }
    }
    if options.check {
        for path in &stale {
            let _ = writeln!(err, "stale: {}", spec_file::display_name(path));
        }
        if !stale.is_empty() {
            let _ = writeln!(
                err,
                "run `{}` to update them",
                command_line(options, &page_name)
            );
            return Ok(EXIT_FINDINGS);
        }
        return Ok(EXIT_OK);
    }
    let _ = writeln!(
        out,
        "{written} file{} written, {} up to date",
        if written == 1 { "" } else { "s" },
        files.len() + 2 * machines.len() - written
    );
    Ok(EXIT_OK)
}

/// The name of the directory every spec is in, or `lifecycles` when they differ.
fn default_page(specs: &[PathBuf]) -> String {
    let dirs: BTreeSet<String> = specs
        .iter()
        .map(|s| {
            std::path::absolute(s)
                .ok()
                .and_then(|p| {
                    p.parent()
                        .and_then(Path::file_name)
                        .map(|n| n.to_string_lossy().into_owned())
                })
                .unwrap_or_default()
        })
        .collect();
    match dirs.into_iter().collect::<Vec<_>>().as_slice() {
        [one] if !one.is_empty() => one.clone(),
        _ => "lifecycles".to_owned(),
    }
}

fn command_line(options: &Docs<'_>, page: &str) -> String {
    let mut line = String::from("machine docs");
    for spec in options.specs {
        let _ = write!(line, " {}", spec_file::display_name(spec));
    }
    let _ = write!(line, " --out {}", spec_file::display_name(options.out_dir));
    if options.page.is_some() {
        let _ = write!(line, " --page {page}");
    }
    line
}

/// The comment stamped into every SVG: the fingerprint of the DOT it was laid out from.
fn stamp(dot_text: &str) -> String {
    format!("<!-- machine: from DOT {} -->", dot::fingerprint(dot_text))
}

/// Lays out `dot_text` (the DOT of `model`) as SVG with `engine`, and stamps it. When the
/// built-in layout had to draw a large figure simply, says so on `err`, naming `file` (the
/// spec, or the SVG being written).
fn render_svg(
    dot_text: &str,
    model: &Model,
    engine: Engine,
    file: &Path,
    err: &mut dyn Write,
) -> Result<String, String> {
    let builtin = |err: &mut dyn Write| -> Result<String, String> {
        let name = spec_file::display_name(file);
        let drawing = svg::draw(model).map_err(|e| format!("{name}: {e}"))?;
        if let Some(note) = drawing.note() {
            let _ = writeln!(err, "note: {name}: {note}");
        }
        Ok(drawing.svg)
    };
    let svg = match engine {
        Engine::Builtin => builtin(err)?,
        Engine::Graphviz => {
            graphviz(dot_text)?.ok_or("Graphviz `dot` is not installed (try `--engine builtin`)")?
        }
        Engine::Auto => match graphviz(dot_text)? {
            Some(svg) => svg,
            None => builtin(err)?,
        },
    };
    Ok(insert_stamp(&svg, &stamp(dot_text)))
}

/// The stamp of a simulator page: the fingerprint of the page without its figure, and of
/// the DOT its figure was laid out from.
fn sim_stamp(model: &Model, dot_text: &str) -> String {
    let skeleton = simulator(model, "");
    format!(
        "<!-- machine: simulator from DOT {} and page {} -->",
        dot::fingerprint(dot_text),
        dot::fingerprint(&skeleton)
    )
}

/// The simulator page of `model` around `svg` (Graphviz's or the built-in layout's).
fn simulator(model: &Model, svg: &str) -> String {
    let layout = if svg.contains("Generated by graphviz") {
        "Graphviz"
    } else {
        "the built-in layout (install Graphviz for a better one)"
    };
    sim_page::render(&sim_page::Page { model, svg, layout })
}

/// `machine sim SPEC [-o FILE]`: the simulator page, its figure laid out by `engine`.
pub fn sim(
    spec: &Path,
    engine: Engine,
    output: Option<&Path>,
    color: ColorChoice,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, String> {
    let Some(model) = spec_file::compile(spec, color, err)? else {
        return Ok(EXIT_FINDINGS);
    };
    let dot_text = dot::render(&model);
    let svg = render_svg(&dot_text, &model, engine, spec, err)?;
    let html = insert_stamp(&simulator(&model, &svg), &sim_stamp(&model, &dot_text));
    deliver(output, &html, out)?;
    Ok(EXIT_OK)
}

/// Puts the stamp right before the `<svg` element, after any XML prologue and doctype (in a
/// page, before `<html`).
fn insert_stamp(svg: &str, stamp: &str) -> String {
    match svg.find("<html").or_else(|| svg.find("<svg")) {
        Some(at) => format!("{}{stamp}\n{}", &svg[..at], &svg[at..]),
        None => format!("{stamp}\n{svg}"),
    }
}

/// Runs `dot -Tsvg` on `dot_text`. `Ok(None)` when Graphviz is not installed.
fn graphviz(dot_text: &str) -> Result<Option<String>, String> {
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot run Graphviz `dot`: {e}")),
    };
    let mut stdin = child.stdin.take().ok_or("cannot write to Graphviz `dot`")?;
    let input = dot_text.as_bytes().to_vec();
    // Write on another thread: `dot` may fill its output pipe before reading all its input.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("Graphviz `dot` failed: {e}"))?;
    let written = writer
        .join()
        .map_err(|_| "cannot write to Graphviz `dot`".to_owned())?;
    if !output.status.success() {
        return Err(format!(
            "Graphviz `dot` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    written.map_err(|e| format!("cannot write to Graphviz `dot`: {e}"))?;
    String::from_utf8(output.stdout)
        .map(Some)
        .map_err(|_| "Graphviz `dot` wrote invalid UTF-8".to_owned())
}
