//! Quoting names and values into SQL text: the one place every layer that
//! writes SQL takes it from (the shim, drift, the backends); it imports
//! nothing, so every layer may use it.

/// Quotes an SQL identifier.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Quotes an SQL string literal (standard_conforming_strings is on).
pub fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
