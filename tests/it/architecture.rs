//! The map is checked: ARCHITECTURE.md's layer tables against the imports of `engine/src` and
//! `cli/src` (a layer uses only the layers above it in its table), no import cycle between the
//! files of a crate, and no function over 80 lines anywhere in the repository's Rust.

use crate::harness::root;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a function may be, in lines from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 80;

/// A layer table: each layer (top-level module) in order, with what it may use.
struct Layers {
    order: Vec<String>,
    may_use: BTreeMap<String, Uses>,
}

/// The "may use" cell of a layer.
enum Uses {
    Everything,
    These(BTreeSet<String>),
}

#[test]
fn every_import_follows_the_layer_tables_of_architecture_md() {
    let map = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let tables = layer_tables(&map);
    let dirs: Vec<&str> = tables.keys().map(String::as_str).collect();
    assert_eq!(dirs, ["cli/src", "engine/src"], "ARCHITECTURE.md's layer tables");
    let mut problems = Vec::new();
    for (dir, layers) in &tables {
        let files = rust_files(&root().join(dir));
        problems.extend(table_problems(dir, layers, &files));
        for (file, imports) in imports_of(&root().join(dir), &files) {
            let from = top_module(&file);
            for to in imports.iter().map(|i| i[0].clone()).collect::<BTreeSet<_>>() {
                if to != from && !layers.allows(&from, &to) {
                    problems.push(format!("{dir}/{}: `{from}` uses `{to}`", file.display()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "against ARCHITECTURE.md:\n{}", problems.join("\n"));
}

#[test]
fn no_import_cycle_between_the_files_of_a_crate() {
    for dir in ["engine/src", "cli/src", "web/src", "python/src", "r/src/rust/src"] {
        let base = root().join(dir);
        let files = rust_files(&base);
        let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
        for (file, imports) in imports_of(&base, &files) {
            let targets = imports.iter().filter_map(|i| defining_file(&files, i));
            edges.entry(file.clone()).or_default().extend(targets.filter(|t| *t != file));
        }
        let cycles = cycles(&edges);
        assert!(cycles.is_empty(), "{dir}: files that import each other: {cycles:?}");
    }
}

#[test]
fn no_function_is_longer_than_80_lines() {
    let mut long = Vec::new();
    let dirs = ["engine/src", "cli/src", "web/src", "web/tests", "python/src", "r/src/rust/src"];
    for dir in dirs.into_iter().chain(["tests", "benches"]) {
        for file in rust_files(&root().join(dir)) {
            let text = std::fs::read_to_string(root().join(dir).join(&file)).unwrap();
            for (name, line, len) in function_lengths(&blank(&text)) {
                if len > MAX_FN_LINES {
                    long.push(format!("{dir}/{}:{line} {name} ({len} lines)", file.display()));
                }
            }
        }
    }
    assert!(long.is_empty(), "functions over {MAX_FN_LINES} lines:\n{}", long.join("\n"));
}

/// The checker itself: a use tree, an upward import, a cycle and a long function are found.
#[test]
fn the_checks_find_what_they_look_for() {
    let paths = use_paths(&[], "a::{b, c::{d, e as f}}, g");
    assert_eq!(paths, [vec!["a", "b"], vec!["a", "c", "d"], vec!["a", "c", "e"], vec!["g"]]);
    let map = "### x (`e/src`)\n\n| layer | what | may use |\n|---|---|---|\n| `num/` | n | — |\n| `data/` | d | `num` |\n";
    let t = &layer_tables(map)["e/src"];
    assert!(t.allows("data", "num") && !t.allows("num", "data"));
    let e = |a: &str, b: &[&str]| (PathBuf::from(a), b.iter().map(PathBuf::from).collect());
    let edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> =
        [e("a", &["b"]), e("b", &["c"]), e("c", &["a"]), e("d", &["a"])].into_iter().collect();
    assert_eq!(cycles(&edges).len(), 1);
    let body = "fn short() {\n}\n\nfn long() {\n".to_string() + &"    x();\n".repeat(80) + "}\n";
    let lens = function_lengths(&blank(&body));
    assert_eq!(lens, [("short".to_string(), 1, 2), ("long".to_string(), 4, 82)]);
    assert_eq!(blank("let s = \"{ // }\"; // {"), "let s = \"      \";     ");
}

impl Layers {
    /// Whether `from` may use `to` (a module the table does not name is allowed only to `lib`).
    fn allows(&self, from: &str, to: &str) -> bool {
        match self.may_use.get(from) {
            Some(Uses::Everything) => true,
            Some(Uses::These(set)) => set.contains(to),
            None => from.is_empty(),
        }
    }
}

/// Every layer table of ARCHITECTURE.md by its source folder: a heading naming `<dir>/src`,
/// then a table `| layer | what | may use |`.
fn layer_tables(map: &str) -> BTreeMap<String, Layers> {
    let mut tables = BTreeMap::new();
    let mut dir: Option<String> = None;
    for line in map.lines() {
        if line.starts_with('#') {
            dir = backticked(line).into_iter().find(|s| s.ends_with("/src"));
        } else if let (Some(d), true) = (&dir, line.starts_with("| `")) {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let name = backticked(cells[1]).remove(0);
            let layer = name.trim_end_matches('/').trim_end_matches(".rs");
            let t: &mut Layers = tables
                .entry(d.clone())
                .or_insert_with(|| Layers { order: Vec::new(), may_use: BTreeMap::new() });
            let uses = if cells[3].contains("everything") {
                Uses::Everything
            } else {
                Uses::These(backticked(cells[3]).into_iter().collect())
            };
            t.order.push(layer.to_string());
            t.may_use.insert(layer.to_string(), uses);
        }
    }
    tables
}

/// The texts between backticks.
fn backticked(s: &str) -> Vec<String> {
    s.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// Problems of a table itself: a module of the folder it leaves out, a layer that is not a
/// module, a layer allowed to use one below it.
fn table_problems(dir: &str, layers: &Layers, files: &[PathBuf]) -> Vec<String> {
    let modules: BTreeSet<String> =
        files.iter().map(|f| top_module(f)).filter(|m| !m.is_empty()).collect();
    let named: BTreeSet<String> = layers.order.iter().cloned().collect();
    let mut problems: Vec<String> = modules
        .difference(&named)
        .map(|m| format!("{dir}: module `{m}` is not in the layer table"))
        .chain(named.difference(&modules).map(|m| format!("{dir}: layer `{m}` has no module")))
        .collect();
    for (k, layer) in layers.order.iter().enumerate() {
        if let Some(Uses::These(set)) = layers.may_use.get(layer) {
            for below in set.iter().filter(|u| !layers.order[..k].contains(u)) {
                problems.push(format!("{dir}: `{layer}` may use `{below}`, not above it"));
            }
        }
    }
    problems
}

/// The `.rs` files under a folder, relative to it, sorted.
fn rust_files(base: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![base.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p.strip_prefix(base).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// A file's module path from its crate's root (`lib.rs`/`main.rs` is the root, `mod.rs` its
/// folder's module).
fn module_path(file: &Path) -> Vec<String> {
    let mut parts: Vec<String> =
        file.with_extension("").iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

/// The top-level module a file belongs to ("" for the crate root).
fn top_module(file: &Path) -> String {
    module_path(file).first().cloned().unwrap_or_default()
}

/// Each file's imports of its own crate, as absolute module paths (`crate::`, `super::` and
/// `self::` paths, in `use` trees and in code).
fn imports_of(base: &Path, files: &[PathBuf]) -> Vec<(PathBuf, Vec<Vec<String>>)> {
    files
        .iter()
        .map(|f| {
            let text = blank(&std::fs::read_to_string(base.join(f)).unwrap());
            let module = module_path(f);
            let parent = module[..module.len().saturating_sub(1)].to_vec();
            let mut found = Vec::new();
            for (kind, rest) in use_statements(&text) {
                let start = match kind {
                    "crate" => Vec::new(),
                    "super" => parent.clone(),
                    _ => module.clone(),
                };
                found.extend(tree_paths(&start, &rest));
            }
            found.extend(code_paths(&text, &parent));
            let found = found.into_iter().filter(|p: &Vec<String>| !p.is_empty()).collect();
            (f.clone(), found)
        })
        .collect()
}

/// `use crate::…;`, `use super::…;` and `use self::…;` statements: the root word and the rest.
fn use_statements(text: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("use ") {
        let before_ok = at == 0 || !text.as_bytes()[at - 1].is_ascii_alphanumeric();
        let rest = &text[at + 4..];
        let Some(kind) =
            ["crate", "super", "self"].into_iter().find(|k| rest.starts_with(&format!("{k}::")))
        else {
            continue;
        };
        if let (true, Some(end)) = (before_ok, rest.find(';')) {
            out.push((kind, rest[kind.len() + 2..end].to_string()));
        }
    }
    out
}

/// The paths of a use tree (`a::{b, c::d}` → a::b, a::c::d), after `prefix`; `self` and
/// renames dropped.
fn use_paths(prefix: &[&str], tree: &str) -> Vec<Vec<String>> {
    let prefix: Vec<String> = prefix.iter().map(|s| s.to_string()).collect();
    tree_paths(&prefix, tree)
}

fn tree_paths(prefix: &[String], tree: &str) -> Vec<Vec<String>> {
    let (mut items, mut depth, mut cur) = (Vec::new(), 0, String::new());
    for ch in tree.chars() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if ch == ',' && depth == 0 {
            items.push(std::mem::take(&mut cur));
        } else {
            cur.push(ch);
        }
    }
    items.push(cur);
    let mut paths = Vec::new();
    for item in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        let words = |s: &str| -> Vec<String> {
            s.split("::")
                .map(str::trim)
                .filter(|w| !w.is_empty() && *w != "self")
                .map(String::from)
                .collect()
        };
        let mut head = prefix.to_vec();
        if let Some(open) = item.find('{') {
            head.extend(words(&item[..open]));
            paths.extend(tree_paths(&head, &item[open + 1..item.len() - 1]));
        } else {
            head.extend(words(item.split(" as ").next().unwrap()));
            paths.push(head);
        }
    }
    paths
}

/// `crate::a::b` and `super::a` paths written in code.
fn code_paths(text: &str, parent: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for kind in ["crate::", "super::"] {
        for (at, _) in text.match_indices(kind) {
            if at > 0
                && (text.as_bytes()[at - 1].is_ascii_alphanumeric() || text[..at].ends_with("::"))
            {
                continue;
            }
            let rest = &text[at + kind.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let mut path = if kind == "crate::" { Vec::new() } else { parent.to_vec() };
            path.extend(rest[..end].split("::").filter(|w| !w.is_empty()).map(String::from));
            out.push(path);
        }
    }
    out
}

/// The file that defines the longest module prefix of an import.
fn defining_file(files: &[PathBuf], import: &[String]) -> Option<PathBuf> {
    (1..=import.len())
        .rev()
        .find_map(|k| files.iter().find(|f| module_path(f) == import[..k]).cloned())
}

/// Strongly connected sets of more than one file (Tarjan's algorithm, iteratively small
/// enough to recurse: a crate has a few hundred files).
fn cycles(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    struct State<'a> {
        edges: &'a BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        index: BTreeMap<&'a Path, (usize, usize)>,
        stack: Vec<&'a Path>,
        on_stack: BTreeSet<&'a Path>,
        found: Vec<Vec<PathBuf>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Path) {
        let k = s.index.len();
        s.index.insert(v, (k, k));
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.edges.get(v).into_iter().flatten() {
            if !s.index.contains_key(w.as_path()) {
                visit(s, w);
                let low = s.index[w.as_path()].1.min(s.index[v].1);
                s.index.get_mut(v).unwrap().1 = low;
            } else if s.on_stack.contains(w.as_path()) {
                let low = s.index[w.as_path()].0.min(s.index[v].1);
                s.index.get_mut(v).unwrap().1 = low;
            }
        }
        if s.index[v].0 == s.index[v].1 {
            let mut set = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                set.push(w.to_path_buf());
                if w == v {
                    break;
                }
            }
            if set.len() > 1 {
                s.found.push(set);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_path()) {
            visit(&mut s, v);
        }
    }
    s.found
}

/// Comments and the insides of string and char literals blanked (newlines kept), so braces
/// and paths in them are not read as code.
fn blank(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let keep_lines =
        |s: &str| s.chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect::<String>();
    while i < b.len() {
        let rest = &text[i..];
        let end = if rest.starts_with("//") {
            rest.find('\n').unwrap_or(rest.len())
        } else if rest.starts_with("/*") {
            rest.find("*/").map_or(rest.len(), |e| e + 2)
        } else if let Some(n) = raw_string_len(rest) {
            n
        } else if rest.starts_with('"') || rest.starts_with("b\"") {
            let start = if rest.starts_with('b') { 2 } else { 1 };
            let mut j = start;
            while j < rest.len() && rest.as_bytes()[j] != b'"' {
                j += if rest.as_bytes()[j] == b'\\' { 2 } else { 1 };
            }
            out.push_str(&rest[..start]);
            out.push_str(&keep_lines(&rest[start..j.min(rest.len())]));
            out.push('"');
            i += j + 1;
            continue;
        } else if let Some(n) = char_literal_len(rest) {
            n
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
            continue;
        };
        out.push_str(&keep_lines(&rest[..end]));
        i += end;
    }
    out
}

/// The length of a raw string literal at the start (`r"…"`, `r#"…"#`, `br"…"`).
fn raw_string_len(s: &str) -> Option<usize> {
    let after_b = s.strip_prefix('b').unwrap_or(s);
    let body = after_b.strip_prefix('r')?;
    let hashes = body.len() - body.trim_start_matches('#').len();
    let open = body[hashes..].strip_prefix('"')?;
    let close = format!("\"{}", "#".repeat(hashes));
    let end = open.find(&close)?;
    Some(s.len() - open.len() + end + close.len())
}

/// The length of a char literal at the start (`'a'`, `'\n'`, `'\u{1F600}'`), not a lifetime.
fn char_literal_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix('\'')?;
    let len = match body.strip_prefix('\\') {
        Some(escaped) => 1 + escaped.chars().next()?.len_utf8() + escaped[1..].find('\'')?,
        None => body.chars().next()?.len_utf8(),
    };
    body[len..].starts_with('\'').then_some(len + 2)
}

/// Each function's name, first line and length in lines (from `fn` to its closing brace),
/// outside `#[cfg(test)]` modules.
fn function_lengths(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut skip_to: Option<usize> = None;
    for (k, line) in lines.iter().enumerate() {
        if skip_to.is_some_and(|end| k <= end) {
            continue;
        }
        if line.trim_start().starts_with("#[cfg(test)]") {
            skip_to = Some(block_end(&lines, k + 1).unwrap_or(k));
            continue;
        }
        if let Some(name) = fn_name(line)
            && let Some(end) = block_end(&lines, k)
        {
            out.push((name, k + 1, end - k + 1));
        }
    }
    out
}

/// The name of the function a line declares.
fn fn_name(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "fn")?;
    let allowed =
        ["pub", "const", "async", "unsafe", "extern", "\"C\"", "pub(crate)", "pub(super)"];
    if !words[..at].iter().all(|w| allowed.contains(w) || w.starts_with("pub(")) {
        return None;
    }
    let name: String =
        words.get(at + 1)?.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    (!name.is_empty()).then_some(name)
}

/// The line of the brace that closes the block opening at or after line `from` (None for a
/// declaration ending in `;` before any brace).
fn block_end(lines: &[&str], from: usize) -> Option<usize> {
    let mut depth = 0i32;
    let mut opened = false;
    for (k, line) in lines.iter().enumerate().skip(from) {
        for c in line.chars() {
            match c {
                '{' => {
                    depth += 1;
                    opened = true;
                }
                '}' => depth -= 1,
                ';' if !opened => return None,
                _ => {}
            }
            if opened && depth == 0 {
                return Some(k);
            }
        }
    }
    None
}
