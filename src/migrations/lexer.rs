//! PostgreSQL's own lexing, for the checks that must not be fooled by
//! comments or literals: stripping comments, finding a statement's first
//! token, and the lengths of quoted, dollar-quoted and comment tokens.
//! Unlike [`split`](super::split), which mirrors the Supabase CLI's quirks,
//! this follows the server.

/// PostgreSQL's lexer counts every non-ASCII character as an identifier character.
pub(crate) fn is_ident(c: char) -> bool {
    !c.is_ascii() || c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// Whitespace as PostgreSQL's lexer sees it.
pub(crate) fn is_sql_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// The statement text with `--` and `/* */` comments removed (string literals, quoted identifiers and dollar-quoted bodies kept intact), whitespace runs outside literals collapsed to one space, trimmed. Used by rule checks that must not be fooled by comments.
///
/// Unlike [`split`](super::split::split), this follows PostgreSQL's own lexing, which is what a rule check
/// cares about: `E'…'` strings honour backslash escapes, a dollar tag cannot start with a
/// digit (`$1` is a parameter), and a comment counts as a token separator (`a/**/b` gives
/// `a b`).
pub fn strip_comments(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut gap = false;
    // Start of the identifier run that ends where we are, to spot `E'` and `name$`.
    let mut word: Option<usize> = None;
    let mut i = 0;
    while let Some(c) = sql[i..].chars().next() {
        let tail = &sql[i..];
        let skip = if tail.starts_with("--") {
            Some(tail.find(['\n', '\r']).unwrap_or(tail.len()))
        } else if tail.starts_with("/*") {
            Some(block_comment_len(tail))
        } else if is_sql_space(c) {
            Some(1)
        } else {
            None
        };
        if let Some(n) = skip {
            (gap, word, i) = (true, None, i + n);
            continue;
        }
        let n = match c {
            '\'' => quoted_len(
                tail,
                b'\'',
                word.is_some_and(|w| sql[w..i].eq_ignore_ascii_case("e")),
            ),
            '"' => quoted_len(tail, b'"', false),
            '$' if word.is_none() => dollar_len(tail).unwrap_or(1),
            _ => c.len_utf8(),
        };
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        out.push_str(&tail[..n]);
        word = (n == c.len_utf8() && is_ident(c)).then(|| word.unwrap_or(i));
        i += n;
    }
    out
}

/// Byte offset of the first token of `sql`, past leading whitespace and
/// comments (`sql.len()` when there is none). Statements keep the comments
/// above them, but a finding belongs on the line where the SQL begins, which
/// is also the line a `-- schemagate:ignore` comment above it refers to.
pub fn first_token(sql: &str) -> usize {
    let mut i = 0;
    while let Some(c) = sql[i..].chars().next() {
        let tail = &sql[i..];
        i += if tail.starts_with("--") {
            tail.find('\n').map_or(tail.len(), |n| n + 1)
        } else if tail.starts_with("/*") {
            block_comment_len(tail)
        } else if is_sql_space(c) {
            c.len_utf8()
        } else {
            return i;
        };
    }
    sql.len()
}

/// Length of a quoted token at the start of `tail`, or all of it when unterminated.
fn quoted_len(tail: &str, quote: u8, backslash: bool) -> usize {
    let b = tail.as_bytes();
    let mut j = 1;
    while j < b.len() {
        if (backslash && b[j] == b'\\') || (b[j] == quote && b.get(j + 1) == Some(&quote)) {
            j += 2;
        } else if b[j] == quote {
            return j + 1;
        } else {
            j += 1;
        }
    }
    tail.len()
}

/// Length of a dollar-quoted string at the start of `tail`, if `tail` opens one.
fn dollar_len(tail: &str) -> Option<usize> {
    let name = tail.get(1..)?;
    let name_len = name
        .char_indices()
        .find(|&(k, ch)| {
            !(ch == '_'
                || !ch.is_ascii()
                || ch.is_ascii_alphabetic()
                || (k > 0 && ch.is_ascii_digit()))
        })
        .map_or(name.len(), |(k, _)| k);
    if !name[name_len..].starts_with('$') {
        return None;
    }
    let open = name_len + 2;
    let tag = &tail[..open];
    Some(
        tail[open..]
            .find(tag)
            .map_or(tail.len(), |p| open + p + tag.len()),
    )
}

/// Length of a nested block comment at the start of `tail`, or all of it when unterminated.
fn block_comment_len(tail: &str) -> usize {
    let b = tail.as_bytes();
    let (mut depth, mut j) = (0usize, 0);
    while j + 1 < b.len() {
        match &b[j..j + 2] {
            b"/*" => (depth, j) = (depth + 1, j + 2),
            b"*/" => {
                (depth, j) = (depth.saturating_sub(1), j + 2);
                if depth == 0 {
                    return j;
                }
            }
            _ => j += 1,
        }
    }
    tail.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_token_skips_comments_and_space() {
        assert_eq!(first_token("drop table t"), 0);
        let sql = "-- why\n/* a /* nested */ note */\n  drop table t";
        assert_eq!(&sql[first_token(sql)..], "drop table t");
        assert_eq!(first_token("-- only a comment"), 17);
    }

    #[test]
    fn strip_comments_keeps_literals() {
        let cases = [
            (
                "  select /* x; /* y */ */ 1 -- tail\n  from\tt  ",
                "select 1 from t",
            ),
            (
                "select '--no' || \"a/*b\" || $$ -- kept  $$",
                "select '--no' || \"a/*b\" || $$ -- kept  $$",
            ),
            (
                "select $f$ /* in */ $x$ $f$, $1 --c",
                "select $f$ /* in */ $x$ $f$, $1",
            ),
            ("select E'it\\'s -- x' -- y", "select E'it\\'s -- x'"),
            ("select 'a\\' -- gone", "select 'a\\'"),
            ("a/**/b", "a b"),
            ("select a$$b -- c", "select a$$b"),
            ("-- all comment\r\n/* here */", ""),
            ("select 'unterminated -- x", "select 'unterminated -- x"),
        ];
        for (input, want) in cases {
            assert_eq!(strip_comments(input), want, "{input:?}");
        }
    }
}
