//! Text for a terminal or a GitHub Actions log, where what a pull request
//! wrote (a migration's error message, a file name) must not act: the
//! runner takes any log line starting with `::` (or the older `##[`) for a
//! workflow command, which can forge annotations or stop command
//! processing, and a terminal obeys escape sequences.
//!
//! So control characters are shown visibly (`ESC` as `\x1b`, a carriage
//! return as `\r`; line feeds and tabs stay), and a line that would start
//! a command gets a space before its second colon (`: :`), which keeps it
//! readable and inert. Only our own annotations start with `::`; they are
//! escaped by the workflow-command rules in `annotations`.

/// A copy of `report` with `f` applied to every string in it.
pub fn map_text(report: &super::Report, f: &dyn Fn(&str) -> String) -> super::Report {
    fn walk(value: serde_json::Value, f: &dyn Fn(&str) -> String) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::String(text) => Value::String(f(&text)),
            Value::Array(items) => Value::Array(items.into_iter().map(|v| walk(v, f)).collect()),
            Value::Object(map) => {
                Value::Object(map.into_iter().map(|(k, v)| (k, walk(v, f))).collect())
            }
            other => other,
        }
    }
    serde_json::to_value(report)
        .ok()
        .and_then(|value| serde_json::from_value(walk(value, f)).ok())
        .unwrap_or_else(|| report.clone())
}

/// `text` safe to print: control characters visible, no command starts.
pub fn for_log(text: &str) -> String {
    defuse_commands(&visible(text))
}

/// Like [`for_log`], but plain colour codes (`ESC[…m` that only set
/// colour, weight or reset; not "conceal") pass, for a log in colour.
pub fn for_coloured_log(text: &str) -> String {
    defuse_commands(&visible_with(text, true))
}

/// Control characters other than line feed and tab written as escapes.
pub fn visible(text: &str) -> String {
    visible_with(text, false)
}

/// Whether `rest` (after an ESC) is a colour code, and its length.
fn colour_code(rest: &str) -> Option<usize> {
    let params = rest.strip_prefix('[')?;
    let end = params.find('m')?;
    let harmless = params[..end].split(';').all(|p| {
        matches!(p.parse::<u8>(), Ok(0..=7 | 9 | 21..=29 | 30..=39 | 90..=97)) || p.is_empty()
    }) && !params[..end].split(';').any(|p| p == "8");
    harmless.then_some(end + 2)
}

fn visible_with(text: &str, keep_colour: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        if keep_colour && c == '\u{1b}' {
            if let Some(len) = colour_code(&text[i + 1..]) {
                out.push_str(&text[i..i + 1 + len]);
                for _ in 0..len {
                    chars.next();
                }
                continue;
            }
        }
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || is_invisible_format(c) => {
                let code = u32::from(c);
                if code <= 0xff {
                    out.push_str(&format!("\\x{code:02x}"));
                } else {
                    out.push_str(&format!("\\u{{{code:04x}}}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Characters that reorder or hide text (bidirectional overrides), shown
/// like control characters so a name cannot disguise itself.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Every line that would start a workflow command (after any leading
/// white space, which the runner skips) made inert.
pub fn defuse_commands(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&defuse_line(line));
    }
    out
}

fn defuse_line(line: &str) -> String {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    if let Some(rest) = trimmed.strip_prefix("::") {
        format!("{indent}: :{rest}")
    } else if let Some(rest) = trimmed.strip_prefix("##[") {
        format!("{indent}# #[{rest}")
    } else {
        line.to_string()
    }
}

/// Whether a line of output would be taken for a workflow command.
pub fn starts_command(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with("::") || trimmed.starts_with("##[")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_in_free_text_are_defused_on_every_line() {
        let text = "ERROR: x\n::stop-commands::abc\n  ::error::forged\n##[set-output name=a;]b";
        let safe = for_log(text);
        assert!(safe.lines().all(|l| !starts_command(l)), "{safe}");
        assert_eq!(
            safe,
            "ERROR: x\n: :stop-commands::abc\n  : :error::forged\n# #[set-output name=a;]b"
        );
    }

    #[test]
    fn control_characters_are_shown() {
        assert_eq!(
            visible("a\u{1b}[31mred\rb\u{7}\u{202e}c\td"),
            "a\\x1b[31mred\\rb\\x07\\u{202e}c\td"
        );
    }

    #[test]
    fn a_coloured_log_keeps_colour_codes_only() {
        assert_eq!(
            for_coloured_log(
                "\u{1b}[2mlog\u{1b}[0m \u{1b}[8mhidden \u{1b}]0;title\u{7}\n::error::x"
            ),
            "\u{1b}[2mlog\u{1b}[0m \\x1b[8mhidden \\x1b]0;title\\x07\n: :error::x"
        );
    }

    #[test]
    fn carriage_returns_cannot_hide_a_command() {
        // A runner splitting on \r would see `::error::x` start a line.
        assert!(!for_log("ok\r::error::x").lines().any(starts_command));
    }
}
