//! The purposes data may be used for: the built-in ones plus any a policy declares.

/// Built-in purposes, in index order. `necessary` is always granted.
pub const BUILTIN_PURPOSES: [&str; 7] = [
    "necessary",
    "functional",
    "analytics",
    "marketing",
    "personalization",
    "ai_training",
    "sale_sharing",
];

/// At most this many purposes in one policy, so a set fits a `u64`.
pub const MAX_PURPOSES: usize = 64;

/// The purposes one policy knows, by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purposes {
    names: Vec<String>,
}

impl Default for Purposes {
    fn default() -> Self {
        Purposes {
            names: BUILTIN_PURPOSES.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}

impl Purposes {
    /// Adds a declared purpose; returns false if it is a duplicate or there are too many.
    pub fn declare(&mut self, name: &str) -> bool {
        if self.index(name).is_some() || self.names.len() >= MAX_PURPOSES {
            return false;
        }
        self.names.push(name.to_owned());
        true
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    pub fn name(&self, index: usize) -> &str {
        &self.names[index]
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Whether `name` is a well-formed purpose name: lower-case ASCII, digits and `_`.
pub fn is_valid_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
        && name.len() <= 40
}

/// A set of purposes as a bit mask over a policy's purpose indexes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurposeSet(pub u64);

impl PurposeSet {
    pub fn with(self, index: usize) -> Self {
        PurposeSet(self.0 | (1 << index))
    }

    pub fn contains(self, index: usize) -> bool {
        self.0 & (1 << index) != 0
    }

    /// Whether every purpose in `self` is in `granted`.
    pub fn within(self, granted: PurposeSet) -> bool {
        self.0 & !granted.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..MAX_PURPOSES).filter(move |&i| self.contains(i))
    }
}
