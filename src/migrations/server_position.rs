//! Where in a migration file a server error belongs.
//!
//! PostgreSQL gives a position in the statement for parse and planning
//! errors. A PL/pgSQL runtime error has none: its context names the
//! function and the line of its body (`PL/pgSQL function f() line 3 at
//! RAISE`, innermost call first). The body line is found in the `DO`
//! statement itself (`inline_code_block`), or in the statement of this
//! file that defines the function; else the error stays on the statement.

use super::lines::char_to_byte;
use super::split::Statement;

/// A server error's position information.
#[derive(Debug, Clone, Copy, Default)]
pub struct ServerPosition<'e> {
    /// The 1-based character position in the statement, when the server
    /// gave one for the statement itself.
    pub position: Option<usize>,
    /// The error's context (`where`), when any.
    pub context: Option<&'e str>,
}

/// The byte offset in the file of an error raised by statement `index`
/// of `statements` (the file's statements, in order).
pub fn error_offset(
    statements: &[Statement],
    index: usize,
    error: ServerPosition<'_>,
) -> Option<usize> {
    let statement = statements.get(index)?;
    if let Some(position) = error.position {
        return Some(statement.start + char_to_byte(&statement.sql, position.saturating_sub(1)));
    }
    let body_offset = error.context.and_then(|context| {
        frames(context).find_map(|(function, line)| {
            let defining = if function == "inline_code_block" {
                Some(statement)
            } else {
                statements[..=index]
                    .iter()
                    .rev()
                    .find(|s| defines_function(&s.sql, function))
            }?;
            body_line_offset(&defining.sql, line).map(|offset| defining.start + offset)
        })
    });
    Some(body_offset.unwrap_or(statement.start))
}

/// The PL/pgSQL frames of a context, innermost first: the function's name
/// (without schema or arguments) and the body line.
fn frames(context: &str) -> impl Iterator<Item = (&str, usize)> {
    context.lines().filter_map(|frame| {
        let rest = frame.trim().strip_prefix("PL/pgSQL function ")?;
        let (name, after) = rest.split_once(" line ")?;
        let line = after.split_whitespace().next()?.parse().ok()?;
        let name = name
            .split('(')
            .next()?
            .rsplit('.')
            .next()?
            .trim_matches('"');
        Some((name, line))
    })
}

/// Whether `sql` is a `CREATE [OR REPLACE] FUNCTION|PROCEDURE` of `name`.
fn defines_function(sql: &str, name: &str) -> bool {
    let lower = sql.to_ascii_lowercase();
    let Some(start) = ["function", "procedure"]
        .iter()
        .filter_map(|word| lower.find(&format!("{word} ")).map(|i| i + word.len() + 1))
        .min()
    else {
        return false;
    };
    let head = lower.trim_start();
    if !head.starts_with("create") {
        return false;
    }
    let signature = lower[start..].trim_start();
    let qualified = signature.split('(').next().unwrap_or("").trim();
    let bare = qualified.rsplit('.').next().unwrap_or("").trim_matches('"');
    bare == name.to_ascii_lowercase()
}

/// Offset of line `line` (1-based) of the first dollar-quoted body:
/// PL/pgSQL counts lines from the opening `$tag$`.
fn body_line_offset(sql: &str, line: usize) -> Option<usize> {
    let open = dollar_quote(sql)?;
    let mut offset = open;
    for _ in 1..line {
        offset += sql[offset..].find('\n')? + 1;
    }
    let indent = sql[offset..].len() - sql[offset..].trim_start_matches([' ', '\t']).len();
    Some(offset + indent)
}

/// Where the first `$tag$` (or `$$`) opens; `$1` parameters are not one.
fn dollar_quote(sql: &str) -> Option<usize> {
    let bytes = sql.as_bytes();
    let mut from = 0;
    while let Some(found) = sql[from..].find('$') {
        let start = from + found;
        let tag_end = bytes[start + 1..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
            .map(|n| start + 1 + n)?;
        let tag = &sql[start + 1..tag_end];
        if bytes[tag_end] == b'$' && !tag.starts_with(|c: char| c.is_ascii_digit()) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::split::split;

    fn line_of(text: &str, offset: usize) -> usize {
        text[..offset].matches('\n').count() + 1
    }

    /// Where in `sql` the error of its statement `index` points, given the
    /// server's position and context.
    fn offset_in(sql: &str, index: usize, position: Option<usize>, context: Option<&str>) -> usize {
        error_offset(&split(sql), index, ServerPosition { position, context }).unwrap()
    }

    #[test]
    fn a_do_body_error_points_at_its_line() {
        let sql = "select 1;\ndo $$\nbegin\n  raise exception 'boom';\nend $$;\n";
        let context = "PL/pgSQL function inline_code_block line 3 at RAISE";
        let offset = offset_in(sql, 1, None, Some(context));
        assert_eq!(line_of(sql, offset), 4);
    }

    #[test]
    fn a_called_function_error_points_at_its_body_in_this_file() {
        let sql = "create function public.f(x int default $1) returns void language plpgsql as $fn$\nbegin\n  perform 1;\n  raise exception 'in f';\nend $fn$;\n\ndo $$\nbegin\n  perform public.f();\nend $$;\n";
        let context = "PL/pgSQL function f(integer) line 4 at RAISE\nSQL statement \"SELECT public.f()\"\nPL/pgSQL function inline_code_block line 3 at PERFORM";
        let offset = offset_in(sql, 1, None, Some(context));
        assert_eq!(line_of(sql, offset), 4);
        assert!(sql[offset..].starts_with("raise exception"));
    }

    #[test]
    fn a_function_defined_elsewhere_points_at_the_calling_body_line() {
        let sql = "select 1;\ndo $$\nbegin\n  perform public.g();\nend $$;\n";
        let context = "PL/pgSQL function g() line 2 at RAISE\nSQL statement \"SELECT public.g()\"\nPL/pgSQL function inline_code_block line 3 at PERFORM";
        let offset = offset_in(sql, 1, None, Some(context));
        assert_eq!(line_of(sql, offset), 4);
    }

    #[test]
    fn server_positions_win_and_count_characters() {
        let sql = "select 'é', nope;";
        let offset = offset_in(sql, 0, Some(13), None);
        assert!(sql[offset..].starts_with("nope"));
    }
}
