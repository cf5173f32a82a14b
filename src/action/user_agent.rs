//! User agents reduced to browser family, major version and OS family: `Chrome/156 (Linux)`.

/// Browser tokens in the order they must be tried: Edge and Opera also say "Chrome".
/// The most tokens one table holds (`first_offsets` answers on the stack).
const MAX_TOKENS: usize = 16;

const BROWSERS: &[(&str, &str)] = &[
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("Edge/", "Edge"),
    ("OPR/", "Opera"),
    ("Opera/", "Opera"),
    ("SamsungBrowser/", "SamsungInternet"),
    ("SamsungInternet/", "SamsungInternet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("HeadlessChrome/", "HeadlessChrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Version/", "Safari"),
    ("Safari/", "Safari"),
];

const SYSTEMS: &[(&str, &str)] = &[
    ("Windows", "Windows"),
    ("iPhone", "iOS"),
    ("iPad", "iOS"),
    ("iOS", "iOS"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("macOS", "macOS"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("ChromeOS", "ChromeOS"),
    ("Linux", "Linux"),
];

/// The first offset of each of `tokens` in `hay`, in one pass: a byte no token begins with is
/// passed over at once (a user agent is read once, not once per token).
fn first_offsets(hay: &str, tokens: &[(&str, &str)]) -> [Option<usize>; MAX_TOKENS] {
    let mut starts = [false; 256];
    for (token, _) in tokens {
        starts[token.as_bytes()[0] as usize] = true;
    }
    let h = hay.as_bytes();
    let mut found = [None; MAX_TOKENS];
    for (i, &b) in h.iter().enumerate() {
        if !starts[b as usize] {
            continue;
        }
        for (k, (token, _)) in tokens.iter().enumerate() {
            if found[k].is_none() && h[i..].starts_with(token.as_bytes()) {
                found[k] = Some(i);
            }
        }
    }
    found
}

const _: () = assert!(BROWSERS.len() <= MAX_TOKENS && SYSTEMS.len() <= MAX_TOKENS);

/// Whether `ua` is already what [`reduce`] writes (`Family/major (OS)` or `Family (OS)`): a
/// second pass (a relayed or re-redacted event) keeps it rather than losing the family.
fn is_reduced(ua: &str) -> bool {
    let Some((head, os)) = ua.strip_suffix(')').and_then(|s| s.split_once(" (")) else {
        return false;
    };
    let (family, major) = head.split_once('/').unwrap_or((head, "0"));
    let known_family =
        BROWSERS.iter().any(|(_, f)| *f == family) || matches!(family, "Bot" | "Other");
    let known_os = SYSTEMS.iter().any(|(_, o)| *o == os) || os == "Other";
    known_family
        && known_os
        && (1..=5).contains(&major.len())
        && major.bytes().all(|b| b.is_ascii_digit())
}

pub fn reduce(ua: &str) -> String {
    if is_reduced(ua) {
        return ua.to_owned();
    }
    let lower = ua.to_ascii_lowercase();
    let bot = ["bot", "crawler", "spider"]
        .iter()
        .any(|w| lower.contains(w));
    let browser = if bot {
        None
    } else {
        let at = first_offsets(ua, BROWSERS);
        // The first token in table order wins (Edge and Opera also say "Chrome").
        BROWSERS.iter().zip(at).find_map(|((token, family), at)| {
            let at = at?;
            // Safari's own version sits after "Version/" (an earlier token); "Safari/605" is
            // the WebKit build.
            if *token == "Safari/" && ua.contains("AppleWebKit") {
                return Some((*family, String::new()));
            }
            let major: String = ua[at + token.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .take(5)
                .collect();
            Some((*family, major))
        })
    };
    let os = SYSTEMS
        .iter()
        .zip(first_offsets(ua, SYSTEMS))
        .find(|(_, at)| at.is_some())
        .map_or("Other", |((_, os), _)| os);
    match browser {
        Some((family, major)) if !major.is_empty() => format!("{family}/{major} ({os})"),
        Some((family, _)) => format!("{family} ({os})"),
        None if bot => format!("Bot ({os})"),
        None => format!("Other ({os})"),
    }
}

#[cfg(test)]
mod tests {
    use super::reduce;

    #[test]
    fn table() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", "Chrome/156 (Linux)"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91", "Edge/120 (Windows)"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", "Safari/17 (macOS)"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1", "Safari/17 (iOS)"),
            ("Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0", "Firefox/121 (Android)"),
            ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Bot (Other)"),
            ("curl/8.4.0", "Other (Other)"),
        ];
        for (ua, want) in cases {
            let got = reduce(ua);
            assert_eq!(got, want, "{ua}");
            assert_eq!(reduce(&got), got, "idempotent: {ua}");
        }
    }
}
