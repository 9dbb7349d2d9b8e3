//! Build steps that read files outside `src/`.
//!
//! - The migrations are embedded in the binary: rebuild when one changes.
//! - `static/` is fingerprinted: a hash of every file's path and bytes becomes
//!   `CARTWHEEL_STATIC_VERSION`, which `static_files::url` puts into every `/static` URL, so
//!   browsers can keep the files for a year and still get a changed file at once.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=static");
    let mut files = Vec::new();
    collect_files(Path::new("static"), &mut files);
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in &files {
        file.hash(&mut hasher);
        std::fs::read(file).unwrap_or_default().hash(&mut hasher);
    }
    println!(
        "cargo:rustc-env=CARTWHEEL_STATIC_VERSION={:016x}",
        hasher.finish()
    );
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, files);
        } else {
            files.push(path);
        }
    }
}
