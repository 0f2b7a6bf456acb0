//! The GitHub Actions environment: the event that triggered the run.

use std::path::Path;

use serde_json::Value;

/// What the action needs from `GITHUB_EVENT_PATH`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    /// The pull request's number, for `pull_request` events.
    pub pr: Option<u64>,
    /// The base commit.
    pub base_sha: Option<String>,
    /// The base branch name.
    pub base_ref: Option<String>,
    /// The head commit.
    pub head_sha: Option<String>,
    /// The pull request's labels.
    pub labels: Vec<String>,
    /// Whether the head is in another repository (a fork: read-only token).
    pub fork: bool,
}

impl Event {
    /// Reads the event file; a missing or unreadable one is an empty event
    /// (a `schedule` or `workflow_dispatch` run has no pull request).
    pub fn load(path: Option<&Path>) -> Event {
        let Some(text) = path.and_then(|p| std::fs::read_to_string(p).ok()) else {
            return Event::default();
        };
        serde_json::from_str::<Value>(&text)
            .map(|v| Event::from_json(&v))
            .unwrap_or_default()
    }

    /// Reads the fields from an event payload.
    pub fn from_json(event: &Value) -> Event {
        let pr = &event["pull_request"];
        if pr.is_null() {
            return Event::default();
        }
        let text = |v: &Value| v.as_str().map(str::to_string);
        let head_repo = pr["head"]["repo"]["full_name"].as_str();
        let base_repo = pr["base"]["repo"]["full_name"].as_str();
        Event {
            pr: pr["number"].as_u64().or_else(|| event["number"].as_u64()),
            base_sha: text(&pr["base"]["sha"]),
            base_ref: text(&pr["base"]["ref"]),
            head_sha: text(&pr["head"]["sha"]),
            labels: pr["labels"]
                .as_array()
                .map(|labels| labels.iter().filter_map(|l| text(&l["name"])).collect())
                .unwrap_or_default(),
            fork: pr["head"]["repo"]["fork"].as_bool().unwrap_or(false)
                || (head_repo.is_some() && head_repo != base_repo),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_pull_request_event() {
        let event = serde_json::json!({
            "action": "synchronize",
            "number": 42,
            "pull_request": {
                "number": 42,
                "labels": [{"name": "freeze-override"}, {"name": "db"}],
                "base": {"ref": "main", "sha": "aaa", "repo": {"full_name": "acme/app"}},
                "head": {"ref": "feature", "sha": "bbb", "repo": {"full_name": "someone/app", "fork": true}}
            }
        });
        let event = Event::from_json(&event);
        assert_eq!(event.pr, Some(42));
        assert_eq!(event.labels, ["freeze-override", "db"]);
        assert_eq!(
            (event.base_sha.as_deref(), event.head_sha.as_deref()),
            (Some("aaa"), Some("bbb"))
        );
        assert!(event.fork);
    }

    #[test]
    fn other_events_have_no_pull_request() {
        assert_eq!(
            Event::from_json(&serde_json::json!({"schedule": "0 3 * * *"})),
            Event::default()
        );
        assert_eq!(
            Event::load(Some(Path::new("/nonexistent/event.json"))),
            Event::default()
        );
    }
}
