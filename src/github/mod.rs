//! GitHub's REST API through octocrab: the sticky pull-request comment,
//! a pull request's files, and issues (drift tracking).
//!
//! Requests retry 5xx answers and rate limits with bounded backoff; every
//! other failure is returned to the caller, who decides whether it matters
//! (a read-only token on a fork's pull request never fails a check). The
//! token never appears in messages.

pub mod comment;
pub mod event;
pub mod sections;
pub mod tracking;

use std::time::Duration;

use http::Method;
use octocrab::service::middleware::retry::RetryConfig;
use octocrab::Octocrab;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// How many times a request is tried in all.
const ATTEMPTS: u32 = 4;
/// The longest we wait for one retry, whatever `Retry-After` says.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// A failed API call.
#[derive(Debug, thiserror::Error)]
pub enum GitHubError {
    /// GitHub answered with an error status.
    #[error("GitHub API {method} {path}: {status} {message}")]
    Status {
        /// The method.
        method: String,
        /// The path (no query, no token).
        path: String,
        /// The HTTP status.
        status: u16,
        /// GitHub's message.
        message: String,
    },
    /// No answer, or an unreadable one.
    #[error("GitHub API {method} {path}: {message}")]
    Transport {
        /// The method.
        method: String,
        /// The path.
        path: String,
        /// What went wrong.
        message: String,
    },
}

impl GitHubError {
    /// Whether GitHub refused for lack of permission (a read-only token).
    pub fn is_forbidden(&self) -> bool {
        matches!(
            self,
            GitHubError::Status {
                status: 401 | 403 | 404,
                ..
            }
        )
    }
}

/// A repository on GitHub, with a client for it.
#[derive(Clone)]
pub struct GitHub {
    client: Octocrab,
    /// `owner/name`.
    pub repo: String,
    retry_base: Duration,
}

impl std::fmt::Debug for GitHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitHub")
            .field("repo", &self.repo)
            .finish_non_exhaustive()
    }
}

/// One comment on an issue or pull request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Comment {
    /// Its id.
    pub id: u64,
    /// Its markdown.
    #[serde(default)]
    pub body: Option<String>,
}

/// One file of a pull request, as `pulls/{n}/files` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PullFile {
    /// The path on the head side.
    pub filename: String,
    /// `added`, `modified`, `removed`, `renamed`, `copied`, `changed`, `unchanged`.
    pub status: String,
    /// The path before a rename.
    #[serde(default)]
    pub previous_filename: Option<String>,
}

/// One issue.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Issue {
    /// Its number.
    pub number: u64,
    /// `open` or `closed`.
    pub state: String,
    /// Its markdown.
    #[serde(default)]
    pub body: Option<String>,
    /// Set when the "issue" is a pull request.
    #[serde(default)]
    pub pull_request: Option<serde_json::Value>,
}

impl GitHub {
    /// A client for `repo` (`owner/name`) at `api_url` (`GITHUB_API_URL`,
    /// so GitHub Enterprise works), authenticated with `token`.
    pub fn new(api_url: &str, token: &str, repo: &str) -> Result<GitHub, GitHubError> {
        let transport = |message: String| GitHubError::Transport {
            method: "SETUP".into(),
            path: api_url.to_string(),
            message,
        };
        let client = Octocrab::builder()
            .base_uri(api_url)
            .map_err(|e| transport(e.to_string()))?
            .personal_token(token.to_string())
            // Our own retry below waits between tries and honours Retry-After.
            .add_retry_config(RetryConfig::None)
            .build()
            .map_err(|e| transport(e.to_string()))?;
        let retry_base = std::env::var("SCHEMAGATE_GITHUB_RETRY_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(Duration::from_secs(1), Duration::from_millis);
        Ok(GitHub {
            client,
            repo: repo.to_string(),
            retry_base,
        })
    }

    /// Every comment on issue or pull request `number`, all pages.
    pub async fn comments(&self, number: u64) -> Result<Vec<Comment>, GitHubError> {
        self.get_all(&format!(
            "/repos/{}/issues/{number}/comments?per_page=100",
            self.repo
        ))
        .await
    }

    /// Adds a comment.
    pub async fn create_comment(&self, number: u64, body: &str) -> Result<Comment, GitHubError> {
        let path = format!("/repos/{}/issues/{number}/comments", self.repo);
        self.send(Method::POST, &path, Some(&Body { body }))
            .await
            .map(|(c, _)| c)
    }

    /// Replaces a comment's body.
    pub async fn update_comment(&self, id: u64, body: &str) -> Result<Comment, GitHubError> {
        let path = format!("/repos/{}/issues/comments/{id}", self.repo);
        self.send(Method::PATCH, &path, Some(&Body { body }))
            .await
            .map(|(c, _)| c)
    }

    /// Every file of pull request `number`, all pages.
    pub async fn pull_files(&self, number: u64) -> Result<Vec<PullFile>, GitHubError> {
        self.get_all(&format!(
            "/repos/{}/pulls/{number}/files?per_page=100",
            self.repo
        ))
        .await
    }

    /// A file's bytes at `git_ref`, or `None` when it does not exist there.
    pub async fn file_at(&self, path: &str, git_ref: &str) -> Result<Option<Vec<u8>>, GitHubError> {
        #[derive(Deserialize)]
        struct Content {
            content: String,
        }
        let url = format!("/repos/{}/contents/{path}?ref={git_ref}", self.repo);
        match self.send::<Content, ()>(Method::GET, &url, None).await {
            Ok((content, _)) => {
                decode_base64(&content.content)
                    .map(Some)
                    .map_err(|e| GitHubError::Transport {
                        method: "GET".into(),
                        path: path.to_string(),
                        message: format!("undecodable file content: {e}"),
                    })
            }
            Err(GitHubError::Status { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The names of the files in directory `path` at `git_ref` (empty when it does not exist).
    pub async fn list_dir(&self, path: &str, git_ref: &str) -> Result<Vec<String>, GitHubError> {
        #[derive(Deserialize)]
        struct Entry {
            path: String,
        }
        let url = format!("/repos/{}/contents/{path}?ref={git_ref}", self.repo);
        match self.send::<Vec<Entry>, ()>(Method::GET, &url, None).await {
            Ok((entries, _)) => Ok(entries.into_iter().map(|e| e.path).collect()),
            Err(GitHubError::Status { status: 404, .. }) => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    /// Open and closed issues carrying `label`, all pages (pull requests left out).
    pub async fn issues_with_label(&self, label: &str) -> Result<Vec<Issue>, GitHubError> {
        let issues: Vec<Issue> = self
            .get_all(&format!(
                "/repos/{}/issues?state=all&labels={label}&per_page=100",
                self.repo
            ))
            .await?;
        Ok(issues
            .into_iter()
            .filter(|i| i.pull_request.is_none())
            .collect())
    }

    /// Opens an issue.
    pub async fn create_issue(
        &self,
        title: &str,
        body: &str,
        labels: &[&str],
    ) -> Result<Issue, GitHubError> {
        let path = format!("/repos/{}/issues", self.repo);
        let payload = serde_json::json!({ "title": title, "body": body, "labels": labels });
        self.send(Method::POST, &path, Some(&payload))
            .await
            .map(|(i, _)| i)
    }

    /// Changes an issue's body and state (`open` or `closed`).
    pub async fn update_issue(
        &self,
        number: u64,
        body: &str,
        state: &str,
    ) -> Result<Issue, GitHubError> {
        let path = format!("/repos/{}/issues/{number}", self.repo);
        let payload = serde_json::json!({ "body": body, "state": state });
        self.send(Method::PATCH, &path, Some(&payload))
            .await
            .map(|(i, _)| i)
    }

    async fn get_all<T: DeserializeOwned>(&self, first: &str) -> Result<Vec<T>, GitHubError> {
        let mut items = Vec::new();
        let mut next = Some(first.to_string());
        // GitHub caps pages; a bound keeps a misbehaving server from looping us.
        for _ in 0..100 {
            let Some(url) = next.take() else { break };
            let (page, link): (Vec<T>, Option<String>) =
                self.send::<Vec<T>, ()>(Method::GET, &url, None).await?;
            items.extend(page);
            next = link.as_deref().and_then(next_link);
        }
        Ok(items)
    }

    /// Sends one request, retrying 5xx, 429 and secondary rate limits.
    /// Returns the decoded body and the `Link` header.
    async fn send<T: DeserializeOwned, B: Serialize>(
        &self,
        method: Method,
        url: &str,
        body: Option<&B>,
    ) -> Result<(T, Option<String>), GitHubError> {
        let path = url.split('?').next().unwrap_or(url).to_string();
        let transport = |message: String| GitHubError::Transport {
            method: method.to_string(),
            path: path.clone(),
            message,
        };
        // Whatever we write to GitHub (comments, issues) is scrubbed of secrets.
        let body = body
            .map(serde_json::to_value)
            .transpose()
            .map_err(|e| transport(format!("cannot encode the request: {e}")))?
            .map(crate::scrub::scrub_json);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let response = match method {
                Method::POST => self.client._post(url, body.as_ref()).await,
                Method::PATCH => self.client._patch(url, body.as_ref()).await,
                _ => self.client._get(url).await,
            };
            let response = match response {
                Ok(response) => response,
                Err(e) if attempt < ATTEMPTS => {
                    tracing::warn!("GitHub API {method} {path} failed ({e}); retrying");
                    tokio::time::sleep(self.backoff(attempt, None)).await;
                    continue;
                }
                Err(e) => return Err(transport(e.to_string())),
            };
            let status = response.status();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            let link = header("link");
            let retry_after = header("retry-after").and_then(|s| s.parse::<u64>().ok());
            let remaining = header("x-ratelimit-remaining");
            let text = self
                .client
                .body_to_string(response)
                .await
                .map_err(|e| transport(e.to_string()))?;
            if status.is_success() {
                let value = if text.trim().is_empty() {
                    "null"
                } else {
                    text.as_str()
                };
                let decoded = serde_json::from_str(value)
                    .map_err(|e| transport(format!("unexpected answer: {e}")))?;
                return Ok((decoded, link));
            }
            let message = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v["message"].as_str().map(str::to_string))
                .unwrap_or_else(|| text.chars().take(200).collect());
            let rate_limited = status.as_u16() == 429
                || (status.as_u16() == 403
                    && (remaining.as_deref() == Some("0")
                        || message.to_ascii_lowercase().contains("rate limit")));
            if (status.is_server_error() || rate_limited) && attempt < ATTEMPTS {
                tracing::warn!("GitHub API {method} {path}: {status}; retrying");
                tokio::time::sleep(self.backoff(attempt, retry_after)).await;
                continue;
            }
            return Err(GitHubError::Status {
                method: method.to_string(),
                path,
                status: status.as_u16(),
                message,
            });
        }
    }

    fn backoff(&self, attempt: u32, retry_after: Option<u64>) -> Duration {
        let exponential = self.retry_base * 2u32.pow(attempt.saturating_sub(1));
        retry_after
            .map(|s| Duration::from_secs(s).max(self.retry_base))
            .unwrap_or(exponential)
            .min(MAX_WAIT)
    }
}

#[derive(Serialize)]
struct Body<'a> {
    body: &'a str,
}

/// The `rel="next"` URL of a `Link` header.
pub fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|p| p.trim() == "rel=\"next\"")
            .then(|| {
                url.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string()
            })
    })
}

/// GitHub wraps the base64 of file contents at 60 columns.
fn decode_base64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    use base64::Engine;
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(compact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_next_page() {
        let header = r#"<https://api.github.com/repositories/1/issues/2/comments?page=3>; rel="next", <https://api.github.com/repositories/1/issues/2/comments?page=5>; rel="last""#;
        assert_eq!(
            next_link(header).as_deref(),
            Some("https://api.github.com/repositories/1/issues/2/comments?page=3")
        );
        assert_eq!(next_link(r#"<https://x/?page=1>; rel="prev""#), None);
    }

    #[test]
    fn decodes_githubs_wrapped_base64() {
        assert_eq!(decode_base64("c2VsZWN0\nIDE7\n").unwrap(), b"select 1;");
    }
}
