//! The layers ARCHITECTURE.md promises, checked: every path a module of `src/` names
//! (`crate::…`, `super::…`, `use` groups) is read, resolved to the module it points into, and
//! held to the "must not know" table of ARCHITECTURE.md; and within every folder the modules
//! that use one another form no circle. Unit tests may use anything and are not read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A module's path below the crate root (`["output", "npz", "columns"]`).
type ModPath = Vec<String>;

/// Every library source file with its module path (the binary is not a layer).
fn sources() -> Vec<(ModPath, PathBuf)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(ROOT).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files
        .into_iter()
        .filter(|p| !p.starts_with(src.join("bin")))
        .map(|p| {
            let rel = p.strip_prefix(&src).unwrap().with_extension("");
            let mut path: ModPath = rel.iter().map(|c| c.to_string_lossy().into()).collect();
            if matches!(path.last().map(String::as_str), Some("mod" | "lib")) {
                path.pop();
            }
            (path, p)
        })
        .collect()
}

/// Whether `path` names a module of the crate (a file or a folder of `src/`).
fn is_module(path: &[String]) -> bool {
    let base = Path::new(ROOT).join("src").join(path.join("/"));
    path.is_empty() || base.with_extension("rs").is_file() || base.join("mod.rs").is_file()
}

/// The module a path points into: its longest prefix that is a module. `crate::Error` and
/// `crate::Result` are the `error` module's, re-exported.
fn module_of(mut path: ModPath) -> ModPath {
    if matches!(path.first().map(String::as_str), Some("Error" | "Result")) {
        return vec!["error".into()];
    }
    while !is_module(&path) {
        path.pop();
    }
    path
}

/// The paths a line of code names, absolute: `crate::a::b`, `super::c` (from `module`),
/// `self::d`, and each member of a `{...}` group after one of them.
fn named_paths(line: &str, module: &[String]) -> Vec<ModPath> {
    let code = line.split("//").next().unwrap_or("");
    let code = code.replace("$crate::", "crate::");
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start).map(|k| k + from) {
            from = at + start.len();
            if at > 0 && (ident(bytes[at - 1]) || bytes[at - 1] == b':') {
                continue;
            }
            // The path's base: the crate root, or this module (whose `super` is the module
            // above it, for a mod.rs as for any file).
            let mut base: ModPath = match start {
                "crate::" => vec![],
                _ => module.to_vec(),
            };
            let mut rest = &code[at..];
            let mut first = true;
            loop {
                if let Some(r) = rest.strip_prefix("super::") {
                    base.pop();
                    rest = r;
                } else if let Some(r) = rest.strip_prefix("self::") {
                    rest = r;
                } else if first && rest.starts_with("crate::") {
                    rest = &rest["crate::".len()..];
                } else {
                    break;
                }
                first = false;
            }
            let mut path = base;
            let mut chars = rest;
            loop {
                let len = chars.bytes().take_while(|&c| ident(c)).count();
                if len > 0 {
                    path.push(chars[..len].to_string());
                    chars = &chars[len..];
                }
                if let Some(r) = chars.strip_prefix("::") {
                    chars = r;
                    if let Some(group) = chars.strip_prefix('{') {
                        let group = group.split('}').next().unwrap_or("");
                        for member in group.split(',') {
                            let mut p = path.clone();
                            p.extend(
                                member
                                    .split("::")
                                    .map(|s| s.split_whitespace().next().unwrap_or(""))
                                    .filter(|s| !s.is_empty() && *s != "self")
                                    .map(String::from),
                            );
                            out.push(p);
                        }
                        break;
                    }
                    continue;
                }
                out.push(path);
                break;
            }
        }
    }
    out
}

/// Every (source module, target module) reference of the library. Unit tests are consumers,
/// not layers: a `tests.rs` file, and a file from its `#[cfg(test)]` on, are not read.
fn references() -> BTreeSet<(ModPath, ModPath)> {
    let mut out = BTreeSet::new();
    for (module, file) in sources() {
        if module.last().is_some_and(|m| m == "tests") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines().take_while(|l| l.trim() != "#[cfg(test)]") {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            for p in named_paths(line, &module) {
                out.insert((module.clone(), module_of(p)));
            }
        }
    }
    out
}

/// ARCHITECTURE.md's layer table: module → the modules it must not know.
fn must_not_know() -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).unwrap();
    let section = text
        .split("\n## Layers")
        .nth(1)
        .expect("ARCHITECTURE.md has a '## Layers' section");
    let mut table = BTreeMap::new();
    for line in section.lines().take_while(|l| !l.starts_with("## ")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || !cells[1].starts_with('`') {
            continue;
        }
        let names = |cell: &str| -> Vec<String> {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(String::from)
                .collect()
        };
        table.insert(names(cells[1])[0].clone(), names(cells[2]));
    }
    table
}

#[test]
fn no_module_uses_a_module_its_row_of_the_layer_table_forbids() {
    let table = must_not_know();
    let tops: BTreeSet<String> = sources()
        .into_iter()
        .filter_map(|(p, _)| p.first().cloned())
        .collect();
    for top in &tops {
        assert!(
            table.contains_key(top),
            "ARCHITECTURE.md's layer table has no row for src/{top}"
        );
    }
    let mut upward = Vec::new();
    for (from, to) in references() {
        let (Some(a), Some(b)) = (from.first(), to.first()) else {
            continue;
        };
        if table[a].contains(b) {
            upward.push(format!("{} uses {}", from.join("::"), to.join("::")));
        }
    }
    assert!(
        upward.is_empty(),
        "modules reach into layers ARCHITECTURE.md says they must not know:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_modules_of_each_folder_use_one_another_in_no_circle() {
    // For each folder, an edge from child A to child B when something in A uses something in
    // B; the folder's own mod.rs (their parent) is not a child.
    let mut graphs: BTreeMap<ModPath, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (from, to) in references() {
        let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
        if common >= from.len() || common >= to.len() {
            continue; // a module and its own parent or child
        }
        graphs
            .entry(from[..common].to_vec())
            .or_default()
            .entry(from[common].clone())
            .or_default()
            .insert(to[common].clone());
    }
    let mut circles = Vec::new();
    for (folder, graph) in &graphs {
        // Depth-first search for a back edge, reporting the circle it closes.
        fn visit(
            node: &str,
            graph: &BTreeMap<String, BTreeSet<String>>,
            stack: &mut Vec<String>,
            done: &mut BTreeSet<String>,
            found: &mut Vec<String>,
        ) {
            if let Some(at) = stack.iter().position(|n| n == node) {
                let mut circle = stack[at..].to_vec();
                circle.push(node.to_string());
                found.push(circle.join(" → "));
                return;
            }
            if !done.insert(node.to_string()) {
                return;
            }
            stack.push(node.to_string());
            for next in graph.get(node).into_iter().flatten() {
                visit(next, graph, stack, done, found);
            }
            stack.pop();
        }
        let mut done = BTreeSet::new();
        for node in graph.keys() {
            let mut found = Vec::new();
            visit(node, graph, &mut Vec::new(), &mut done, &mut found);
            for c in found {
                circles.push(format!("in src/{}: {c}", folder.join("/")));
            }
        }
    }
    assert!(
        circles.is_empty(),
        "modules that use one another in a circle:\n{}",
        circles.join("\n")
    );
}

/// The checker sees what it must: a path through a `use` group, `super`, and a re-export.
#[test]
fn the_reader_resolves_groups_super_and_reexports() {
    let module: ModPath = vec!["output".into(), "writer".into()];
    let got: Vec<ModPath> = named_paths(
        "use crate::output::{maps, npz::NpzFile}; use super::summary::Summary; crate::Error",
        &module,
    )
    .into_iter()
    .map(module_of)
    .collect();
    let want: Vec<ModPath> = [
        &["output", "maps"][..],
        &["output", "npz"],
        &["error"],
        &["output", "summary"],
    ]
    .iter()
    .map(|p| p.iter().map(|s| s.to_string()).collect())
    .collect();
    for w in &want {
        assert!(got.contains(w), "{w:?} not in {got:?}");
    }
}
