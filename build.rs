//! Build steps that read files outside `src/`.
//!
//! - The migrations are embedded in the binary: rebuild when one changes.
//! - `static/` is fingerprinted: a hash of every file's path and bytes becomes
//!   `CARTWHEEL_STATIC_VERSION`, which `static_files::url` puts into every `/static` URL, so
//!   browsers can keep the files for a year and still get a changed file at once.
//! - Every page struct's template is listed in `$OUT_DIR/page_templates.rs`, for the request
//!   X-ray (`xray`) to name the template a page rendered.

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
    list_page_templates();
}

/// Writes `PAGE_TEMPLATES`: for each `#[template(path = "…")]` in src/, the struct below it
/// (as `module::Struct`) and the template's path.
fn list_page_templates() {
    println!("cargo:rerun-if-changed=src");
    let mut files = Vec::new();
    collect_files(Path::new("src"), &mut files);
    files.sort();
    let mut rows = String::new();
    for file in files
        .iter()
        .filter(|file| file.extension() == Some("rs".as_ref()))
    {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let mut template: Option<&str> = None;
        for line in text.lines().map(str::trim) {
            if let Some(rest) = line.strip_prefix("#[template(path = \"") {
                template = rest.split('"').next();
            } else if let (Some(path), Some(name)) = (template, struct_name(line)) {
                let page = format!("{}::{name}", module_path(file));
                rows.push_str(&format!("    ({page:?}, {path:?}),\n"));
                template = None;
            }
        }
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let code = format!(
        "/// (page struct, template) pairs.\npub const PAGE_TEMPLATES: &[(&str, &str)] = &[\n{rows}];\n"
    );
    std::fs::write(out.join("page_templates.rs"), code).expect("write page_templates.rs");
}

/// `Name` from a line like `pub struct Name<'a> {`.
fn struct_name(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("pub ")
        .unwrap_or(line)
        .strip_prefix("struct ")?;
    rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
}

/// `routes::admin::jobs` for src/routes/admin/jobs.rs (and src/routes/admin/mod.rs).
fn module_path(file: &Path) -> String {
    let relative = file.strip_prefix("src").unwrap_or(file).with_extension("");
    let parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .filter(|part| part != "mod" && part != "lib")
        .collect();
    parts.join("::")
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
