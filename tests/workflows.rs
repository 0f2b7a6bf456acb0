//! The action's metadata and every workflow parse as YAML, and every input
//! a workflow passes to the action exists in `action.yml`.

use std::path::{Path, PathBuf};

use yaml_rust2::{Yaml, YamlLoader};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &Path) -> Yaml {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut docs = YamlLoader::load_from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid YAML: {e}", path.display()));
    assert_eq!(docs.len(), 1, "{}", path.display());
    docs.remove(0)
}

fn workflows() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [".github/workflows", "docs/workflows"] {
        for entry in std::fs::read_dir(repo().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn action_inputs() -> Vec<String> {
    let action = load(&repo().join("action.yml"));
    action["inputs"]
        .as_hash()
        .expect("action.yml has inputs")
        .keys()
        .map(|k| k.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn action_yml_declares_the_documented_inputs_and_outputs() {
    let action = load(&repo().join("action.yml"));
    assert_eq!(action["runs"]["using"].as_str(), Some("docker"));
    let inputs = action_inputs();
    for name in [
        "command",
        "project-dir",
        "migrations",
        "config",
        "postgres",
        "image",
        "database-url",
        "docker-network",
        "github-token",
        "comment",
        "fail-on",
        "remote-url",
        "base-ref",
        "all-projects",
    ] {
        assert!(
            inputs.iter().any(|i| i == name),
            "action.yml lacks input {name}"
        );
        assert!(
            action["inputs"][name]["description"].as_str().is_some(),
            "{name} has no description"
        );
    }
    for name in ["status", "report", "failed", "reports"] {
        assert!(
            action["outputs"][name]["description"].as_str().is_some(),
            "action.yml lacks output {name}"
        );
    }
    // Embedded: no image pull on every pull request (issue 10 item 6).
    assert_eq!(
        action["inputs"]["postgres"]["default"].as_str(),
        Some("embedded")
    );
}

#[test]
fn every_workflow_parses_and_uses_only_real_inputs() {
    let inputs = action_inputs();
    let files = workflows();
    assert!(files.len() >= 7, "{files:?}");
    let mut uses_of_the_action = 0;
    for file in &files {
        let workflow = load(file);
        assert!(
            workflow["on"].as_hash().is_some() || workflow["on"].as_str().is_some(),
            "{}: no trigger",
            file.display()
        );
        let jobs = workflow["jobs"]
            .as_hash()
            .unwrap_or_else(|| panic!("{}: no jobs", file.display()));
        for job in jobs.values() {
            for step in job["steps"]
                .as_vec()
                .unwrap_or_else(|| panic!("{}: a job without steps", file.display()))
            {
                let uses = step["uses"].as_str().unwrap_or_default();
                if uses == "./" || uses.starts_with("schemagate/schemagate@") {
                    uses_of_the_action += 1;
                    for key in step["with"]
                        .as_hash()
                        .map(|w| w.keys().collect::<Vec<_>>())
                        .unwrap_or_default()
                    {
                        let key = key.as_str().unwrap();
                        assert!(
                            inputs.iter().any(|i| i == key),
                            "{}: input {key} is not in action.yml",
                            file.display()
                        );
                    }
                }
            }
        }
    }
    assert!(uses_of_the_action >= 5, "{uses_of_the_action}");
}

#[test]
fn pull_request_workflows_serialise_per_pull_request() {
    for name in [
        "docs/workflows/pr-gate.yml",
        ".github/workflows/example.yml",
    ] {
        let workflow = load(&repo().join(name));
        let group = workflow["concurrency"]["group"]
            .as_str()
            .unwrap_or_default();
        assert!(
            group.contains("pull_request.number"),
            "{name}: concurrency group {group:?}"
        );
    }
}

fn steps(job: &Yaml) -> Vec<&Yaml> {
    job["steps"]
        .as_vec()
        .map(|s| s.iter().collect())
        .unwrap_or_default()
}

fn step_using<'a>(job: &'a Yaml, action: &str) -> &'a Yaml {
    steps(job)
        .into_iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(action)))
        .unwrap_or_else(|| panic!("no step uses {action}"))
}

fn runs(job: &Yaml) -> String {
    steps(job)
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn action_yml_runs_the_published_image_of_this_version() {
    let action = load(&repo().join("action.yml"));
    assert_eq!(
        action["runs"]["image"].as_str(),
        Some(
            format!(
                "docker://ghcr.io/schemagate/schemagate:{}",
                env!("CARGO_PKG_VERSION")
            )
            .as_str()
        ),
        "action.yml must run the published image, never build the project when a job starts"
    );
}

#[test]
fn the_release_workflow_publishes_image_and_binaries_then_pins_action_yml() {
    let release = load(&repo().join(".github/workflows/release.yml"));
    let tags: Vec<&str> = release["on"]["push"]["tags"]
        .as_vec()
        .expect("triggered by tags")
        .iter()
        .filter_map(Yaml::as_str)
        .collect();
    assert_eq!(tags, ["v*.*.*"]);
    let jobs = &release["jobs"];

    // The image: the Dockerfile's default target, tagged with the version.
    let build = step_using(&jobs["image"], "docker/build-push-action@");
    assert_eq!(build["with"]["context"].as_str(), Some("."));
    assert_eq!(build["with"]["file"].as_str(), Some("Dockerfile"));
    assert!(
        build["with"]["target"].is_badvalue(),
        "the published image is the Dockerfile's default target"
    );
    assert_eq!(build["with"]["push"].as_bool(), Some(true));
    let image_tags = build["with"]["tags"].as_str().unwrap();
    assert!(
        image_tags.contains("${{ needs.meta.outputs.image }}:${{ needs.meta.outputs.version }}"),
        "{image_tags}"
    );

    // The binaries: three targets, each packaged with its SHA-256 file.
    let targets: Vec<&str> = jobs["binaries"]["strategy"]["matrix"]["include"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|entry| entry["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-gnu",
            "aarch64-unknown-linux-gnu",
            "aarch64-apple-darwin"
        ]
    );
    let binaries = runs(&jobs["binaries"]);
    assert!(
        binaries.contains("--target ${{ matrix.target }}"),
        "{binaries}"
    );
    assert!(binaries.contains("sha256sum \"$name.tar.gz\" >\"$name.tar.gz.sha256\""));
    assert!(binaries.contains("shasum -a 256 \"$name.tar.gz\" >\"$name.tar.gz.sha256\""));
    assert_eq!(
        step_using(&jobs["binaries"], "actions/upload-artifact@")["with"]["path"].as_str(),
        Some("dist/*")
    );

    // The release: after both, pins action.yml, moves the tags, attaches.
    let needs: Vec<&str> = jobs["release"]["needs"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(Yaml::as_str)
        .collect();
    assert!(
        needs.contains(&"image") && needs.contains(&"binaries"),
        "{needs:?}"
    );
    let release_runs = runs(&jobs["release"]);
    for expected in [
        "./scripts/pin-action-image.sh \"docker://${{ needs.meta.outputs.image }}:${{ needs.meta.outputs.version }}\"",
        "git push -f origin \"refs/tags/$GITHUB_REF_NAME\"",
        "git push -f origin \"refs/tags/v${{ needs.meta.outputs.major }}\"",
        "gh release create \"$GITHUB_REF_NAME\" dist/*",
    ] {
        assert!(release_runs.contains(expected), "release job lacks {expected}");
    }
    let pin = release_runs.find("pin-action-image.sh").unwrap();
    let push = release_runs.find("refs/tags/$GITHUB_REF_NAME").unwrap();
    assert!(pin < push, "the tag moves only after action.yml is pinned");
}

/// `uses: ./` must test the commit it runs on: every job using it first
/// re-pins its checkout's action.yml to the Dockerfile.
#[test]
fn workflows_running_the_local_action_build_this_commit() {
    let mut checked = 0;
    for file in workflows() {
        let workflow = load(&file);
        for job in workflow["jobs"].as_hash().unwrap().values() {
            let steps = steps(job);
            let Some(local) = steps.iter().position(|s| s["uses"].as_str() == Some("./")) else {
                continue;
            };
            let pinned = steps[..local].iter().any(|s| {
                s["run"]
                    .as_str()
                    .is_some_and(|r| r.contains("./scripts/pin-action-image.sh Dockerfile"))
            });
            assert!(
                pinned,
                "{}: `uses: ./` would run the published image, not this commit",
                file.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 1, "no workflow tests the local action");
}

/// Runs the pin script on a copy of action.yml; returns its exit code and
/// the copy afterwards.
fn pin(image: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("action.yml");
    std::fs::copy(repo().join("action.yml"), &copy).unwrap();
    let output = std::process::Command::new("bash")
        .arg(repo().join("scripts/pin-action-image.sh"))
        .arg(image)
        .arg(&copy)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        std::fs::read_to_string(&copy).unwrap(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn pinning_changes_only_runs_image() {
    let original = load(&repo().join("action.yml"));
    for image in ["docker://ghcr.io/acme/schemagate:1.4.0", "Dockerfile"] {
        let (code, text, stderr) = pin(image);
        assert_eq!(code, 0, "{stderr}");
        let pinned = YamlLoader::load_from_str(&text).unwrap().remove(0);
        assert_eq!(pinned["runs"]["image"].as_str(), Some(image));
        // The input also called `image` keeps its default.
        assert_eq!(pinned["inputs"], original["inputs"]);
        assert_eq!(pinned["outputs"], original["outputs"]);
        assert_eq!(pinned["runs"]["using"], original["runs"]["using"]);
    }
    let before = std::fs::read_to_string(repo().join("action.yml")).unwrap();
    for bad in [
        "",
        "ghcr.io/acme/schemagate:1.4.0",
        "docker://ghcr.io/acme/schemagate",
    ] {
        let (code, text, stderr) = pin(bad);
        assert_eq!(code, 2, "{bad:?}: {stderr}");
        assert_eq!(text, before, "{bad:?} changed action.yml");
        assert!(stderr.contains("usage:"), "{stderr}");
    }
}

/// The release workflow's `meta` step, run as GitHub would in a repository
/// holding `tags`, releasing `tag`; returns its exit code and outputs.
fn release_meta(tags: &[&str], tag: &str, cargo_version: &str) -> (i32, String) {
    let release = load(&repo().join(".github/workflows/release.yml"));
    let script = steps(&release["jobs"]["meta"])
        .into_iter()
        .find_map(|s| s["run"].as_str())
        .unwrap()
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!("[package]\nname = \"schemagate\"\nversion = \"{cargo_version}\"\n\n[dependencies]\nanyhow = {{ version = \"1\" }}\n"),
    )
    .unwrap();
    git(&["add", "."]);
    git(&["commit", "-qm", "c"]);
    for t in tags {
        git(&["tag", t]);
    }
    let outputs = dir.path().join("outputs");
    let status = std::process::Command::new("bash")
        // GitHub's default shell for `run`.
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
        .current_dir(dir.path())
        .env("GITHUB_REF_NAME", tag)
        .env("GITHUB_REPOSITORY", "Acme/SchemaGate")
        .env("GITHUB_OUTPUT", &outputs)
        .status()
        .unwrap();
    (
        status.code().unwrap_or(-1),
        std::fs::read_to_string(&outputs).unwrap_or_default(),
    )
}

#[test]
fn the_major_tag_moves_only_to_the_newest_final_release() {
    let (code, out) = release_meta(&["v1.3.0", "v1.4.0", "v2.0.0"], "v1.4.0", "1.4.0");
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "version=1.4.0\nmajor=1\nimage=ghcr.io/acme/schemagate\nnewest=true\n"
    );
    // A backport after 1.4.0 leaves v1 on 1.4.0.
    let (code, out) = release_meta(&["v1.4.0", "v1.3.5"], "v1.3.5", "1.3.5");
    assert_eq!(code, 0);
    assert!(out.contains("newest=false"), "{out}");
    // 1.10.0 is newer than 1.9.0.
    let (_, out) = release_meta(&["v1.9.0", "v1.10.0"], "v1.10.0", "1.10.0");
    assert!(out.contains("newest=true"), "{out}");
    let (_, out) = release_meta(&["v1.4.0", "v1.5.0-rc.1"], "v1.5.0-rc.1", "1.5.0-rc.1");
    assert!(out.contains("newest=false"), "{out}");
    // The first release of a major, and a pre-release with no final one.
    let (_, out) = release_meta(&["v1.4.0", "v2.0.0"], "v2.0.0", "2.0.0");
    assert!(
        out.contains("major=2\n") && out.contains("newest=true"),
        "{out}"
    );
    let (code, out) = release_meta(&["v3.0.0-rc.1"], "v3.0.0-rc.1", "3.0.0-rc.1");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("newest=false"), "{out}");
    // A tag the crate's version disagrees with is no release.
    let (code, out) = release_meta(&["v1.4.0"], "v1.4.0", "1.3.0");
    assert_eq!(code, 1, "{out}");
    assert!(out.is_empty(), "{out}");
}
