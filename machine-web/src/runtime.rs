//! The JavaScript runtime of the semantics: `js/runtime/*.js`, shipped with this crate and
//! concatenated into one ES module. The page runs it as it is; the TypeScript module gets
//! the same text with its types uncommented ([`typed`]). Each rule of
//! `machine_core::semantics` has its function of the same name there (S1 `start`, S3
//! `select`, S25 `enabled`, S27 `microstep`, ...), in a file named as its Rust module
//! (`config.js`, `select.js`, `micro.js`, ...); the differential tests under node hold the two
//! equal.
//!
//! The files are plain JavaScript whose types are written as comments, in the style Flow
//! reads: `name /*: Type */` for an annotation, `/*:: type ... */` for a declaration. They
//! import nothing from each other: concatenated, they share one module scope.

/// The runtime's files, in the order they are concatenated (declarations first).
const FILES: [(&str, &str); 14] = [
    ("types.js", include_str!("../js/runtime/types.js")),
    ("tree.js", include_str!("../js/runtime/tree.js")),
    ("config.js", include_str!("../js/runtime/config.js")),
    ("semantics.js", include_str!("../js/runtime/semantics.js")),
    ("select.js", include_str!("../js/runtime/select.js")),
    ("micro.js", include_str!("../js/runtime/micro.js")),
    ("restart.js", include_str!("../js/runtime/restart.js")),
    ("history.js", include_str!("../js/runtime/history.js")),
    ("settle.js", include_str!("../js/runtime/settle.js")),
    ("clock.js", include_str!("../js/runtime/clock.js")),
    ("wire.js", include_str!("../js/runtime/wire.js")),
    ("reach.js", include_str!("../js/runtime/reach.js")),
    ("words.js", include_str!("../js/runtime/words.js")),
    ("script.js", include_str!("../js/runtime/script.js")),
];

/// The runtime as one JavaScript module (its types in comments).
pub fn javascript() -> String {
    let mut out = String::new();
    for (name, text) in FILES {
        out.push_str("// ---- runtime/");
        out.push_str(name);
        out.push('\n');
        out.push_str(text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The runtime as TypeScript: [`javascript`] with its comment types uncommented.
pub fn typescript() -> String {
    typed(&javascript())
}

/// Uncomments the types of `js`: `x /*: T */` becomes `x: T`, and `/*:: text */` becomes
/// `text`. Every other comment stays.
pub fn typed(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut rest = js;
    while let Some(at) = rest.find("/*:") {
        let Some(len) = rest[at..].find("*/") else {
            break;
        };
        let inner = &rest[at + 3..at + len];
        out.push_str(&rest[..at]);
        if let Some(declaration) = inner.strip_prefix(':') {
            out.push_str(declaration.trim_start_matches([' ', '\n']).trim_end());
        } else {
            let kept = out.trim_end_matches(' ').len();
            out.truncate(kept);
            out.push_str(": ");
            out.push_str(inner.trim());
        }
        rest = &rest[at + len + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::typed;

    #[test]
    fn comment_types_are_uncommented() {
        assert_eq!(
            typed("function f(a /*: number */) /*: string */ {}"),
            "function f(a: number): string {}"
        );
        assert_eq!(
            typed("/*::\nexport type A = number;\n*/\nlet x;"),
            "export type A = number;\nlet x;"
        );
        assert_eq!(typed("/* a comment */ x"), "/* a comment */ x");
    }
}
