//! The Test Anything Protocol as pgTAP writes it: `1..N` plans, `ok N -
//! description` and `not ok N - description` lines, `# SKIP` / `# TODO`
//! directives, and `#` diagnostic lines after a failure.

/// One test line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TapTest {
    /// The test's number.
    pub number: u32,
    /// Whether it passed (`ok`).
    pub ok: bool,
    /// Its description, without the leading `- `.
    pub description: String,
    /// `# TODO` (a failure that is expected) or `# SKIP`.
    pub todo_or_skip: bool,
    /// The `#` lines that followed it (`#   have: 1`, `#   want: 2`).
    pub diagnostics: Vec<String>,
    /// Index of the statement whose output held the line.
    pub statement: usize,
}

impl TapTest {
    /// A failure that counts: `not ok` without `# TODO` or `# SKIP`.
    pub fn failed(&self) -> bool {
        !self.ok && !self.todo_or_skip
    }
}

/// Everything one file's output said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tap {
    /// The plan (`1..N`), wherever it came.
    pub plan: Option<u32>,
    /// The tests, in output order.
    pub tests: Vec<TapTest>,
}

impl Tap {
    /// Reads one line of output produced by statement `statement`.
    pub fn push_line(&mut self, line: &str, statement: usize) {
        let line = line.trim_end();
        if let Some(plan) = parse_plan(line) {
            self.plan = Some(plan);
        } else if let Some(test) = parse_test(line, statement) {
            self.tests.push(test);
        } else if line.trim_start().starts_with('#') {
            // Only the failing test's own output: finish()'s summary
            // ("# Looks like you failed ...") comes from a later statement.
            if let Some(last) = self
                .tests
                .last_mut()
                .filter(|t| !t.ok && t.statement == statement)
            {
                last.diagnostics.push(line.trim().to_string());
            }
        }
    }

    /// Tests that passed (including skipped ones).
    pub fn passed(&self) -> usize {
        self.tests.iter().filter(|t| !t.failed()).count()
    }

    /// Tests that failed.
    pub fn failed(&self) -> impl Iterator<Item = &TapTest> {
        self.tests.iter().filter(|t| t.failed())
    }
}

/// `1..N`, possibly followed by a `# Skipped` reason.
fn parse_plan(line: &str) -> Option<u32> {
    let rest = line.strip_prefix("1..")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let tail = rest[digits.len()..].trim_start();
    if digits.is_empty() || !(tail.is_empty() || tail.starts_with('#')) {
        return None;
    }
    digits.parse().ok()
}

fn parse_test(line: &str, statement: usize) -> Option<TapTest> {
    let (ok, rest) = if let Some(rest) = line.strip_prefix("not ok") {
        (false, rest)
    } else {
        (true, line.strip_prefix("ok")?)
    };
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let rest = rest.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number = digits.parse().ok()?;
    let mut description = rest[digits.len()..].trim_start();
    description = description.strip_prefix("- ").unwrap_or(description);
    let (description, directive) = match description.rfind(" # ") {
        Some(at) => (&description[..at], Some(&description[at + 3..])),
        None => match description.strip_prefix("# ") {
            Some(directive) => ("", Some(directive)),
            None => (description, None),
        },
    };
    let todo_or_skip = directive.is_some_and(|d| {
        let d = d.trim_start().to_ascii_uppercase();
        d.starts_with("TODO") || d.starts_with("SKIP")
    });
    Some(TapTest {
        number,
        ok,
        description: description.trim().to_string(),
        todo_or_skip,
        diagnostics: Vec::new(),
        statement,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tap(text: &str) -> Tap {
        let mut tap = Tap::default();
        for line in text.lines() {
            tap.push_line(line, 0);
        }
        tap
    }

    #[test]
    fn reads_plans_results_and_diagnostics() {
        let tap = tap("1..3\nok 1 - table exists\nnot ok 2 - anon sees nothing\n# Failed test 2: \"anon sees nothing\"\n#         have: 3\n#         want: 0\nok 3 # SKIP no pgsodium\n");
        assert_eq!(tap.plan, Some(3));
        assert_eq!(tap.tests.len(), 3);
        assert_eq!(tap.passed(), 2);
        let failed: Vec<_> = tap.failed().collect();
        assert_eq!(failed[0].number, 2);
        assert_eq!(failed[0].description, "anon sees nothing");
        assert_eq!(
            failed[0].diagnostics,
            vec![
                "# Failed test 2: \"anon sees nothing\"",
                "#         have: 3",
                "#         want: 0"
            ]
        );
    }

    #[test]
    fn diagnostics_of_later_statements_are_not_the_failures() {
        let mut tap = Tap::default();
        tap.push_line("not ok 1 - x", 3);
        tap.push_line("# have: 1", 3);
        tap.push_line("# Looks like you failed 1 test of 1", 4);
        assert_eq!(tap.tests[0].diagnostics, vec!["# have: 1"]);
    }

    #[test]
    fn todo_failures_do_not_count_and_late_plans_are_read() {
        let tap = tap("not ok 1 - later # TODO not yet\nok 2\n1..2\n");
        assert_eq!(tap.plan, Some(2));
        assert_eq!(tap.failed().count(), 0);
        assert_eq!(tap.tests[1].description, "");
    }

    #[test]
    fn other_lines_are_not_tests() {
        let tap = tap("okay 1\n1..x\nnot okay\n");
        assert_eq!(tap, Tap::default());
    }
}
