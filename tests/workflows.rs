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
    for name in ["status", "report", "failed"] {
        assert!(
            action["outputs"][name]["description"].as_str().is_some(),
            "action.yml lacks output {name}"
        );
    }
    assert_eq!(
        action["inputs"]["postgres"]["default"].as_str(),
        Some("docker")
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
