//! One finding per hazard per statement, for the renderers.
//!
//! A static rule (`alter-column-type`), the trace of what the statement
//! did (`traced-rewrite`, `traced-lock`) and `missing-lock-timeout` often
//! describe one statement's effect on one table. The JSON report keeps them
//! apart so tools lose nothing; people read them merged: one [`Hazard`] at
//! the most severe level among its parts, saying what lock, on what,
//! whether it was observed or inferred.
//!
//! This is a pure function over findings: the evidence rules' messages
//! (written by the trace and the lock-timeout rule) name the relation, and
//! a part joins the finding on the same statement that names it too.

use super::{Finding, RuleId, Severity};

/// What a reader has to decide about a hazard: the headline's categories.
/// A closed set; a new kind of finding (an advisor) gets a variant here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Concern {
    /// A migration, seed or idempotent re-apply fails, or would on production.
    Failure,
    /// A verification query's result is wrong.
    Verification,
    /// The change breaks a migration freeze.
    Freeze,
    /// The migration history is broken: edited, reordered, squashed or missing versions.
    History,
    /// Rows, columns, tables or schemas are deleted.
    DataLoss,
    /// Data becomes reachable through the API: RLS, grants, definer functions.
    Exposure,
    /// An existing table is rewritten.
    Rewrite,
    /// An existing table is locked against writes (or reads) for a while.
    Lock,
}

impl Concern {
    /// The concern a finding raises, if it needs a human decision. Notices
    /// never do.
    pub fn of(finding: &Finding) -> Option<Concern> {
        if finding.severity < Severity::Warning {
            return None;
        }
        Some(match finding.rule {
            RuleId::MigrationFailed
            | RuleId::IdempotencyReapply
            | RuleId::SyntaxError
            | RuleId::DangerousStatement
            | RuleId::ExtensionUnavailable
            | RuleId::NotNullWithoutDefault => Concern::Failure,
            RuleId::VerificationFailed => Concern::Verification,
            RuleId::Freeze => Concern::Freeze,
            RuleId::HistoryImmutable
            | RuleId::HistorySquash
            | RuleId::VersionOrder
            | RuleId::PlaceholderNoop
            | RuleId::RemoteOnly
            | RuleId::AppliedEdited
            | RuleId::DuplicateVersion
            | RuleId::InvalidName => Concern::History,
            RuleId::DropTable
            | RuleId::DropColumn
            | RuleId::DropSchema
            | RuleId::Truncate
            | RuleId::DmlWithoutWhere
            | RuleId::DropCascade => Concern::DataLoss,
            RuleId::RlsDisabled
            | RuleId::RlsWithoutPolicy
            | RuleId::AnonGrantSensitive
            | RuleId::SecurityDefinerSearchPath => Concern::Exposure,
            RuleId::AlterColumnType | RuleId::VolatileDefault | RuleId::TracedRewrite => {
                Concern::Rewrite
            }
            RuleId::TracedLock
            | RuleId::SetNotNull
            | RuleId::ConstraintWithoutNotValid
            | RuleId::IndexWithoutConcurrently
            | RuleId::MissingLockTimeout => Concern::Lock,
            _ => return None,
        })
    }

    /// The headline's label for it.
    pub fn label(self) -> &'static str {
        match self {
            Concern::Failure => "Fails",
            Concern::Verification => "Verification",
            Concern::Freeze => "Freeze",
            Concern::History => "History",
            Concern::DataLoss => "Data loss",
            Concern::Exposure => "Exposure",
            Concern::Rewrite => "Table rewrite",
            Concern::Lock => "Long lock",
        }
    }
}

/// One hazard: a lead finding and the findings about the same statement's
/// effect on the same relation merged into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hazard<'a> {
    /// The finding that says what the statement does (the static rule, or
    /// the strongest evidence when no static rule fired).
    pub lead: &'a Finding,
    /// Traced locks and rewrites and `missing-lock-timeout` on the same
    /// statement and relation.
    pub evidence: Vec<&'a Finding>,
    /// The most severe level among the parts.
    pub severity: Severity,
}

impl<'a> Hazard<'a> {
    fn new(lead: &'a Finding) -> Self {
        Hazard {
            lead,
            evidence: Vec::new(),
            severity: lead.severity,
        }
    }

    fn add(&mut self, part: &'a Finding) {
        self.severity = self.severity.max(part.severity);
        self.evidence.push(part);
    }

    /// The lead, then the evidence.
    pub fn parts(&self) -> impl Iterator<Item = &'a Finding> + '_ {
        std::iter::once(self.lead).chain(self.evidence.iter().copied())
    }

    /// The lead's rule.
    pub fn rule(&self) -> RuleId {
        self.lead.rule
    }

    /// The file the hazard is in.
    pub fn file(&self) -> Option<&'a str> {
        self.lead.file.as_deref()
    }

    /// The line the hazard's statement starts on.
    pub fn line(&self) -> Option<u32> {
        self.lead.line
    }

    /// The most pressing concern among the parts.
    pub fn concern(&self) -> Option<Concern> {
        self.parts().filter_map(Concern::of).min()
    }

    /// How to fix it: the static rule's help, or else the lock timeout's
    /// (the trace's help only explains where it was observed).
    pub fn help(&self) -> Option<&'a str> {
        let timeout = || {
            self.parts()
                .find(|f| f.rule == RuleId::MissingLockTimeout)
                .and_then(|f| f.help.as_deref())
        };
        match evidence(self.lead) {
            None => self.lead.help.as_deref(),
            Some(_) => timeout().or(self.lead.help.as_deref()),
        }
    }

    /// The lead's message up to its first colon: what the statement does,
    /// naming the object (without the trace's "(existing table)").
    pub fn summary(&self) -> &'a str {
        let summary = summary(&self.lead.message);
        match summary.split_once(" (existing ") {
            Some((head, _)) if evidence(self.lead).is_some() => head,
            _ => summary,
        }
    }

    /// One sentence with all of it: what the statement does, then what
    /// lock on what, observed in the throwaway run or inferred from the
    /// SQL, and whether a lock timeout guards it.
    pub fn sentence(&self) -> String {
        let mut sentence = self.summary().to_string();
        let clauses = self.evidence_clauses();
        if !clauses.is_empty() {
            sentence.push_str("; ");
            sentence.push_str(&clauses.join(", "));
        }
        sentence
    }

    fn evidence_clauses(&self) -> Vec<String> {
        let parts: Vec<&Finding> = self.parts().collect();
        let of = |rule| parts.iter().find(|f| f.rule == rule).copied();
        let mut clauses = Vec::new();
        let rewrite = of(RuleId::TracedRewrite).and_then(|f| evidence(f).map(|e| e.relation));
        let lock = of(RuleId::TracedLock).and_then(evidence);
        let timeout = of(RuleId::MissingLockTimeout).and_then(evidence);
        let lead_is = |rule| self.lead.rule == rule;
        if let Some(relation) = rewrite.filter(|_| !lead_is(RuleId::TracedRewrite)) {
            clauses.push(format!(
                "rewrote {relation} under ACCESS EXCLUSIVE (observed)"
            ));
        } else if let Some(lock) = lock.filter(|_| !lead_is(RuleId::TracedLock)) {
            clauses.push(format!(
                "held {} on {} (observed)",
                lock.mode.unwrap_or("a lock"),
                lock.relation
            ));
        } else if let (Some(timeout), false) = (&timeout, lead_is(RuleId::MissingLockTimeout)) {
            if rewrite.is_none() && lock.is_none() {
                clauses.push(format!(
                    "takes {} on {} (inferred)",
                    timeout.mode.unwrap_or("a lock"),
                    timeout.relation
                ));
            }
        }
        if timeout.is_some() && !lead_is(RuleId::MissingLockTimeout) {
            clauses.push("no lock_timeout set".to_string());
        }
        clauses
    }
}

/// A message up to its first `: ` outside parentheses (the rest explains
/// why); a colon inside a parenthesis belongs to what the sentence names.
pub fn summary(message: &str) -> &str {
    let first_line = message.lines().next().unwrap_or("");
    let mut depth = 0usize;
    let mut end = first_line.len();
    for (at, c) in first_line.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ':' if depth == 0 && first_line[at + 1..].starts_with(' ') => {
                end = at;
                break;
            }
            _ => {}
        }
    }
    first_line[..end].trim_end_matches(['.', ':'])
}

/// What an evidence finding says: the relation, and the lock mode if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Evidence<'a> {
    relation: &'a str,
    mode: Option<&'a str>,
}

/// Reads the relation (and lock mode) out of an evidence rule's message.
fn evidence(finding: &Finding) -> Option<Evidence<'_>> {
    let message = finding.message.as_str();
    match finding.rule {
        RuleId::TracedRewrite => {
            let rest = message.strip_prefix("rewrites ")?;
            let (relation, _) = rest.split_once(" (existing ")?;
            Some(Evidence {
                relation,
                mode: None,
            })
        }
        RuleId::TracedLock => lock_evidence(message, " (existing "),
        RuleId::MissingLockTimeout => lock_evidence(message, " with no lock_timeout"),
        _ => None,
    }
}

/// Reads "takes <mode> on <relation><end>…", the way both lock rules begin.
fn lock_evidence<'a>(message: &'a str, end: &str) -> Option<Evidence<'a>> {
    let rest = message.strip_prefix("takes ")?;
    let (mode, rest) = rest.split_once(" on ")?;
    let (relation, _) = rest.split_once(end)?;
    Some(Evidence {
        relation,
        mode: Some(mode),
    })
}

/// Whether `message` names `relation` as a whole name (`public.orders`,
/// `public.orders.total_cents`, not `public.orders_archive`).
fn names(message: &str, relation: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    message.match_indices(relation).any(|(at, _)| {
        let before = message[..at].chars().next_back();
        let after = message[at + relation.len()..].chars().next();
        !before.is_some_and(|c| ident(c) || c == '.') && !after.is_some_and(ident)
    })
}

fn same_statement(a: &Finding, b: &Finding) -> bool {
    a.file.is_some() && a.file == b.file && a.line.is_some() && a.line == b.line
}

/// How strongly an evidence rule leads a group with no static rule.
fn evidence_rank(rule: RuleId) -> u8 {
    match rule {
        RuleId::TracedRewrite => 0,
        RuleId::TracedLock => 1,
        _ => 2,
    }
}

/// Merges `findings` into hazards: each evidence finding joins the static
/// finding on the same statement that names its relation, or else the other
/// evidence about the same statement and relation. Most severe first, then
/// by file and line.
pub fn hazards(findings: &[Finding]) -> Vec<Hazard<'_>> {
    let mut merged: Vec<Hazard> = Vec::new();
    let mut loose: Vec<(&Finding, Evidence)> = Vec::new();
    for finding in findings {
        match evidence(finding) {
            Some(e) if finding.file.is_some() && finding.line.is_some() => loose.push((finding, e)),
            _ => merged.push(Hazard::new(finding)),
        }
    }
    loose.sort_by_key(|(f, _)| evidence_rank(f.rule));
    let statics = merged.len();
    for (finding, e) in loose {
        let target = merged[..statics]
            .iter()
            .position(|h| same_statement(h.lead, finding) && names(&h.lead.message, e.relation))
            .or_else(|| {
                merged[statics..]
                    .iter()
                    .position(|h| {
                        same_statement(h.lead, finding)
                            && evidence(h.lead).is_some_and(|l| l.relation == e.relation)
                    })
                    .map(|i| i + statics)
            });
        match target {
            Some(i) => merged[i].add(finding),
            None => merged.push(Hazard::new(finding)),
        }
    }
    merged.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.file().cmp(&b.file()))
            .then_with(|| a.line().cmp(&b.line()))
    });
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "supabase/migrations/20260102000000_orders.sql";

    fn at(rule: RuleId, severity: Severity, line: u32, message: &str) -> Finding {
        Finding::new(rule, severity, message)
            .in_file(FILE)
            .at(line, 1)
            .with_help("help")
    }

    fn alter_type() -> Vec<Finding> {
        vec![
            at(RuleId::AlterColumnType, Severity::Warning, 3, "changes the type of public.orders.total_cents: unless the types are binary-compatible this rewrites the table"),
            at(RuleId::MissingLockTimeout, Severity::Warning, 3, "takes ACCESS EXCLUSIVE on public.orders with no lock_timeout set: while it waits for the lock, all queries on public.orders queue behind it"),
            at(RuleId::TracedRewrite, Severity::Warning, 3, "rewrites public.orders (existing table): every row was copied"),
            at(RuleId::TracedLock, Severity::Error, 3, "takes ACCESS EXCLUSIVE on public.orders (existing table): reads and writes on it wait until the migration commits"),
        ]
    }

    #[test]
    fn a_static_rule_the_trace_and_the_timeout_become_one_hazard_at_the_worst_level() {
        let findings = alter_type();
        let merged = hazards(&findings);
        assert_eq!(merged.len(), 1, "{merged:#?}");
        let hazard = &merged[0];
        assert_eq!(hazard.rule(), RuleId::AlterColumnType);
        assert_eq!(hazard.severity, Severity::Error);
        assert_eq!(hazard.parts().count(), 4);
        assert_eq!(hazard.concern(), Some(Concern::Rewrite));
        assert_eq!(
            hazard.sentence(),
            "changes the type of public.orders.total_cents; rewrote public.orders under ACCESS EXCLUSIVE (observed), no lock_timeout set"
        );
    }

    #[test]
    fn evidence_about_another_statement_or_relation_stays_apart() {
        let mut findings = alter_type();
        findings[2].line = Some(4);
        findings.push(at(
            RuleId::TracedLock,
            Severity::Notice,
            3,
            "takes SHARE ROW EXCLUSIVE on public.orders_archive (existing table): writes on it wait until the migration commits",
        ));
        let merged = hazards(&findings);
        let rules: Vec<(RuleId, usize)> = merged
            .iter()
            .map(|h| (h.rule(), h.parts().count()))
            .collect();
        assert_eq!(
            rules,
            [
                (RuleId::AlterColumnType, 3),
                (RuleId::TracedRewrite, 1),
                (RuleId::TracedLock, 1)
            ]
        );
    }

    #[test]
    fn without_a_static_rule_the_trace_leads_and_the_timeout_joins_it() {
        let findings = vec![
            at(RuleId::MissingLockTimeout, Severity::Warning, 2, "takes ACCESS EXCLUSIVE on public.orders with no lock_timeout set: while it waits"),
            at(RuleId::TracedLock, Severity::Warning, 2, "takes ACCESS EXCLUSIVE on public.orders (existing table): reads and writes on it wait until the migration commits"),
        ];
        let mut findings = findings;
        findings[0].help = Some("set lock_timeout first".into());
        let merged = hazards(&findings);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].rule(), RuleId::TracedLock);
        // The trace's help only says where it was seen; the fix is the timeout's.
        assert_eq!(merged[0].help(), Some("set lock_timeout first"));
        assert_eq!(
            merged[0].sentence(),
            "takes ACCESS EXCLUSIVE on public.orders; no lock_timeout set"
        );
    }

    #[test]
    fn an_untraced_statement_says_the_lock_is_inferred() {
        let findings = vec![
            at(RuleId::IndexWithoutConcurrently, Severity::Warning, 5, "builds orders_status on public.orders without CONCURRENTLY: writes to public.orders wait"),
            at(RuleId::MissingLockTimeout, Severity::Warning, 5, "takes SHARE on public.orders with no lock_timeout set: while it waits"),
        ];
        let merged = hazards(&findings);
        assert_eq!(merged.len(), 1);
        assert_eq!(
            merged[0].sentence(),
            "builds orders_status on public.orders without CONCURRENTLY; takes SHARE on public.orders (inferred), no lock_timeout set"
        );
    }

    #[test]
    fn names_are_matched_whole() {
        assert!(names(
            "drops column note of public.orders, and its data",
            "public.orders"
        ));
        assert!(names(
            "changes the type of public.orders.total_cents",
            "public.orders"
        ));
        assert!(!names("empties public.orders_archive", "public.orders"));
        assert!(!names("empties app_public.orders", "public.orders"));
    }

    #[test]
    fn notices_raise_no_concern() {
        let notice = at(
            RuleId::TracedLock,
            Severity::Notice,
            1,
            "takes SHARE on public.t (existing table): writes wait",
        );
        assert_eq!(Concern::of(&notice), None);
        let dropped = at(
            RuleId::DropColumn,
            Severity::Warning,
            1,
            "drops column a of public.t, and its data",
        );
        assert_eq!(Concern::of(&dropped), Some(Concern::DataLoss));
    }

    #[test]
    fn a_summary_stops_at_the_first_colon_outside_parentheses() {
        assert_eq!(
            summary("several policies (authenticated SELECT: \"a\", \"b\"), and more: why"),
            "several policies (authenticated SELECT: \"a\", \"b\"), and more"
        );
        assert_eq!(
            summary("drops column note: data is lost"),
            "drops column note"
        );
        assert_eq!(summary("no colon here."), "no colon here");
    }
}
