//! The docs name real things: every file path, Rust path and route that `README.md` and the
//! files in `docs/` write in backticks must exist in the code.
//!
//! A tour that points at a renamed function teaches the wrong thing quietly, so this test
//! reads the Markdown, picks out the names in `code spans`, and looks each one up:
//! - a file path (`src/routes/products.rs`, `migrations/*/2026-11-23-000012_wishlists/up.sql`)
//!   must exist; `*` stands for any one folder;
//! - a Rust path (`routes::products::show`, `models::wishlist::WishlistEntry`,
//!   `Product::take_stock`) must lead to a module file that declares the last name;
//! - a route (`GET /products/{slug}`) must be in one of the route tables.
//!
//! Spans that are none of these (commands, SQL, values) are left alone.

use std::fs;
use std::path::{Path, PathBuf};

/// Folders and top-level files a file path in the docs may start with.
const PATH_ROOTS: &[&str] = &[
    "src/",
    "templates/",
    "migrations/",
    "tests/",
    "docs/",
    "static/",
    "scripts/",
    ".ci/",
    "Cargo.toml",
    "build.rs",
    "diesel.toml",
    "README.md",
];

/// The documents whose names are checked: the README and every Markdown file in `docs/`.
fn checked_docs() -> Vec<String> {
    let mut docs = vec!["README.md".to_string()];
    let entries = fs::read_dir(root().join("docs")).expect("docs/");
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            docs.push(format!("docs/{name}"));
        }
    }
    assert!(docs.len() > 2, "the docs are found");
    docs
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The text of every `code span` outside fenced code blocks.
fn code_spans(markdown: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut in_fence = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut parts = line.split('`');
        parts.next();
        while let (Some(inside), Some(_)) = (parts.next(), parts.next()) {
            spans.push(inside.to_string());
        }
    }
    spans
}

/// What a span names, if it names something this test can look up.
#[derive(Debug, PartialEq)]
enum Reference {
    File(String),
    RustPath(Vec<String>),
    Route(String),
}

fn classify(span: &str) -> Option<Reference> {
    let span = span.trim();
    if span.contains(['<', '…', ' ']) && !is_route(span) {
        return None;
    }
    if is_route(span) {
        let path = span.split_once(' ')?.1;
        return Some(Reference::Route(path.split('?').next()?.to_string()));
    }
    if PATH_ROOTS.iter().any(|root| span.starts_with(root)) {
        let path = span.trim_end_matches('/');
        return Some(Reference::File(path.to_string()));
    }
    let rust_path = span.trim_start_matches("crate::").trim_end_matches("()");
    let segments: Vec<String> = rust_path.split("::").map(String::from).collect();
    let is_identifier = |s: &String| {
        !s.is_empty()
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    if segments.len() >= 2 && segments.iter().all(is_identifier) {
        return Some(Reference::RustPath(segments));
    }
    None
}

fn is_route(span: &str) -> bool {
    ["GET /", "POST /", "PATCH /", "DELETE /"]
        .iter()
        .any(|method| span.starts_with(method))
        && span.matches(' ').count() == 1
}

/// Does `path` (relative to the repository, `*` for any one folder) exist?
fn file_exists(path: &str) -> bool {
    let mut candidates = vec![root()];
    for part in path.split('/') {
        let mut next = Vec::new();
        for dir in &candidates {
            if part == "*" {
                if let Ok(entries) = fs::read_dir(dir) {
                    next.extend(entries.flatten().map(|entry| entry.path()));
                }
            } else if dir.join(part).exists() {
                next.push(dir.join(part));
            }
        }
        candidates = next;
    }
    !candidates.is_empty()
}

/// The Rust files of a module: `src/a/b.rs` and everything under `src/a/b/`.
fn module_files(module: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let file = module.with_extension("rs");
    if file.exists() {
        files.push(file);
    }
    collect_rs(module, &mut files);
    files
}

fn collect_rs(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_rs(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}

/// Whether one of `files` declares `name`: a function, type, constant, module, enum variant
/// or field, or re-exports it.
fn declares(files: &[PathBuf], name: &str) -> bool {
    let keywords = [
        "fn", "struct", "enum", "trait", "type", "const", "static", "mod",
    ];
    files.iter().any(|file| {
        let text = read(file);
        keywords
            .iter()
            .any(|keyword| contains_word(&text, &format!("{keyword} {name}")))
            || text.lines().any(|line| {
                let line = line.trim();
                line.starts_with(&format!("{name},"))
                    || line.starts_with(&format!("{name} {{"))
                    || line.starts_with(&format!("{name}("))
                    || line.starts_with(&format!("pub {name}:"))
                    || (line.starts_with("pub use") && line.contains(name))
            })
    })
}

/// Whether `text` holds `words` followed by something that cannot continue a name, so
/// `fn show` is not found in `fn show_panel`.
fn contains_word(text: &str, words: &str) -> bool {
    text.match_indices(words).any(|(at, _)| {
        let after = text[at + words.len()..].chars().next();
        !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// Where a Rust path may start: the crate's root (`routes::products::show`) or any folder
/// below it, since the docs often write a module's path from its layer (`cart::add_item` for
/// `routes::cart::add_item`).
fn module_roots() -> Vec<PathBuf> {
    let src = root().join("src");
    let mut roots = vec![src.clone()];
    let mut index = 0;
    while index < roots.len() {
        if let Ok(entries) = fs::read_dir(&roots[index]) {
            roots.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()));
        }
        index += 1;
    }
    roots
}

/// Is this path about our crate? A path that starts with a module of ours or a type is; one
/// that starts with another crate (`web::block`, `std::any::type_name`) is not checked.
fn is_ours(segments: &[String]) -> bool {
    let first = &segments[0];
    first.starts_with(|c: char| c.is_ascii_uppercase())
        || module_roots().iter().any(|dir| {
            dir.join(first).with_extension("rs").exists() || dir.join(first).join("mod.rs").exists()
        })
}

/// Follows `models::wishlist::entries` to `src/models/wishlist.rs` and looks for `entries`
/// there; a path that starts with a type (`Product::take_stock`) is looked up in the files
/// that implement that type.
fn rust_path_exists(segments: &[String]) -> bool {
    !is_ours(segments)
        || module_roots()
            .iter()
            .any(|start| rust_path_exists_from(start, segments))
}

fn rust_path_exists_from(start: &Path, segments: &[String]) -> bool {
    let src = root().join("src");
    let mut module = start.to_path_buf();
    let mut rest = segments;
    while let Some((first, tail)) = rest.split_first() {
        let next = module.join(first);
        if next.with_extension("rs").exists() || next.join("mod.rs").exists() {
            module = next;
            rest = tail;
        } else {
            break;
        }
    }
    match rest {
        [] => module != start,
        [item, members @ ..] if module == start => {
            start == src && item.starts_with(|c: char| c.is_ascii_uppercase()) && {
                let implementing = files_implementing(&src, item);
                !implementing.is_empty() && members.iter().all(|m| declares(&implementing, m))
            }
        }
        [item, members @ ..] => {
            let mut files = module_files(&module);
            if module.join("mod.rs").exists() {
                files.push(module.join("mod.rs"));
            }
            declares(&files, item) && {
                let implementing = files_implementing(&src, item);
                members.iter().all(|m| declares(&implementing, m))
            }
        }
    }
}

/// Every file under `src` that declares or implements the type `name`.
fn files_implementing(src: &Path, name: &str) -> Vec<PathBuf> {
    let mut all = Vec::new();
    collect_rs(src, &mut all);
    all.into_iter()
        .filter(|file| {
            let text = read(file);
            [
                format!("impl {name}"),
                format!("for {name}"),
                format!("struct {name}"),
                format!("enum {name}"),
            ]
            .iter()
            .any(|pattern| contains_word(&text, pattern))
        })
        .collect()
}

fn route_exists(path: &str) -> bool {
    // Each URL prefix has its own table, so `/api/v1/wishlist` is not taken for `/wishlist`.
    let (table, inner) = if let Some(rest) = path.strip_prefix("/api/v1") {
        ("src/api/mod.rs", rest)
    } else if let Some(rest) = path.strip_prefix("/admin") {
        ("src/routes/admin/mod.rs", rest)
    } else {
        ("src/routes/mod.rs", path)
    };
    let inner = if inner.is_empty() { "/" } else { inner };
    let quoted = format!("\"{inner}\"");
    read(&root().join(table)).contains(&quoted)
}

fn missing_in(doc: &str) -> Vec<String> {
    let text = read(&root().join(doc));
    code_spans(&text)
        .into_iter()
        .filter_map(|span| {
            let found = match classify(&span)? {
                Reference::File(path) => file_exists(&path),
                Reference::RustPath(segments) => rust_path_exists(&segments),
                Reference::Route(path) => route_exists(&path),
            };
            (!found).then(|| format!("{doc}: `{span}`"))
        })
        .collect()
}

#[test]
fn every_file_function_and_route_the_docs_name_exists() {
    let missing: Vec<String> = checked_docs()
        .iter()
        .flat_map(|doc| missing_in(doc))
        .collect();
    assert!(
        missing.is_empty(),
        "the docs name things the code does not have:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_checker_tells_real_names_from_made_up_ones() {
    let real = [
        "src/routes/products.rs",
        "migrations/*/2026-11-23-000012_wishlists/up.sql",
        "routes::products::show",
        "crate::models::wishlist::entries",
        "Product::take_stock",
        "cart::add_item",
        "GET /products/{slug}",
        "POST /admin/products",
        "GET /api/v1/products",
    ];
    let made_up = [
        "src/routes/nothing.rs",
        "routes::products::vanish",
        "Product::fly",
        "cart::fly",
        "GET /nowhere",
        "GET /api/v1/wishlist",
    ];

    for span in real {
        let reference = classify(span).unwrap_or_else(|| panic!("{span} is a reference"));
        assert!(check(&reference), "{span} should be found");
    }
    for span in made_up {
        let reference = classify(span).unwrap_or_else(|| panic!("{span} is a reference"));
        assert!(!check(&reference), "{span} should be missing");
    }
    assert!(
        check(&classify("web::block").expect("a path")),
        "other crates are skipped"
    );
    assert_eq!(classify("cargo run --release"), None);
    assert_eq!(classify("3"), None);
}

fn check(reference: &Reference) -> bool {
    match reference {
        Reference::File(path) => file_exists(path),
        Reference::RustPath(segments) => rust_path_exists(segments),
        Reference::Route(path) => route_exists(path),
    }
}
