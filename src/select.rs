//! Field selectors: which parts of an event a rule applies to.
//!
//! Grammar (also in the README):
//!
//! ```text
//! selector = first *( "." segment / "[" index "]" / "[*]" )
//! first    = segment / "[" index "]" / "[*]"
//! segment  = "**"        any depth, including none
//!          / "*"         exactly one key or index
//!          / name        a key; a `*` inside it is a glob (`$initial_*`)
//!          / quoted      a literal key: "[Amplitude] Page Title"
//! name     = 1*( any character except . [ ] " and whitespace )
//! quoted   = DQUOTE *( any character except " and \ / "\\" / "\"" ) DQUOTE
//! index    = 1*DIGIT
//! ```
//!
//! Selectors print canonically (`Display`) and parse back to the same value.

use crate::glob::Glob;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A literal key.
    Key(String),
    /// A key matched by a glob.
    Glob(Glob),
    /// An array index.
    Index(usize),
    /// Any one key or index: `*`.
    Any,
    /// Any run of keys and indexes, including none: `**`.
    AnyDeep,
}

/// One step of a path through an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl Segment {
    pub fn matches(&self, step: Step<'_>) -> bool {
        match (self, step) {
            (Segment::Key(k), Step::Key(s)) => k == s,
            (Segment::Glob(g), Step::Key(s)) => g.matches(s),
            (Segment::Index(i), Step::Index(j)) => *i == j,
            (Segment::Any | Segment::AnyDeep, _) => true,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorError {
    pub offset: usize,
    pub message: &'static str,
}

impl fmt::Display for SelectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at character {}", self.message, self.offset)
    }
}

impl std::error::Error for SelectorError {}

impl Selector {
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Whether the selector names exactly `path`.
    pub fn matches_path(&self, path: &[Step<'_>]) -> bool {
        matches_from(&self.segments, path)
    }
}

fn matches_from(segs: &[Segment], path: &[Step<'_>]) -> bool {
    match segs.first() {
        None => path.is_empty(),
        Some(Segment::AnyDeep) => {
            (0..=path.len()).any(|skip| matches_from(&segs[1..], &path[skip..]))
        }
        Some(seg) => {
            !path.is_empty() && seg.matches(path[0]) && matches_from(&segs[1..], &path[1..])
        }
    }
}

impl FromStr for Selector {
    type Err = SelectorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |offset, message| Err(SelectorError { offset, message });
        let chars: Vec<char> = s.chars().collect();
        let mut segments = Vec::new();
        let mut i = 0;
        if chars.is_empty() {
            return err(0, "empty selector");
        }
        loop {
            // One segment, optionally followed by bracket suffixes.
            if chars.get(i) == Some(&'[') {
                let (seg, next) = bracket(&chars, i)?;
                segments.push(seg);
                i = next;
            } else if chars.get(i) == Some(&'"') {
                let mut key = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return err(i, "unterminated quoted key"),
                        Some('"') => break,
                        Some('\\') => match chars.get(i + 1) {
                            Some(c @ ('"' | '\\')) => {
                                key.push(*c);
                                i += 2;
                            }
                            _ => return err(i, "only \\\" and \\\\ may be escaped"),
                        },
                        Some(c) => {
                            key.push(*c);
                            i += 1;
                        }
                    }
                }
                i += 1;
                segments.push(Segment::Key(key));
            } else {
                let start = i;
                while let Some(&c) = chars.get(i) {
                    if c == '.' || c == '[' || c == ']' || c == '"' || c.is_whitespace() {
                        break;
                    }
                    i += 1;
                }
                if i == start {
                    return err(i, "expected a key, '*', '**', a quoted key or '['");
                }
                let name: String = chars[start..i].iter().collect();
                segments.push(match name.as_str() {
                    "*" => Segment::Any,
                    "**" => Segment::AnyDeep,
                    _ if name.contains('*') => Segment::Glob(Glob::new(&name)),
                    _ => Segment::Key(name),
                });
            }
            while chars.get(i) == Some(&'[') {
                let (seg, next) = bracket(&chars, i)?;
                segments.push(seg);
                i = next;
            }
            match chars.get(i) {
                None => break,
                Some('.') => {
                    i += 1;
                    if i == chars.len() {
                        return err(i, "selector ends with '.'");
                    }
                }
                Some(_) => return err(i, "expected '.', '[' or the end"),
            }
        }
        Ok(Selector { segments })
    }
}

fn bracket(chars: &[char], open: usize) -> Result<(Segment, usize), SelectorError> {
    let close = chars[open..]
        .iter()
        .position(|&c| c == ']')
        .map(|p| open + p)
        .ok_or(SelectorError {
            offset: open,
            message: "unterminated '['",
        })?;
    let inner: String = chars[open + 1..close].iter().collect();
    let seg = if inner == "*" {
        Segment::Any
    } else if !inner.is_empty() && inner.len() <= 9 && inner.bytes().all(|b| b.is_ascii_digit()) {
        Segment::Index(inner.parse().map_err(|_| SelectorError {
            offset: open + 1,
            message: "index out of range",
        })?)
    } else {
        return Err(SelectorError {
            offset: open + 1,
            message: "expected an index or '*' in '[]'",
        });
    };
    Ok((seg, close + 1))
}

/// Whether `key` prints bare (without quotes) and parses back as the same literal key. ASCII
/// only, so receipts never need Unicode tables; other keys are quoted.
fn is_bare_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'.' | b'[' | b']' | b'"' | b'*'))
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Segment::Key(k) if is_bare_key(k) => f.write_str(k),
            Segment::Key(k) => {
                f.write_str("\"")?;
                for c in k.chars() {
                    if c == '"' || c == '\\' {
                        f.write_str("\\")?;
                    }
                    write!(f, "{c}")?;
                }
                f.write_str("\"")
            }
            Segment::Glob(g) => write!(f, "{g}"),
            Segment::Index(i) => write!(f, "[{i}]"),
            Segment::Any => f.write_str("*"),
            Segment::AnyDeep => f.write_str("**"),
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, seg) in self.segments.iter().enumerate() {
            if n > 0 && !matches!(seg, Segment::Index(_)) {
                f.write_str(".")?;
            }
            write!(f, "{seg}")?;
        }
        Ok(())
    }
}

/// Appends `key` as a selector segment: bare when it can be, quoted otherwise.
pub fn format_key(key: &str, out: &mut String) {
    if is_bare_key(key) {
        out.push_str(key);
    } else {
        out.push('"');
        for c in key.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
}

/// Formats a concrete path the way selectors print it, for receipts.
pub fn format_path(path: &[Step<'_>], out: &mut String) {
    use std::fmt::Write;
    for (n, step) in path.iter().enumerate() {
        match step {
            Step::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            Step::Key(k) => {
                if n > 0 {
                    out.push('.');
                }
                let _ = write!(out, "{}", Segment::Key((*k).to_owned()));
            }
        }
    }
}

/// A key as `**.key` selectors compare it: ASCII letters in lower case, and `_`, `-`, `.` and
/// spaces left out.
fn fold_key(key: &str) -> impl Iterator<Item = u8> + '_ {
    key.bytes()
        .filter(|b| !matches!(b, b'_' | b'-' | b'.' | b' '))
        .map(|b| b.to_ascii_lowercase())
}

fn fold_hash(folded: &[u8]) -> u64 {
    fold_hash_iter(folded.iter().copied())
}

// FNV-1a, as json::key_hash.
fn fold_hash_iter(bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A set of selectors run together as one automaton over the path from the root.
///
/// Each state is (selector, position); stepping into a child advances every live state. A
/// `**` keeps its state alive and also lets the next segment start at once.
///
/// `**.key` (a key at any depth), the commonest deep selector, runs without states: each
/// step looks the key up in a sorted table. As states, every such selector would be stepped
/// at every node of every event.
#[derive(Debug, Clone, Default)]
pub struct SelectorSet {
    selectors: Vec<Selector>,
    /// Per selector, the first position from which every remaining segment is `**`: a state
    /// at or past it has matched.
    deep_tail: Vec<u32>,
    /// `**.key` selectors as (hash of the folded key, folded key, selector), sorted by hash.
    /// Keys are compared folded (see [`fold_key`]): `first_name`, `firstName`, `FIRST-NAME` and
    /// `First Name` are one key to a `**.key` selector, as they are one field to a person.
    anywhere: Vec<(u64, Vec<u8>, u32)>,
    /// Which folded lengths (bit `len`, 63 for longer) the keys have: most keys of an event are
    /// rejected by one bit test.
    anywhere_lens: u64,
}

pub type States = Vec<(u32, u32)>;

/// Keys up to this long are folded on the stack.
const FOLD_MAX: usize = 64;

impl SelectorSet {
    pub fn new(selectors: Vec<Selector>) -> Self {
        let deep_tail = selectors
            .iter()
            .map(|s| {
                let trailing = s
                    .segments
                    .iter()
                    .rev()
                    .take_while(|g| **g == Segment::AnyDeep)
                    .count();
                (s.segments.len() - trailing) as u32
            })
            .collect();
        let mut anywhere: Vec<(u64, Vec<u8>, u32)> = selectors
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s.segments.as_slice() {
                [Segment::AnyDeep, Segment::Key(k)] => {
                    let folded: Vec<u8> = fold_key(k).collect();
                    Some((fold_hash(&folded), folded, i as u32))
                }
                _ => None,
            })
            .collect();
        anywhere.sort();
        let anywhere_lens = anywhere
            .iter()
            .fold(0u64, |m, (_, k, _)| m | 1 << k.len().min(63));
        SelectorSet {
            selectors,
            deep_tail,
            anywhere,
            anywhere_lens,
        }
    }

    fn is_anywhere(&self, sel: usize) -> bool {
        matches!(
            self.selectors[sel].segments.as_slice(),
            [Segment::AnyDeep, Segment::Key(_)]
        )
    }

    /// The `**.key` selectors that end at a child named `step`.
    fn anywhere_at(&self, step: Step<'_>) -> &[(u64, Vec<u8>, u32)] {
        let Step::Key(key) = step else { return &[] };
        if self.anywhere.is_empty() {
            return &[];
        }
        if key.len() > FOLD_MAX {
            // Longer keys are compared folded too, just without the stack buffer.
            return self.anywhere_folded(&fold_key(key).collect::<Vec<u8>>());
        }
        // Folded once into a stack buffer: the length test rejects most keys of an event.
        let mut buf = [0u8; FOLD_MAX];
        let mut len = 0;
        for b in fold_key(key) {
            buf[len] = b;
            len += 1;
        }
        self.anywhere_folded(&buf[..len])
    }

    fn anywhere_folded(&self, folded: &[u8]) -> &[(u64, Vec<u8>, u32)] {
        if folded.is_empty() || self.anywhere_lens & (1 << folded.len().min(63)) == 0 {
            return &[];
        }
        let h = fold_hash(folded);
        let from = self
            .anywhere
            .partition_point(|e| (e.0, e.1.as_slice()) < (h, folded));
        let to = from + self.anywhere[from..].partition_point(|e| e.0 == h && e.1 == folded);
        &self.anywhere[from..to]
    }

    /// Selectors that end at the child `step` of a node with `states`, without building the
    /// child's states: enough for a leaf, which has no children to step into.
    pub fn leaf_matches(&self, states: &States, step: Step<'_>, mut f: impl FnMut(usize)) {
        for &(sel, pos) in states {
            let segs = &self.selectors[sel as usize].segments;
            let next = match segs.get(pos as usize) {
                None => continue,
                Some(Segment::AnyDeep) => pos,
                Some(seg) if seg.matches(step) => pos + 1,
                Some(_) => continue,
            };
            if next >= self.deep_tail[sel as usize] {
                f(sel as usize);
            }
        }
        for &(_, _, sel) in self.anywhere_at(step) {
            f(sel as usize);
        }
    }

    pub fn len(&self) -> usize {
        self.selectors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.selectors.is_empty()
    }

    /// The states at the root of an event.
    pub fn start(&self) -> States {
        let mut states = Vec::with_capacity(self.selectors.len());
        for i in 0..self.selectors.len() {
            if self.is_anywhere(i) {
                continue;
            }
            let group = states.len();
            self.push_closed(&mut states, group, i as u32, 0);
        }
        states
    }

    /// Pushes `(sel, pos)` and, past each `**`, the positions it may skip to. Only a `**` can
    /// produce a duplicate, and only of its own selector, whose states start at `group`: the
    /// states of one selector stay adjacent (`start` pushes per selector, `step` keeps order),
    /// so the duplicate check looks at that group alone instead of the whole set.
    fn push_closed(&self, states: &mut States, group: usize, sel: u32, mut pos: u32) {
        let segs = &self.selectors[sel as usize].segments;
        loop {
            if !states[group..].contains(&(sel, pos)) {
                states.push((sel, pos));
            }
            if segs.get(pos as usize) == Some(&Segment::AnyDeep) {
                pos += 1;
            } else {
                break;
            }
        }
    }

    /// The states after stepping from a node with `states` into its child `step`.
    pub fn step(&self, states: &States, step: Step<'_>, out: &mut States) {
        out.clear();
        let mut group = (u32::MAX, 0);
        for &(sel, pos) in states {
            if group.0 != sel {
                group = (sel, out.len());
            }
            let segs = &self.selectors[sel as usize].segments;
            match segs.get(pos as usize) {
                None => {}
                Some(Segment::AnyDeep) => self.push_closed(out, group.1, sel, pos),
                Some(seg) if seg.matches(step) => self.push_closed(out, group.1, sel, pos + 1),
                Some(_) => {}
            }
        }
        // A `**.key` that ends here: a finished state, after the stepped ones (each is its
        // selector's only state, so groups stay adjacent).
        for &(_, _, sel) in self.anywhere_at(step) {
            out.push((sel, 2));
        }
    }

    /// Selectors that end exactly at the node with these states, in ascending order.
    pub fn matched<'s>(&'s self, states: &'s States) -> impl Iterator<Item = usize> + 's {
        states.iter().filter_map(move |&(sel, pos)| {
            (self.selectors[sel as usize].segments.len() == pos as usize).then_some(sel as usize)
        })
    }

    /// Whether any selector could still match below a node with these states.
    pub fn has_live(&self, states: &States) -> bool {
        !self.anywhere.is_empty()
            || states
                .iter()
                .any(|&(sel, pos)| (pos as usize) < self.selectors[sel as usize].segments.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(s: &str) -> Selector {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn canonical_selectors_print_as_written() {
        for s in [
            "properties.$current_url",
            "batch[0].properties",
            "batch.*.properties.email",
            "**.email",
            "a.**.b.**.c",
            "properties.\"[Amplitude] Page Title\"",
            "properties.$initial_*",
            "\"a.b\".\"q\\\"x\"",
            "[3]",
            "*",
            "**",
            "spans[*].attributes",
        ] {
            let parsed = sel(s);
            let printed = parsed.to_string();
            let expect = s.replace("[*]", ".*");
            assert_eq!(printed, expect);
            assert_eq!(sel(&printed), parsed, "{s}");
        }
    }

    #[test]
    fn bad_selectors_have_positions() {
        let cases = [
            ("", 0),
            ("a.", 2),
            ("a..b", 2),
            ("a[x]", 2),
            ("a[1", 1),
            ("\"abc", 4),
            ("a b", 1),
            ("a]b", 1),
            (".a", 0),
        ];
        for (s, offset) in cases {
            let e = s.parse::<Selector>().unwrap_err();
            assert_eq!(e.offset, offset, "{s:?}: {e}");
        }
    }

    fn path(steps: &[&str]) -> Vec<Step<'static>> {
        steps
            .iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => Step::Index(i),
                Err(_) => Step::Key(Box::leak(s.to_string().into_boxed_str())),
            })
            .collect()
    }

    #[test]
    fn matching_table() {
        let cases = [
            ("a.b", &["a", "b"][..], true),
            ("a.b", &["a"][..], false),
            ("a.*", &["a", "x"][..], true),
            ("a.*", &["a", "0"][..], true),
            ("a[0]", &["a", "0"][..], true),
            ("a[0]", &["a", "1"][..], false),
            ("**.email", &["email"][..], true),
            ("**.email", &["x", "0", "y", "email"][..], true),
            ("a.**.b.**.c", &["a", "b", "c"][..], true),
            ("a.**.b.**.c", &["a", "x", "b", "y", "z", "c"][..], true),
            ("a.**.b.**.c", &["a", "c", "b"][..], false),
            ("p.$initial_*", &["p", "$initial_referrer"][..], true),
            ("**", &[][..], true),
        ];
        for (s, p, want) in cases {
            let selector = sel(s);
            let p = path(p);
            assert_eq!(selector.matches_path(&p), want, "{s} vs {p:?}");
            // The automaton agrees with the direct matcher.
            let set = SelectorSet::new(vec![selector]);
            let mut states = set.start();
            let mut next = Vec::new();
            for step in &p {
                set.step(&states, *step, &mut next);
                std::mem::swap(&mut states, &mut next);
            }
            assert_eq!(
                set.matched(&states).next().is_some(),
                want,
                "automaton: {s} vs {p:?}"
            );
        }
    }

    #[test]
    fn paths_format_as_selectors() {
        let mut out = String::new();
        format_path(
            &[Step::Key("batch"), Step::Index(2), Step::Key("a b")],
            &mut out,
        );
        assert_eq!(out, "batch[2].\"a b\"");
        assert_eq!(sel(&out).to_string(), out);
    }
}
