//! A patch over time: with the same merge patch over OLD and NEW, which of its lines the
//! upstream NEW now states itself (redundant: drop them), and which it now contradicts (the
//! upstream changed the value the patch overrides, so the patch would hide that change).

use serde_json::Value;

/// What became of one line of a patch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drift {
    /// NEW upstream states the patched value itself (or lacks what the patch removes).
    Redundant,
    /// NEW upstream changed, since OLD, the value the patch sets: merged, the patch hides it.
    Contradicts,
}

impl Drift {
    /// `redundant` or `contradicts`.
    pub fn as_str(self) -> &'static str {
        match self {
            Drift::Redundant => "redundant",
            Drift::Contradicts => "contradicts",
        }
    }
}

/// One line of the patch and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatchLine {
    /// The JSON Pointer of the line in the tool (`/inputSchema/properties/x/maxItems`).
    pub pointer: String,
    /// Redundant or contradicted.
    pub drift: Drift,
    /// The patch's value (`null` removes).
    pub patch: Value,
    /// OLD upstream's value there, when it has one.
    pub old: Option<Value>,
    /// NEW upstream's value there, when it has one.
    pub new: Option<Value>,
}

impl PatchLine {
    /// One line of text: `redundant /inputSchema/...: upstream now states 20 itself: drop it`.
    pub fn to_text(&self) -> String {
        let show = |v: &Option<Value>| v.as_ref().map_or("absent".to_owned(), Value::to_string);
        match self.drift {
            Drift::Redundant if self.patch.is_null() => format!(
                "redundant {}: upstream no longer has it (the patch removes it): drop the line",
                self.pointer
            ),
            Drift::Redundant => format!(
                "redundant {}: upstream now states {} itself: drop the line",
                self.pointer, self.patch
            ),
            Drift::Contradicts => format!(
                "contradicts {}: upstream changed it from {} to {}, and the patch's {} hides that",
                self.pointer,
                show(&self.old),
                show(&self.new),
                self.patch
            ),
        }
    }

    /// The line as JSON, for machines.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "pointer": self.pointer,
            "drift": self.drift.as_str(),
            "patch": self.patch,
            "old": self.old,
            "new": self.new,
        })
    }
}

/// Every line of `patch` (a merge patch over the tool object) that NEW upstream states itself
/// or contradicts: an object's lines in the patch's order, before the lines of the objects in it. A line is a member whose value is not an object (an
/// object merges into what is there, so each of its members is a line of its own); `old` and
/// `new` are the upstream tools, unpatched.
pub fn drift(old: &Value, new: &Value, patch: &Value) -> Vec<PatchLine> {
    let mut out = Vec::new();
    // Explicit stack: the walk's depth never depends on the patch (loaded patches are bounded by
    // `MAX_JSON_DEPTH`, but this function takes any value).
    let mut todo = vec![(String::new(), patch, Some(old), Some(new))];
    while let Some((at, p, o, n)) = todo.pop() {
        let Value::Object(members) = p else { continue };
        let mut children = Vec::new();
        for (key, value) in members {
            let pointer = crate::error::pointer_push(&at, key);
            let o = o.and_then(|o| o.get(key));
            let n = n.and_then(|n| n.get(key));
            if matches!(value, Value::Object(m) if !m.is_empty()) {
                children.push((pointer, value, o, n));
                continue;
            }
            let redundant = match value {
                Value::Null => n.is_none(),
                v => n == Some(v),
            };
            let drift = if redundant {
                Drift::Redundant
            } else if o != n {
                Drift::Contradicts
            } else {
                continue;
            };
            out.push(PatchLine {
                pointer,
                drift,
                patch: value.clone(),
                old: o.cloned(),
                new: n.cloned(),
            });
        }
        todo.extend(children.into_iter().rev());
    }
    out
}
