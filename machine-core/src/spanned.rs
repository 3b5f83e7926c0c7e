//! Building blocks for the spec AST that keep source positions: [`Spanned`] values,
//! ordered [`Map`]s keyed by spanned names, and [`Names`] (one name or a list).

use crate::source::Span;

/// A value and where it was written in the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written (for an alias, where the alias was used).
    pub span: Span,
}

impl<T> Spanned<T> {
    /// A value with a span.
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

impl Spanned<String> {
    /// The string value.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// A YAML mapping from names to values that keeps the order of the file and the position of
/// every key. Loading reports a repeated key and keeps its first entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Map<V> {
    /// The entries, in file order.
    pub entries: Vec<(Spanned<String>, V)>,
    /// Where the mapping is written ([`Span::START`] when the key is absent).
    pub span: Span,
}

impl<V> Default for Map<V> {
    fn default() -> Self {
        Map {
            entries: Vec::new(),
            span: Span::START,
        }
    }
}

impl<V> Map<V> {
    /// The entries, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &(Spanned<String>, V)> {
        self.entries.iter()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(feature = "schema")]
impl<V: schemars::JsonSchema> schemars::JsonSchema for Map<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "propertyNames": { "pattern": crate::ident::NAME_PATTERN },
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

/// One name or a list of names: `from: Creating` or `from: [Creating, Shipping]`, each with
/// its own position.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names(pub Vec<Spanned<String>>);

impl Names {
    /// The names, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.0.iter()
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Names {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Names".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } },
            ],
            "description": "A name, or a list of names.",
        })
    }
}
