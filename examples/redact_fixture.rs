//! Redacts one SDK payload fixture with a preset and prints the result and receipt.
//! `cargo run --example redact_fixture -- posthog path/to/fixture.json '{"analytics":true}'`
use consent_guard::Guard;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (preset, file) = (&args[1], &args[2]);
    let consent = args.get(3).map(String::as_str).unwrap_or("{}");
    let fixture: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let body = fixture.get("body").unwrap_or(&fixture).to_string();
    let mut guard = Guard::with_preset(preset, None).unwrap();
    guard.set_consent_json(consent).unwrap();
    let out = guard.redact(&body);
    match out.output {
        Some(o) => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&o).unwrap())
                .unwrap()
        ),
        None => println!("DROPPED"),
    }
    println!("{}", out.receipt.to_json());
}
