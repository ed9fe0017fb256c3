//! Tool names from operations: the rule in the docs of [`super::openapi`].

use super::ImportError;
use crate::catalog::dir::is_file_safe;
use std::collections::{BTreeMap, BTreeSet};

/// What a name is made from: the method (lowercase), the path template, and the operation's
/// pointer for errors.
pub(super) struct Endpoint<'a> {
    pub(super) method: &'a str,
    pub(super) path: &'a str,
    pub(super) pointer: &'a str,
}

/// The literal segments of a path and the names of its parameters, in order. A segment holding
/// a parameter (`{id}`, or `{name}.json`) is not a literal.
pub(super) fn segments(path: &str) -> (Vec<&str>, Vec<&str>) {
    let mut literals = Vec::new();
    let mut parameters = Vec::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if !segment.contains('{') {
            literals.push(segment);
            continue;
        }
        let mut rest = segment;
        while let Some((_, after)) = rest.split_once('{') {
            let Some((name, tail)) = after.split_once('}') else {
                break;
            };
            parameters.push(name);
            rest = tail;
        }
    }
    (literals, parameters)
}

fn verb(method: &str, path: &str) -> &'static str {
    let last = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    match method {
        "post" => "create",
        "put" | "patch" => "update",
        "delete" => "delete",
        _ if last.contains('{') => "get",
        _ => "list",
    }
}

/// Each operation's tool name, by the rule in the module docs.
pub(super) fn tool_names(
    operations: &[Endpoint<'_>],
    errors: &mut Vec<ImportError>,
) -> Vec<String> {
    let base: Vec<(String, &str)> = operations
        .iter()
        .map(|op| {
            let (literals, _) = segments(op.path);
            (literals.join("."), verb(op.method, op.path))
        })
        .collect();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (stem, verb)) in base.iter().enumerate() {
        groups.entry(format!("{stem}.{verb}")).or_default().push(i);
    }
    let mut names: Vec<String> = base.iter().map(|(s, v)| format!("{s}.{v}")).collect();
    for members in groups.values().filter(|m| m.len() > 1) {
        let parameters: Vec<Vec<&str>> = members
            .iter()
            .map(|&i| segments(operations[i].path).1)
            .collect();
        // A parameter every member has: counted once per member, then compared with the size.
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for own in &parameters {
            for p in own.iter().copied().collect::<BTreeSet<&str>>() {
                *counts.entry(p).or_default() += 1;
            }
        }
        let shared: BTreeSet<&str> = counts
            .into_iter()
            .filter(|&(_, n)| n == members.len())
            .map(|(p, _)| p)
            .collect();
        for (&i, own) in members.iter().zip(&parameters) {
            let distinct: Vec<&str> = own
                .iter()
                .copied()
                .filter(|p| !shared.contains(p))
                .collect();
            if !distinct.is_empty() {
                let (stem, verb) = &base[i];
                names[i] = format!("{stem}.by_{}.{verb}", distinct.join("_and_"));
            }
        }
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, name) in names.iter().enumerate() {
        let op = &operations[i];
        if let Some(&first) = seen.get(name.as_str()) {
            let other = &operations[first];
            errors.push(ImportError::new(
                op.pointer,
                format!(
                    "{} {} gives the tool name {name:?}, as {} {} does",
                    op.method.to_uppercase(),
                    op.path,
                    other.method.to_uppercase(),
                    other.path
                ),
            ));
        } else {
            seen.insert(name, i);
        }
        if !is_file_safe(name) {
            errors.push(ImportError::new(
                op.pointer,
                format!(
                    "the tool name {name:?} is not a valid tool name (letters, digits, _, - and .)"
                ),
            ));
        }
    }
    names
}

/// The literal segment before the parameter `name` in `path`.
pub(super) fn segment_before<'p>(path: &'p str, name: &str) -> &'p str {
    let mut previous = "";
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if segment == format!("{{{name}}}") {
            break;
        }
        if !segment.contains('{') {
            previous = segment;
        }
    }
    previous
}
