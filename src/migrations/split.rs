//! Splits a migration file into statements the way the Supabase CLI does.
//!
//! The CLI (`pkg/parser` in Go, now `apps/cli-go/pkg/parser`, and its TypeScript port
//! `sql-split.ts`) runs a small character state machine and sends every chunk it finds to
//! PostgreSQL as a separate statement. A pre-merge check must predict exactly those chunks,
//! so this module mirrors that machine, quirks included, rather than PostgreSQL's lexer.
//!
//! Input handling choices:
//! - A leading UTF-8 byte-order mark is skipped: no statement contains it and `start`
//!   offsets still index the original text. The Go CLI would keep it at the front of the
//!   first statement (PostgreSQL then lexes it as part of an identifier); the TypeScript
//!   CLI drops it while trimming.
//! - CRLF needs nothing special: `\r` is whitespace for trimming, and a `--` comment runs
//!   to the `\n`, so its `\r` stays inside the comment, as in the CLI.

use super::lexer::{is_ident, is_sql_space, strip_comments};

/// One statement of a migration file, as the Supabase CLI would send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The statement text: trimmed, trailing `;` removed, comments kept.
    pub sql: String,
    /// Byte offset in the source where `sql` begins (so `&source[start..start + sql.len()] == sql`).
    pub start: usize,
}

/// Innermost lexical state. Offsets are relative to the start of the current chunk,
/// because the CLI only ever looks at the text since the last split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leaf {
    Ready,
    /// Saw `-`; a second `-` opens a line comment.
    Dash,
    LineComment,
    /// Depth 0 means only a `/` was seen so far.
    Block(usize),
    /// `closed` is set right after a delimiter, which a second delimiter reopens (`''`).
    Quote {
        delim: char,
        closed: bool,
    },
    /// Reading a `$tag$` opener that begins at this offset.
    Tag(usize),
    /// Inside a dollar-quoted body; the opener at `start..end` closes it.
    Dollar {
        start: usize,
        end: usize,
    },
    /// Saw `\` outside any quote: the next character is swallowed.
    Escape,
}

/// A construct that wraps the states below it and swallows `;` until it closes.
#[derive(Debug, Clone, Copy)]
enum Frame {
    Paren,
    /// `pending_end`: an `END` was just read and closes the body unless an identifier
    /// character follows. `stmt_start`/`has_content` track the inner statement, since only
    /// an `END` that begins an inner statement can close the body.
    Atomic {
        pending_end: bool,
        stmt_start: usize,
        has_content: bool,
    },
}

/// What a state turns into after one character.
enum Step {
    /// A `;` reached a statement boundary.
    Emit,
    Leaf(Leaf),
    Push(Frame),
}

fn ident_before(data: &str, at: usize) -> bool {
    data.get(..at)
        .and_then(|s| s.chars().next_back())
        .is_some_and(is_ident)
}

/// Whether `data` ends with the ASCII `keyword` (any case) at an identifier boundary.
fn ends_with_keyword(data: &str, keyword: &str) -> bool {
    let Some(at) = data.len().checked_sub(keyword.len()) else {
        return false;
    };
    data.as_bytes()[at..].eq_ignore_ascii_case(keyword.as_bytes()) && !ident_before(data, at)
}

fn is_begin_atomic(data: &str) -> bool {
    ends_with_keyword(data, "ATOMIC")
        && data
            .get(..data.len() - "ATOMIC".len())
            .is_some_and(|p| ends_with_keyword(p.trim_end_matches(is_sql_space), "BEGIN"))
}

/// Whether `text` holds only whitespace and comments. Block comments use the same
/// overlapping two-byte window as [`Leaf::Block`] so both agree on `/*/`.
fn only_comments_and_space(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if is_sql_space(char::from(b[i])) {
            i += 1;
        } else if b[i..].starts_with(b"--") {
            match b[i + 2..].iter().position(|&x| x == b'\n') {
                Some(n) => i += n + 3,
                None => return true,
            }
        } else if b[i..].starts_with(b"/*") {
            let mut depth = 1;
            i += 2;
            while i < b.len() && depth > 0 {
                match &b[i - 1..=i] {
                    b"/*" => depth += 1,
                    b"*/" => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if depth > 0 {
                return true;
            }
        } else {
            return false;
        }
    }
    true
}

fn ready(c: char, data: &str) -> Step {
    match c {
        // After an identifier character, `$` continues the identifier (`a$$b`).
        '$' => {
            let at = data.len().saturating_sub(1);
            Step::Leaf(if ident_before(data, at) {
                Leaf::Ready
            } else {
                Leaf::Tag(at)
            })
        }
        '\'' | '"' => Step::Leaf(Leaf::Quote {
            delim: c,
            closed: false,
        }),
        '-' => Step::Leaf(Leaf::Dash),
        '/' => Step::Leaf(Leaf::Block(0)),
        '\\' => Step::Leaf(Leaf::Escape),
        ';' => Step::Emit,
        '(' => Step::Push(Frame::Paren),
        'c' | 'C' if is_begin_atomic(data) => Step::Push(Frame::Atomic {
            pending_end: false,
            stmt_start: data.len(),
            has_content: false,
        }),
        _ => Step::Leaf(Leaf::Ready),
    }
}

fn next(leaf: Leaf, c: char, data: &str) -> Step {
    let stay = Step::Leaf(leaf);
    match leaf {
        Leaf::Ready => ready(c, data),
        Leaf::Dash if c == '-' => Step::Leaf(Leaf::LineComment),
        Leaf::LineComment if c == '\n' => Step::Leaf(Leaf::Ready),
        Leaf::LineComment => stay,
        Leaf::Block(depth) => {
            let b = data.as_bytes();
            let window = &b[b.len().saturating_sub(2)..];
            if window == b"/*" {
                Step::Leaf(Leaf::Block(depth + 1))
            } else if depth == 0 {
                ready(c, data)
            } else if window == b"*/" {
                Step::Leaf(if depth == 1 {
                    Leaf::Ready
                } else {
                    Leaf::Block(depth - 1)
                })
            } else {
                stay
            }
        }
        Leaf::Quote { delim, closed } if c == delim => Step::Leaf(Leaf::Quote {
            delim,
            closed: !closed,
        }),
        Leaf::Quote { closed: false, .. } => stay,
        Leaf::Tag(start) if c == '$' => Step::Leaf(Leaf::Dollar {
            start,
            end: data.len(),
        }),
        Leaf::Tag(_) if is_ident(c) => stay,
        // The window may overlap the opener itself (`$$$` closes), exactly as in the CLI.
        Leaf::Dollar { start, end } => match data.get(start..end) {
            Some(tag) if data.ends_with(tag) => Step::Leaf(Leaf::Ready),
            _ => stay,
        },
        Leaf::Escape => Step::Leaf(Leaf::Ready),
        // A state that did not start what it hoped for hands the character to Ready.
        Leaf::Dash | Leaf::Quote { .. } | Leaf::Tag(_) => ready(c, data),
    }
}

/// The CLI nests states as wrappers around an inner state; this keeps the wrappers in a
/// vector (outermost first) so deeply nested input cannot overflow the stack.
struct Machine {
    frames: Vec<Frame>,
    leaf: Leaf,
}

impl Machine {
    /// Feeds `c`, the last character of `data` (the chunk so far); true means split here.
    fn feed(&mut self, c: char, data: &str) -> bool {
        let mut level = self.frames.len();
        let confirmed_end = match self.frames.last_mut() {
            Some(Frame::Atomic { pending_end, .. }) => std::mem::take(pending_end) && !is_ident(c),
            _ => false,
        };
        let mut step = if confirmed_end {
            // The body is over; the confirming character is read as if outside it.
            self.frames.pop();
            level -= 1;
            ready(c, data)
        } else {
            next(self.leaf, c, data)
        };
        loop {
            // `step` replaces whatever sat below frame `level - 1` (or everything at level 0).
            self.frames.truncate(level);
            match step {
                Step::Emit => {
                    self.leaf = Leaf::Ready;
                    match self.frames.last_mut() {
                        None => return true,
                        Some(Frame::Atomic {
                            stmt_start,
                            has_content,
                            ..
                        }) => {
                            *stmt_start = data.len();
                            *has_content = false;
                        }
                        Some(Frame::Paren) => {}
                    }
                    return false;
                }
                Step::Leaf(leaf) => self.leaf = leaf,
                Step::Push(frame) => {
                    self.frames.push(frame);
                    self.leaf = Leaf::Ready;
                }
            }
            // A wrapper only reacts once everything inside it is back to plain Ready.
            if level == 0 || self.frames.len() != level || self.leaf != Leaf::Ready {
                return false;
            }
            match &mut self.frames[level - 1] {
                // Every enclosing paren sees the same `)`, so one `)` closes all of them.
                Frame::Paren if c == ')' => {
                    step = Step::Leaf(Leaf::Ready);
                    level -= 1;
                }
                Frame::Paren => return false,
                Frame::Atomic {
                    pending_end,
                    stmt_start,
                    has_content,
                } => {
                    if !*has_content && ends_with_keyword(data, "END") {
                        let before = data.get(*stmt_start..data.len() - "END".len());
                        if before.is_some_and(only_comments_and_space) {
                            *pending_end = true;
                        } else {
                            *has_content = true;
                        }
                    }
                    return false;
                }
            }
        }
    }
}

/// Splits `source` into statements.
///
/// Chunks holding only comments are kept (the CLI sends them too), and an unterminated
/// quote, comment, dollar body or parenthesis simply runs to the end of the input.
pub fn split(source: &str) -> Vec<Statement> {
    let body = source.strip_prefix('\u{feff}').unwrap_or(source);
    let base = source.len() - body.len();
    let mut statements = Vec::new();
    let mut machine = Machine {
        frames: Vec::new(),
        leaf: Leaf::Ready,
    };
    let mut chunk_start = base;
    for (i, c) in body.char_indices() {
        let end = base + i + c.len_utf8();
        if machine.feed(c, &source[chunk_start..end]) {
            push_trimmed(&mut statements, source, chunk_start, end);
            chunk_start = end;
        }
    }
    push_trimmed(&mut statements, source, chunk_start, source.len());
    statements
}

/// The CLI's `SplitAndTrim`: strip trailing `;` first, then whitespace, drop empties.
fn push_trimmed(out: &mut Vec<Statement>, source: &str, from: usize, to: usize) {
    let raw = source.get(from..to).unwrap_or_default();
    let sql = raw.trim_end_matches(';').trim();
    if !sql.is_empty() {
        let start = from + raw.len() - raw.trim_start().len();
        out.push(Statement {
            sql: sql.to_owned(),
            start,
        });
    }
}

/// Returns true when the statement does nothing but `SELECT 1` (or `select 1`, any case/whitespace), ignoring comments: used to recognise no-op placeholder migrations.
pub fn is_noop_select(sql: &str) -> bool {
    let text = strip_comments(sql);
    let text = text.trim_end_matches(|c: char| c == ';' || c.is_ascii_whitespace());
    let mut words = text.split_ascii_whitespace();
    matches!(
        (words.next(), words.next(), words.next()),
        (Some(kw), Some("1"), None) if kw.eq_ignore_ascii_case("select")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Splits and checks the invariants every caller relies on.
    fn check(source: &str) -> Vec<Statement> {
        let statements = split(source);
        for s in &statements {
            let slice = source.get(s.start..s.start + s.sql.len());
            assert_eq!(slice, Some(s.sql.as_str()), "in {source:?}");
            assert!(!s.sql.is_empty() && s.sql.trim() == s.sql, "in {source:?}");
        }
        statements
    }

    /// Like the CLI's own tests: each case's parts, concatenated, must split back into
    /// those parts (trimmed the way the CLI trims, empty ones dropped).
    fn assert_parts(cases: &[&[&str]]) {
        for parts in cases {
            let source = parts.concat();
            let got: Vec<String> = check(&source).into_iter().map(|s| s.sql).collect();
            let want: Vec<&str> = parts
                .iter()
                .map(|p| p.trim_end_matches(';').trim())
                .filter(|p| !p.is_empty())
                .collect();
            assert_eq!(got, want, "splitting {source:?}");
        }
    }

    #[test]
    fn semicolons_inside_quotes_and_comments() {
        assert_parts(&[
            &["select ';';", " select 2"],
            &["select 'it''s; ok';", " select 2;"],
            &[r#"create policy "a;""b" on t;"#, " select 1"],
            &["select 1 -- a; b\n;", " select 2"],
            &["select 1 /* a; /* nested; */ b; */;", " select 2"],
            &["select 1 - 2;", " select 3 / 4;", " select 5"],
        ]);
    }

    #[test]
    fn dollar_quotes_and_parameters() {
        assert_parts(&[
            &[
                "create function f() returns int as $body$ begin perform $$;$$; end; $body$;",
                " select 2",
            ],
            &["do $$ begin null; end $$;", " select 2"],
            &["select $é²$ a; b $é²$;", " select 2"],
            // `$1` stays a parameter, and a `$` after an identifier character belongs to it.
            &[
                "prepare p as select $1;",
                " select $1, $2 from t;",
                " select 2",
            ],
            &["create table t$$x (id int);", " select 1"],
        ]);
    }

    #[test]
    fn parentheses_and_rules() {
        assert_parts(&[
            &[
                "create rule r as on update to t do also (notify t; select 1);",
                " select 2",
            ],
            // One `)` closes every open parenthesis in the CLI, so a nested group ends the
            // rule body early and the CLI splits inside it; we report the same chunks.
            &[
                "create rule r as on insert to t do also (insert into l values (1);",
                " select 2);",
                " select 3",
            ],
        ]);
    }

    #[test]
    fn begin_atomic_bodies() {
        let f = "create function f() returns int language sql begin atomic select";
        let bodies = [
            " 1; select 2; end;",
            " 1; -- note end;\nend;",
            " case when true then 1 else 0 end; end;",
        ];
        let exprs = [
            " 1 as end",
            " 1 as pending",
            " 'end'",
            " endpoint",
            " (case when x then 1 end)",
        ];
        let bodies = bodies
            .map(String::from)
            .into_iter()
            .chain(exprs.map(|e| format!("{e}; select 1; end;")));
        for body in bodies {
            assert_parts(&[&[&format!("{f}{body}"), " select 3;"]]);
        }
        assert_parts(&[
            &["create table atomic_test (id int);", " select 1"],
            &["begin atomic; select 'end'; end"],
            // Only PostgreSQL's whitespace separates the two keywords.
            &["BEGIN \u{a0} ATOMIC;", " SELECT 1;", " end"],
            // An `END` opening an inner statement only closes the body at a word boundary.
            &["f() begin atomic select 1; end_x; endé; end;", " select 2"],
        ]);
    }

    #[test]
    fn backslash_escapes_only_outside_quotes() {
        // The CLI trims every trailing `;`, escaped or not: `\;;` becomes `\`.
        assert_parts(&[
            &["select 1 \\; select 2;", " select 3"],
            &["select '\\';", " select 2"],
            &["\\;;", "\\;"],
        ]);
    }

    #[test]
    fn empty_chunks_trailing_statement_and_comments() {
        assert_parts(&[
            &["select 1;", ";", ";", " ;", "\n;", "select 2"],
            &[" ;", " ;", "\n"],
            &[""],
            &["select 1;", "\nselect 2\n"],
            // Comment-only chunks are kept: the CLI sends them too.
            &["-- only a comment\n"],
            &["select 1;", "\n/* trailing */\n"],
            &["-- header\ncreate table t ();"],
        ]);
    }

    #[test]
    fn crlf_bom_and_unicode_offsets() {
        assert_parts(&[&["select 1;", "\r\n-- c\r\nselect 2;", "\r\n"]]);
        let s = check("\u{feff}select 1; select 2");
        assert_eq!((s[0].sql.as_str(), s[0].start, s.len()), ("select 1", 3, 2));
        let source = "-- héllo wörld ✓\n\n  select 'ü;' as \"naïve\"; select 2";
        let s = check(source);
        assert_eq!((s.len(), s[1].start), (2, source.len() - "select 2".len()));
    }

    #[test]
    fn real_function_body_and_trigger() {
        assert_parts(&[&[
            "create or replace function public.handle_new_user() returns trigger language plpgsql security definer set search_path = public as $$
begin
  insert into public.users (id, full_name) values (new.id, new.raw_user_meta_data->>'full_name');
  return new;
end;
$$;",
            "\ncreate trigger on_auth_user_created after insert on auth.users for each row execute procedure public.handle_new_user();",
            "\n",
        ]]);
    }

    /// Cases from the CLI's own `state_test.go` and `sql-split.unit.test.ts`.
    #[test]
    fn matches_cli_test_suite() {
        assert_parts(&[
            &["END;", "-- comment"],
            &["SELECT --; 1"],
            &["- ;", "END"],
            &["-- /* \n;", " */ END"],
            &["SELECT /*; /*;*/ ;*/ 1"],
            &["/ * ;", " */ END"],
            &["BEGIN   ;", "  END"],
            &["$tag$ any ; string$tag$"],
            &["SELECT \"$\";", " $$"],
            &["SELECT '\\';", " 1'"],
            &["CREATE RULE n AS ON UPDATE TO t DO (-- )\nSELECT ')';\n-- )\n)\n"],
            &["CREATE FUNCTION t() BEGIN\nATOMIC-- END;\n-- END;\nEND\n;"],
            &["BEGIN atomıc;", " SELECT 'end';", " SELECT 2;"],
            &["DO (BEGIN ATOMIC SELECT 1; END; );", " SELECT 2;"],
            &["f() BEGIN ATOMIC SELECT $1;END;", " SELECT 2;"],
            &[
                "f() BEGIN ATOMIC SELECT 1 AS pending$$foo$; END;",
                " SELECT 2",
            ],
            &[
                "f() BEGIN ATOMIC SELECT end$$foo$; SELECT 1; END;",
                " SELECT 2",
            ],
            &[
                "f() BEGIN ATOMIC SELECT 1; /* a /*/ b */ SELECT 2 END; SELECT 3; END;",
                " SELECT 4;",
            ],
            &["f() BEGIN ATOMIC SELECT 1; END\n;", " SELECT 2;"],
        ]);
    }

    #[test]
    fn odd_inputs_never_panic() {
        let odd = "'abc; def|$tag$ never; closed|$|*/|/*|(|((((|begin atomic|\\|\"|-|$$|e'\\|end|\u{feff}|\u{feff}\u{feff};";
        for source in odd.split('|') {
            check(source);
            is_noop_select(source);
        }
        assert_parts(&[
            &["select 'abc; def"],
            &["select $x$ never; closed"],
            &["*/ select 1;", " select 2"],
        ]);
        check(&"(".repeat(200_000));
        check(&"/*".repeat(100_000));
        check(&format!(
            "{}{}",
            "x begin atomic (".repeat(20_000),
            ")end;".repeat(5)
        ));
        // Every string of up to four characters from an alphabet of trouble makers.
        fn walk(buf: &mut String, depth: usize) {
            check(buf);
            strip_comments(buf);
            for c in "$'\"-/*;()\\cé\n E".chars().filter(|_| depth > 0) {
                buf.push(c);
                walk(buf, depth - 1);
                buf.pop();
            }
        }
        walk(&mut String::new(), 4);
    }

    #[test]
    fn noop_select_detection() {
        let yes = [
            "select 1",
            "SELECT 1",
            "  SeLeCt \n\t 1 ;",
            "-- placeholder\nselect 1",
            "/* a */select/* b */1",
        ];
        let no = [
            "select 10",
            "select 1, 2",
            "select '1'",
            "select 1 from t",
            "select",
            "-- select 1",
            "",
            "select\u{a0}1",
        ];
        assert!(yes.iter().all(|s| is_noop_select(s)));
        assert!(!no.iter().any(|s| is_noop_select(s)));
    }

    #[test]
    fn real_supabase_migrations() {
        let candidates = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"),
            "/work/shared/corpus",
        ];
        let Some(root) = candidates
            .map(std::path::Path::new)
            .into_iter()
            .find(|p| p.is_dir())
        else {
            println!("note: no migration corpus found, skipping");
            return;
        };
        let (mut files, mut statements) = (0, 0);
        for project in std::fs::read_dir(root).into_iter().flatten().flatten() {
            let dir = std::fs::read_dir(project.path().join("migrations"));
            for path in dir.into_iter().flatten().flatten().map(|f| f.path()) {
                if path.extension().is_some_and(|e| e == "sql") {
                    let bytes = std::fs::read(&path).unwrap_or_default();
                    let source = String::from_utf8_lossy(&bytes);
                    let split = check(&source);
                    assert!(
                        source.trim().is_empty() || !split.is_empty(),
                        "{}",
                        path.display()
                    );
                    (files, statements) = (files + 1, statements + split.len());
                }
            }
        }
        println!("split {files} corpus files into {statements} statements");
        assert!(files > 0, "corpus at {} has no migrations", root.display());
    }
}
