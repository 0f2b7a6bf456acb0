//! `schemagate action`: the GitHub Action's entrypoint. It reads the
//! action's inputs (`INPUT_*`, hyphens kept) and the GitHub environment,
//! runs the command, and reports everywhere GitHub looks: the sticky PR
//! comment, the job summary, annotations (on stdout), the outputs and the
//! JSON report. Outside a container the same environment gives the same
//! behaviour, which is how it is tested.
//!
//! Only the checks decide the exit code: a comment that cannot be posted
//! (a fork's read-only token) is a notice, never a failure.
//!
//! `project-dir` may name several projects (a monorepo); `check` then runs
//! once per project, see [`projects`].

mod projects;

use std::io::Write;
use std::path::{Path, PathBuf};

use super::pipeline::{usage, Outcome};
use crate::changes::{ChangeSource, GitChanges, PullRequestChanges};
use crate::cli::ServerArgs;
use crate::cli::{
    ChangeArgs, CheckArgs, DriftArgs, FailOn, ListArgs, OutputArgs, OutputFormat, ProjectArgs,
    RemoteArgs,
};
use crate::github::comment::{self, Posted};
use crate::github::event::Event;
use crate::github::tracking::{self, Tracked};
use crate::github::GitHub;
use crate::monorepo::{self, Projects};
use crate::postgres::BackendKind;
use crate::report::links::Links;
use crate::report::{annotations, markdown, Finding, Report, RuleId, Severity, Status};

/// The action's inputs, as GitHub passes them.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    command: String,
    project_dir: PathBuf,
    /// Every project `project-dir` names (the first is `project_dir`).
    projects: Projects,
    /// `all-projects`: check every project, not only those a pull request touches.
    all_projects: bool,
    migrations: PathBuf,
    config: PathBuf,
    postgres: String,
    database_url: Option<String>,
    image: Option<String>,
    docker_network: Option<String>,
    github_token: Option<String>,
    comment: bool,
    tests: bool,
    fail_on: Option<FailOn>,
    remote_url: Option<String>,
    base_ref: Option<String>,
    report: PathBuf,
}

/// An input by its name in `action.yml`: GitHub passes `github-token` as
/// `INPUT_GITHUB-TOKEN`. Empty means absent.
fn input(name: &str) -> Option<String> {
    std::env::var(format!("INPUT_{}", name.to_ascii_uppercase()))
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A `true`/`false` input, `default` when absent.
fn bool_input(name: &str, default: bool) -> Result<bool, String> {
    match input(name).as_deref() {
        None => Ok(default),
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(other) => Err(format!(
            "input {name}: expected true or false, found {other:?}"
        )),
    }
}

impl Inputs {
    /// Reads every input, with the defaults `action.yml` documents.
    pub fn from_env() -> Result<Inputs, String> {
        let fail_on = match input("fail-on") {
            None => None,
            Some(text) => match text.parse::<Severity>() {
                Ok(Severity::Error) => None,
                Ok(Severity::Warning) => Some(FailOn::Warning),
                // A notice threshold is no threshold: the input takes the two that fail.
                Ok(Severity::Notice) | Err(_) => {
                    return Err(format!(
                        "input fail-on: expected error or warning, found {text:?}"
                    ))
                }
            },
        };
        let comment = bool_input("comment", true)?;
        let tests = bool_input("tests", true)?;
        let all_projects = bool_input("all-projects", false)?;
        let migrations =
            input("migrations").map_or_else(|| PathBuf::from("supabase/migrations"), PathBuf::from);
        let projects = monorepo::expand(
            &input("project-dir").unwrap_or_default(),
            Path::new("."),
            &migrations,
        )?;
        Ok(Inputs {
            command: input("command").unwrap_or_else(|| "check".into()),
            project_dir: projects.dirs[0].clone(),
            projects,
            all_projects,
            migrations,
            config: input("config").map_or_else(|| PathBuf::from("schemagate.toml"), PathBuf::from),
            postgres: input("postgres").unwrap_or_else(|| "embedded".into()),
            database_url: input("database-url"),
            image: input("image"),
            docker_network: input("docker-network"),
            github_token: input("github-token")
                .or_else(|| std::env::var("GITHUB_TOKEN").ok().filter(|t| !t.is_empty())),
            comment,
            tests,
            fail_on,
            remote_url: input("remote-url"),
            base_ref: input("base-ref"),
            report: input("report").map_or_else(default_report_path, PathBuf::from),
        })
    }

    fn project(&self) -> ProjectArgs {
        ProjectArgs {
            project_dir: self.project_dir.clone(),
            migrations: self.migrations.clone(),
            config: self.config.clone(),
        }
    }

    fn output(&self) -> OutputArgs {
        OutputArgs {
            format: OutputFormat::Human,
            output: None,
            fail_on: self.fail_on,
        }
    }

    fn drift_args(&self) -> Planned<DriftArgs> {
        Ok(DriftArgs {
            project: self.project(),
            output: self.output(),
            remote_url: self.remote_url.clone(),
            emit_sql: None,
            schemas: Vec::new(),
            include_pending: false,
            server: self.server()?,
        })
    }

    fn server(&self) -> Result<ServerArgs, String> {
        let postgres = self
            .postgres
            .parse::<BackendKind>()
            .map_err(|e| format!("input postgres: {e}"))?;
        Ok(ServerArgs {
            postgres,
            database_url: self.database_url.clone(),
            pg_bindir: None,
            image: self.image.clone(),
            docker_network: self.docker_network.clone(),
            // The action must not go red because Docker is missing: fall back with a warning.
            no_fallback: false,
            no_supabase_shim: false,
        })
    }
}

/// The GitHub environment of the run.
struct Environment {
    event: Event,
    repository: Option<String>,
    api_url: String,
    workspace: PathBuf,
}

impl Environment {
    fn from_env() -> Environment {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Environment {
            event: Event::load(var("GITHUB_EVENT_PATH").as_deref().map(Path::new)),
            repository: var("GITHUB_REPOSITORY"),
            api_url: var("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".into()),
            workspace: var("GITHUB_WORKSPACE").map_or_else(|| PathBuf::from("."), PathBuf::from),
        }
    }

    fn github(&self, token: Option<&str>) -> Option<GitHub> {
        let (token, repository) = (token?, self.repository.as_deref()?);
        match GitHub::new(&self.api_url, token, repository) {
            Ok(github) => Some(github),
            Err(e) => {
                tracing::warn!("{e}");
                None
            }
        }
    }
}

/// What the action runs, read from its inputs: the dispatcher
/// (`commands::run`) runs it and hands the reports to [`Action::publish`].
pub enum Plan {
    /// `check`, once per selected project (once for a single project).
    Check(Vec<Planned<CheckRun>>),
    /// `list`.
    List(ListArgs),
    /// `drift`; the tracking issue follows in [`Action::publish`].
    Drift(Planned<DriftArgs>),
    /// `comment`: post the report at this path on its pull request.
    Comment(PathBuf),
}

/// A run whose inputs were read, or the usage error that makes its report.
pub type Planned<T> = Result<T, String>;

/// One project's `check`: its arguments and where its change set comes from.
pub struct CheckRun {
    /// The command-line arguments the inputs stand for.
    pub args: CheckArgs,
    /// Git, or the pull request through the API.
    pub changes: Box<dyn ChangeSource>,
}

/// The action once its inputs are read: what publishing needs.
pub struct Action {
    inputs: Inputs,
    env: Environment,
    github: Option<GitHub>,
    /// Several projects: which ones are checked, and why.
    selection: Option<projects::Selection>,
}

impl Action {
    /// Reads the inputs and the GitHub environment into what to run; a run
    /// that cannot start is the `Err` outcome, already reported.
    pub async fn plan() -> Result<(Action, Plan), Outcome> {
        let inputs = Inputs::from_env().map_err(|message| failed_setup(message, None))?;
        let env = Environment::from_env();
        let github = env.github(inputs.github_token.as_deref());
        let mut action = Action {
            inputs,
            env,
            github,
            selection: None,
        };
        let inputs = &action.inputs;
        if inputs.projects.several && inputs.command != "check" {
            return Err(failed_setup(
                format!(
                    "input project-dir names several projects; command {} takes one (only check takes several)",
                    inputs.command
                ),
                Some(inputs),
            ));
        }
        let plan = match inputs.command.as_str() {
            "check" if inputs.projects.several => {
                let selection = projects::select(inputs, &action.env, action.github.as_ref()).await;
                let runs = selection
                    .checked_dirs(&inputs.projects.dirs)
                    .map(|dir| action.check_run(dir))
                    .collect();
                action.selection = Some(selection);
                Plan::Check(runs)
            }
            "check" => Plan::Check(vec![action.check_run(&inputs.project_dir)]),
            "list" => Plan::List(ListArgs {
                project: inputs.project(),
                output: inputs.output(),
                remote: RemoteArgs {
                    remote_url: inputs.remote_url.clone(),
                    remote_history: None,
                },
            }),
            "drift" => Plan::Drift(inputs.drift_args()),
            "comment" => Plan::Comment(inputs.report.clone()),
            other => {
                return Err(failed_setup(
                    format!(
                        "input command: expected check, drift, list or comment, found {other:?}"
                    ),
                    Some(inputs),
                ))
            }
        };
        Ok((action, plan))
    }

    /// The GitHub API client, when the token and repository are known.
    pub fn github(&self) -> Option<&GitHub> {
        self.github.as_ref()
    }

    /// `check` for the project at `dir`, its change set from the pull
    /// request when the API can list it, else from git.
    fn check_run(&self, dir: &Path) -> Planned<CheckRun> {
        let (inputs, env) = (&self.inputs, &self.env);
        let args = CheckArgs {
            project: ProjectArgs {
                project_dir: dir.to_path_buf(),
                ..inputs.project()
            },
            output: inputs.output(),
            server: inputs.server()?,
            all: false,
            seed: false,
            no_tests: !inputs.tests,
            change: ChangeArgs {
                base: inputs
                    .base_ref
                    .clone()
                    .or_else(|| env.event.base_ref.clone()),
                labels: env.event.labels.clone(),
            },
            remote: RemoteArgs {
                remote_url: inputs.remote_url.clone(),
                remote_history: None,
            },
        };
        let changes: Box<dyn ChangeSource> = match (&self.github, env.event.pr, &env.event.base_sha)
        {
            // The API works on the shallow checkout Actions makes by default.
            (Some(github), Some(pr), Some(base_sha)) => Box::new(PullRequestChanges::new(
                github.clone(),
                pr,
                base_sha.clone(),
                env.event.base_ref.clone().unwrap_or_else(|| "base".into()),
                repo_root(&env.workspace),
            )),
            _ => Box::new(GitChanges::new(dir, args.change.base.clone())),
        };
        Ok(CheckRun { args, changes })
    }

    /// Reports the run everywhere GitHub looks: the drift tracking issue,
    /// the sticky comment, the job summary, the outputs and the JSON report.
    /// `reports` are the planned runs' reports, in the plan's order.
    pub async fn publish(self, reports: Vec<Report>) -> Outcome {
        if let Some(selection) = &self.selection {
            return projects::publish(&self, selection, reports).await;
        }
        let Some(mut report) = reports.into_iter().next() else {
            return failed_setup("the action ran nothing".into(), Some(&self.inputs));
        };
        if self.inputs.command == "drift" {
            self.track_drift(&mut report).await;
        }
        self.stamp(&mut report);
        // Before the comment, the summary and the annotations see it.
        let mut report = crate::scrub::scrub_value(report);
        if let (Some(pr), Some(github), true) =
            (self.env.event.pr, self.github.as_ref(), self.inputs.comment)
        {
            let body = comment::body(&report);
            post_comment(github, pr, |_| body, &mut report).await;
        }
        let omitted = count_omitted_annotations(&report);
        if let Err(e) = write_summary(&report, omitted, None) {
            tracing::warn!("cannot write the job summary: {e}");
        }
        if let Err(e) = write_outputs(&report, &self.inputs.report) {
            tracing::warn!("cannot write the step outputs: {e}");
        }
        Outcome::for_action(report, self.inputs.report)
    }

    /// The pull request and commit the report is about.
    fn stamp(&self, report: &mut Report) {
        report.pr = self.env.event.pr;
        report.head_sha = self.env.event.head_sha.clone();
    }

    /// Nightly drift detection's tracking issue: opened while drift exists,
    /// closed when it is gone. A run that could not compare (status `error`)
    /// leaves the issue alone.
    async fn track_drift(&self, report: &mut Report) {
        let Some(github) = &self.github else { return };
        if report.status == Status::Error {
            return;
        }
        let drift = report.status == Status::Fail;
        let var = |name: &str| std::env::var(name).unwrap_or_default();
        let run_url = format!(
            "{}/{}/actions/runs/{}",
            var("GITHUB_SERVER_URL"),
            var("GITHUB_REPOSITORY"),
            var("GITHUB_RUN_ID")
        );
        match tracking::sync(github, drift, &comment::body(report), Some(&run_url)).await {
            Ok(Tracked::Opened(n)) => report
                .notes
                .push(format!("opened drift tracking issue #{n}")),
            Ok(Tracked::Updated(n)) => report
                .notes
                .push(format!("updated drift tracking issue #{n}")),
            Ok(Tracked::Reopened(n)) => report
                .notes
                .push(format!("reopened drift tracking issue #{n}")),
            Ok(Tracked::Closed(n)) => report.notes.push(format!(
                "closed drift tracking issue #{n}: no drift any more"
            )),
            Ok(Tracked::Unchanged) => {}
            Err(e) => {
                eprintln!(
                    "warning: schemagate could not update the drift tracking issue: {}",
                    crate::scrub::for_log(&e.to_string())
                );
                report.notes.push(format!(
                    "the drift tracking issue could not be updated: {e}"
                ));
            }
        }
    }
}

/// The repository root the pull request's paths are relative to.
fn repo_root(workspace: &Path) -> PathBuf {
    std::fs::canonicalize(workspace).unwrap_or_else(|_| workspace.to_path_buf())
}

/// Posts or updates the sticky comment, its body made from the existing
/// one's; a failure becomes a notice in `report`, never a failed check.
async fn post_comment(
    github: &GitHub,
    pr: u64,
    make_body: impl FnOnce(Option<&str>) -> String,
    report: &mut Report,
) {
    match comment::upsert_with(github, pr, make_body).await {
        Ok(Posted::Created(id)) => tracing::info!("created comment {id} on #{pr}"),
        Ok(Posted::Updated(id)) => tracing::info!("updated comment {id} on #{pr}"),
        Err(e) => {
            let why = if e.is_forbidden() {
                "the token cannot comment (pull requests from forks get a read-only token)"
            } else {
                "the GitHub API failed"
            };
            eprintln!(
                "warning: schemagate could not post its pull-request comment: {why}: {}",
                crate::scrub::for_log(&e.to_string())
            );
            report.findings.push(
                Finding::new(
                    RuleId::CommentNotPosted,
                    Severity::Notice,
                    format!("the pull-request comment was not posted: {why}"),
                )
                .with_help(
                    "see docs/workflows/pr-comment.yml for the fork-safe two-workflow pattern",
                ),
            );
        }
    }
}

fn count_omitted_annotations(report: &Report) -> usize {
    annotations::render(report, &mut std::io::sink()).unwrap_or(0)
}

/// Appends the markdown report to `$GITHUB_STEP_SUMMARY`, under `heading`
/// when given (one project of several).
fn write_summary(
    report: &Report,
    omitted_annotations: usize,
    heading: Option<&str>,
) -> std::io::Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
        return Ok(());
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    if let Some(heading) = heading {
        writeln!(file, "{heading}\n")?;
    }
    let links = Links::from_env(report.head_sha.as_deref());
    markdown::job_summary(report, &links, omitted_annotations, &mut file)
}

/// Writes `status`, `report` and `failed` to `$GITHUB_OUTPUT`.
fn write_outputs(report: &Report, report_path: &Path) -> std::io::Result<()> {
    let Some(path) = std::env::var_os("GITHUB_OUTPUT") else {
        return Ok(());
    };
    let status = serde_json::to_value(report.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    writeln!(file, "status={status}")?;
    writeln!(file, "report={}", report_path.display())?;
    writeln!(file, "failed={}", report.failed_count())
}

/// The report of a run whose inputs are wrong: a usage error.
pub fn error_report(message: String) -> Report {
    let mut report = Report::new("check", ".");
    report.error = Some(usage(message));
    report.finish(Severity::Error);
    report
}

/// A run that could not start: the error report is still written, and the
/// outputs say `error`, so a later step never reads nothing.
fn failed_setup(message: String, inputs: Option<&Inputs>) -> Outcome {
    let report = error_report(message);
    let path = inputs.map_or_else(default_report_path, |i| i.report.clone());
    if let Err(e) = write_outputs(&report, &path) {
        tracing::warn!("cannot write the step outputs: {e}");
    }
    Outcome::for_action(report, path)
}

/// `$RUNNER_TEMP/schemagate-report.json`, the `report` input's default.
fn default_report_path() -> PathBuf {
    let runner_temp =
        std::env::var_os("RUNNER_TEMP").map_or_else(std::env::temp_dir, PathBuf::from);
    runner_temp.join("schemagate-report.json")
}
