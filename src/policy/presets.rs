//! Built-in presets. They are ordinary v1 policies kept in `presets/*.json`, loaded through the
//! same path as a user's policy and extensible with `"extends": "<name>"`.

pub const NAMES: [&str; 7] = [
    "posthog",
    "segment",
    "sentry",
    "amplitude",
    "mixpanel",
    "otel",
    "scan-all",
];

pub fn preset_text(name: &str) -> Option<&'static str> {
    Some(match name {
        "posthog" => include_str!("../../presets/posthog.json"),
        "segment" => include_str!("../../presets/segment.json"),
        "sentry" => include_str!("../../presets/sentry.json"),
        "amplitude" => include_str!("../../presets/amplitude.json"),
        "mixpanel" => include_str!("../../presets/mixpanel.json"),
        "otel" => include_str!("../../presets/otel.json"),
        "scan-all" => include_str!("../../presets/scan-all.json"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_loads_without_a_key() {
        for name in NAMES {
            let text = preset_text(name).unwrap();
            if let Err(d) = super::super::load(text, false) {
                panic!("preset {name}: {d:?}");
            }
        }
    }
}
