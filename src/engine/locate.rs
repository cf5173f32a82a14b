//! Finding named parts of an event: its name, its timestamp, the event arrays of a batch body;
//! and printing concrete paths for receipts.

use crate::json::Json;
use crate::select::{Segment, Selector, Step};

/// A concrete step of a path in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    Key(String),
    Index(usize),
}

pub(super) fn push_step(path: &mut String, step: &PathStep) {
    match step {
        PathStep::Key(k) => push_key(path, k),
        PathStep::Index(i) => {
            use std::fmt::Write;
            let _ = write!(path, "[{i}]");
        }
    }
}

pub(super) fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    crate::select::format_key(key, path);
}

/// The first node `segs` selects below `node`, depth-first.
pub(super) fn find<'n, 'a>(node: &'n Json<'a>, segs: &Selector) -> Option<&'n Json<'a>> {
    find_segs(node, segs.segments())
}

pub(super) fn find_segs<'n, 'a>(node: &'n Json<'a>, segs: &[Segment]) -> Option<&'n Json<'a>> {
    let Some(first) = segs.first() else {
        return Some(node);
    };
    if *first == Segment::AnyDeep {
        if let Some(hit) = find_segs(node, &segs[1..]) {
            return Some(hit);
        }
    }
    let rest = if *first == Segment::AnyDeep {
        segs
    } else {
        &segs[1..]
    };
    match node {
        Json::Obj(members) => members.iter().find_map(|(k, v)| {
            segment_matches(first, Step::Key(k.as_str()))
                .then(|| find_segs(v, rest))
                .flatten()
        }),
        Json::Arr(items) => items.iter().enumerate().find_map(|(i, v)| {
            segment_matches(first, Step::Index(i))
                .then(|| find_segs(v, rest))
                .flatten()
        }),
        _ => None,
    }
}

pub(super) fn segment_matches(seg: &Segment, step: Step<'_>) -> bool {
    seg.matches(step)
}

/// The paths of the arrays `segs` selects (`batch`, `resourceSpans[*].scopeSpans[*].spans`).
/// A `**` segment finds nothing: a batch is a fixed place in a body. Nothing below a found
/// array is searched, so the paths never nest.
pub(super) fn locate_arrays(node: &Json<'_>, segs: &[Segment]) -> Vec<Vec<PathStep>> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    locate_into(node, segs, &mut path, &mut out);
    out
}

fn locate_into(
    node: &Json<'_>,
    segs: &[Segment],
    path: &mut Vec<PathStep>,
    out: &mut Vec<Vec<PathStep>>,
) {
    let Some(first) = segs.first() else {
        if matches!(node, Json::Arr(_)) {
            out.push(path.clone());
        }
        return;
    };
    if *first == Segment::AnyDeep {
        return;
    }
    match node {
        Json::Obj(members) => {
            for (k, v) in members {
                if first.matches(Step::Key(k.as_str())) {
                    path.push(PathStep::Key(k.as_str().to_owned()));
                    locate_into(v, &segs[1..], path, out);
                    path.pop();
                }
            }
        }
        Json::Arr(items) => {
            for (i, v) in items.iter().enumerate() {
                if first.matches(Step::Index(i)) {
                    path.push(PathStep::Index(i));
                    locate_into(v, &segs[1..], path, out);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

pub(super) fn node_at<'n, 'a>(
    node: &'n mut Json<'a>,
    steps: &[PathStep],
) -> Option<&'n mut Json<'a>> {
    let Some(first) = steps.first() else {
        return Some(node);
    };
    match (node, first) {
        (Json::Obj(members), PathStep::Key(k)) => {
            let (_, v) = members.iter_mut().find(|(key, _)| key.as_str() == k)?;
            node_at(v, &steps[1..])
        }
        (Json::Arr(items), PathStep::Index(i)) => node_at(items.get_mut(*i)?, &steps[1..]),
        _ => None,
    }
}

/// Paths to leave alone while walking what surrounds them (batch arrays already redacted as
/// events), as a tree whose children are sorted, so each node finds its own in log time however
/// many paths there are (an OTLP export with thousands of scopes).
#[derive(Debug, Default)]
pub struct Skip {
    /// This node itself is skipped.
    here: bool,
    keys: Vec<(String, Skip)>,
    indexes: Vec<(usize, Skip)>,
}

impl Skip {
    pub fn from_paths<'s>(paths: impl IntoIterator<Item = &'s [PathStep]>) -> Self {
        let mut root = Skip::default();
        for path in paths {
            let mut node = &mut root;
            for step in path {
                node = match step {
                    PathStep::Key(k) => {
                        let i = match node.keys.binary_search_by(|(x, _)| x.as_str().cmp(k)) {
                            Ok(i) => i,
                            Err(i) => {
                                node.keys.insert(i, (k.clone(), Skip::default()));
                                i
                            }
                        };
                        &mut node.keys[i].1
                    }
                    PathStep::Index(n) => {
                        let i = match node.indexes.binary_search_by(|(x, _)| x.cmp(n)) {
                            Ok(i) => i,
                            Err(i) => {
                                node.indexes.insert(i, (*n, Skip::default()));
                                i
                            }
                        };
                        &mut node.indexes[i].1
                    }
                };
            }
            node.here = true;
        }
        root
    }

    pub fn is_here(&self) -> bool {
        self.here
    }

    pub fn key(&self, key: &str) -> Option<&Skip> {
        let i = self
            .keys
            .binary_search_by(|(x, _)| x.as_str().cmp(key))
            .ok()?;
        Some(&self.keys[i].1)
    }

    pub fn index(&self, n: usize) -> Option<&Skip> {
        let i = self.indexes.binary_search_by(|(x, _)| x.cmp(&n)).ok()?;
        Some(&self.indexes[i].1)
    }
}
