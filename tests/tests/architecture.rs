//! The shape of the house, checked: no source file of a library crate over 600 lines, no
//! import cycle between the files of a crate, and no emitter that decides a rule of the
//! semantics by itself instead of asking `machine_core::semantics` (or the model's query for
//! it). Each rule the emitters must not restate is listed with the function that decides it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use machine_tests::workspace;

/// The library crates: what users compile, and what must stay readable.
const LIBRARIES: [&str; 7] = [
    "machine-core",
    "machine-render",
    "machine-export",
    "machine-diff",
    "machine-codegen",
    "machine-macro",
    "machine-cli",
];

/// The crates that turn a model into an output: they ask the semantics, they never decide it.
const EMITTERS: [&str; 3] = ["machine-codegen", "machine-render", "machine-export"];

/// Code that decides a rule, what it restates, and what decides it instead. Matched in the
/// emitters' Rust code, outside the code they generate (`quote!` blocks) and comments.
const RESTATED: [(&str, &str); 5] = [
    (
        "reset_by.contains(",
        "rules S6/S14 (which clocks restart): ask semantics::restarts or restarts_timer",
    ),
    (
        "reset_by.iter().any(",
        "rules S6/S14 (which clocks restart): ask semantics::restarts or restarts_timer",
    ),
    (
        "states().contains(&from)",
        "rule S14 (a spanning timer restarts on entering its set): ask semantics::restarts_timer",
    ),
    (
        ".guards.is_empty()).map_or(",
        "rule S3 (candidates after an unguarded one are never tried): ask semantics::tried",
    ),
    (
        "is_final && !",
        "the working states (neither final nor the fault state): ask State::is_working",
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources(krate: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&workspace().join(krate).join("src"), &mut files);
    files.sort();
    assert!(!files.is_empty(), "{krate} has no sources");
    files
}

#[test]
fn no_library_source_file_is_over_600_lines() {
    let mut long = Vec::new();
    for krate in LIBRARIES {
        for file in sources(krate) {
            let text = std::fs::read_to_string(&file).expect("readable");
            let lines = text.lines().count();
            if lines > 600 {
                long.push(format!("{} ({lines} lines)", file.display()));
            }
        }
    }
    assert!(long.is_empty(), "split these files: {long:?}");
}

/// The module a file is, as a path from its crate root: `lib.rs` is `[]`, `a/mod.rs` and
/// `a.rs` are `[a]`, `a/b.rs` is `[a, b]`.
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(root).expect("under src");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "lib" | "main" | "mod") {
        parts.push(stem.to_owned());
    }
    parts
}

/// The modules of its own crate that a file's code names (`crate::a::b`, `super::c`): each
/// resolved to the longest module path that exists.
fn imports(text: &str, here: &[String], modules: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let code = without_comments(text);
    let mut found = BTreeSet::new();
    let words = code
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter(|w| w.starts_with("crate::") || w.starts_with("super::"));
    for word in words {
        let mut segments = word.split("::").filter(|s| !s.is_empty()).peekable();
        let mut base: Vec<String> = here.to_vec();
        if segments.peek() == Some(&"crate") {
            segments.next();
            base.clear();
        }
        while segments.peek() == Some(&"super") {
            segments.next();
            base.pop();
        }
        let mut best = None;
        for segment in segments {
            base.push(segment.to_owned());
            if modules.contains(&base) {
                best = Some(base.clone());
            }
        }
        found.extend(best);
    }
    found
}

/// `text` without `//` comments (doc comments included), so a link in prose is no import.
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|l| l.find("//").map_or(l, |at| &l[..at]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A cycle of `graph` through `start`, if there is one: the modules along it.
fn cycle_through(
    graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    start: &[String],
) -> Option<Vec<Vec<String>>> {
    let mut stack = vec![(start.to_vec(), vec![start.to_vec()])];
    let mut seen = BTreeSet::new();
    while let Some((module, path)) = stack.pop() {
        for next in graph.get(&module).into_iter().flatten() {
            if next.as_slice() == start {
                return Some(path);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn no_import_cycle_between_the_files_of_a_crate() {
    let mut cycles = Vec::new();
    for krate in LIBRARIES {
        let root = workspace().join(krate).join("src");
        let files = sources(krate);
        let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&root, f)).collect();
        let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
        for file in &files {
            let here = module_of(&root, file);
            let text = std::fs::read_to_string(file).expect("readable");
            // A module declares its children and may use them: that is its structure, not an
            // import; a child that uses its parent is an import.
            let uses = imports(&text, &here, &modules)
                .into_iter()
                .filter(|m| !m.starts_with(&here))
                .collect();
            graph.insert(here, uses);
        }
        for module in graph.keys() {
            if let Some(cycle) = cycle_through(&graph, module) {
                cycles.push(format!(
                    "{krate}: {}",
                    cycle
                        .iter()
                        .map(|m| m.join("::"))
                        .collect::<Vec<_>>()
                        .join(" -> ")
                ));
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}");
}

/// `text` without the `quote! { ... }` blocks: the code an emitter generates may well test
/// what the generated machine must test at run time.
fn without_generated_code(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("quote! {") {
        out.push_str(&rest[..at]);
        let mut depth = 0usize;
        let mut end = rest.len();
        for (i, c) in rest[at..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = at + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn restated(text: &str) -> Vec<(usize, &'static str)> {
    let code = without_comments(&without_generated_code(text));
    let mut found = Vec::new();
    for (number, line) in code.lines().enumerate() {
        for (pattern, rule) in RESTATED {
            if line.contains(pattern) {
                found.push((number + 1, rule));
            }
        }
    }
    found
}

#[test]
fn no_emitter_decides_a_rule_of_the_semantics() {
    let mut found = Vec::new();
    for krate in EMITTERS {
        for file in sources(krate) {
            let text = std::fs::read_to_string(&file).expect("readable");
            for (line, rule) in restated(&text) {
                found.push(format!("{}:{line}: restates {rule}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_rule_check_sees_a_restated_rule_but_not_generated_code() {
    let restating = "fn f() { let r = timeout.reset_by.contains(&event); }";
    assert_eq!(restated(restating).len(), 1);
    let generated = "fn f() -> T { quote! { self.reset_by.contains(&event) } }";
    assert!(restated(generated).is_empty());
    let working = "let fault = !s.is_final && !s.is_fault;";
    assert_eq!(restated(working).len(), 1);
}

#[test]
fn the_cycle_check_sees_two_files_that_import_each_other() {
    let module = |path: &str| -> Vec<String> { path.split("::").map(str::to_owned).collect() };
    let modules: BTreeSet<Vec<String>> = ["svg", "svg::paint", "svg::shapes", "dot"]
        .iter()
        .map(|m| module(m))
        .collect();
    let paint = "use super::shapes::{Item, node};\nfn f() { crate::dot::render(); }";
    let shapes = "use super::paint::Bounds; // crate::svg is named in a comment only";
    let mut graph = BTreeMap::new();
    graph.insert(
        module("svg::paint"),
        imports(paint, &module("svg::paint"), &modules),
    );
    graph.insert(
        module("svg::shapes"),
        imports(shapes, &module("svg::shapes"), &modules),
    );
    assert_eq!(
        graph[&module("svg::paint")],
        BTreeSet::from([module("svg::shapes"), module("dot")])
    );
    assert!(cycle_through(&graph, &module("svg::paint")).is_some());
    graph.insert(module("svg::shapes"), BTreeSet::new());
    assert!(cycle_through(&graph, &module("svg::paint")).is_none());
}
