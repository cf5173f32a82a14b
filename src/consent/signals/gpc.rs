//! Global Privacy Control (`navigator.globalPrivacyControl`, `Sec-GPC: 1`) and Do Not Track.

/// The `Sec-GPC` request header: exactly `1` means the user asks not to be sold or shared.
pub fn from_header(value: &str) -> bool {
    value.trim() == "1"
}

/// `navigator.doNotTrack` (or the `DNT` header): `1` or `yes` means do not track.
pub fn dnt_from(value: &str) -> bool {
    matches!(value.trim(), "1" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        assert!(from_header("1") && from_header(" 1 "));
        assert!(!from_header("0") && !from_header("true") && !from_header(""));
        assert!(dnt_from("1") && dnt_from("yes"));
        assert!(!dnt_from("0") && !dnt_from("unspecified") && !dnt_from("null"));
    }
}
