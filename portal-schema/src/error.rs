//! Schema errors: every problem found in one pass, each with the JSON Pointer of where it is.

use std::fmt;

/// One problem in a schema, at a JSON Pointer into the schema document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    /// JSON Pointer into the (patched) tool document; `""` is the document itself.
    pub pointer: String,
    /// Lowercase, no trailing period.
    pub message: String,
}

impl SchemaError {
    /// An error at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        SchemaError {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(f, "schema error at {at}: {}", self.message)
    }
}

/// Every problem found, in the order found. Never empty when returned as an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchemaErrors(pub Vec<SchemaError>);

impl SchemaErrors {
    /// Records a problem.
    pub fn push(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.0.push(SchemaError::new(pointer, message));
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was recorded.
    pub fn into_result<T>(self, value: T) -> Result<T, SchemaErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for SchemaErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SchemaErrors {}

impl From<SchemaError> for SchemaErrors {
    fn from(e: SchemaError) -> Self {
        SchemaErrors(vec![e])
    }
}

/// Appends `token` to a JSON Pointer, escaping `~` and `/` (RFC 6901).
pub fn pointer_push(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}
