//! Finding named parts of an event: its name, its timestamp, the event arrays of a batch body;
//! and printing concrete paths for receipts.

use crate::json::{Json, Text};
use crate::select::{Segment, Selector, Step};

/// A concrete step of a located path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum PathStep {
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
            let key = k.decoded();
            segment_matches(first, Step::Key(&key))
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

/// The path of the first array `segs` selects (no `**` needed for batches).
pub(super) fn locate_array(node: &Json<'_>, segs: &[Segment]) -> Option<Vec<PathStep>> {
    let Some(first) = segs.first() else {
        return matches!(node, Json::Arr(_)).then(Vec::new);
    };
    match node {
        Json::Obj(members) => members.iter().find_map(|(k, v)| {
            let Text::Plain(key) = k else { return None };
            if !first.matches(Step::Key(key)) {
                return None;
            }
            let mut rest = locate_array(v, &segs[1..])?;
            rest.insert(0, PathStep::Key((*key).to_owned()));
            Some(rest)
        }),
        _ => None,
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
            let (_, v) = members
                .iter_mut()
                .find(|(key, _)| matches!(key, Text::Plain(p) if p == k))?;
            node_at(v, &steps[1..])
        }
        (Json::Arr(items), PathStep::Index(i)) => node_at(items.get_mut(*i)?, &steps[1..]),
        _ => None,
    }
}
