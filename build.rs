//! Embeds every `src/shim/extensions/<extension>.sql` file (one emulated
//! extension each), so adding an emulation means adding a file.

use std::fmt::Write as _;
use std::path::Path;

#[path = "build/guard.rs"]
mod guard;

fn main() {
    let dir = Path::new("src/shim/extensions");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut stubs: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "sql"))
                .filter_map(|p| {
                    let name = p.file_stem()?.to_string_lossy().to_string();
                    let path = std::fs::canonicalize(&p).ok()?;
                    Some((name, path.display().to_string()))
                })
                .collect()
        })
        .expect("src/shim/extensions is readable");
    stubs.sort();
    let mut code = String::from(
        "/// Extension stubs: (extension name, SQL).\npub const STUBS: &[(&str, &str)] = &[\n",
    );
    for (name, path) in &stubs {
        println!("cargo:rerun-if-changed={path}");
        let _ = writeln!(code, "    ({name:?}, include_str!({path:?})),");
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("stubs.rs"), code).expect("OUT_DIR is writable");
    guard::build(Path::new(&out));
}
