//! What the examples share: the event they time, read from a fixture of bench/fixtures.

/// The first event of a captured SDK body (`{"body": …}`): the first of its `batch`, or the
/// body itself, as JSON text.
pub fn first_event(fixture: &str) -> String {
    let fixture: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    let body = &fixture["body"];
    body.get("batch")
        .map(|b| b[0].clone())
        .unwrap_or(body.clone())
        .to_string()
}
