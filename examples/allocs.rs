//! Heap allocations per `redact` of one fixture event (a counting allocator), to see what the
//! hot path allocates: `cargo run --release --example allocs -- <fixture> [policy.json]`.
mod common;

use consent_guard::Guard;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new, Relaxed);
        unsafe { System.realloc(ptr, layout, new) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let event = common::first_event(&args[1]);
    let policy = args
        .get(2)
        .map(|f| std::fs::read_to_string(f).unwrap())
        .unwrap_or_else(|| r#"{"version":1,"extends":"posthog"}"#.to_owned());
    let mut g = Guard::new(&policy, None).unwrap();
    g.set_consent_json(r#"{"analytics":true,"functional":true}"#)
        .unwrap();
    g.redact(&event); // warm
    let (a0, b0) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    let n = 1000;
    for _ in 0..n {
        std::hint::black_box(g.redact(&event));
    }
    let (a1, b1) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    let receipt = g.redact(&event).receipt;
    println!(
        "{} changes, {} drops",
        receipt.changes.len(),
        receipt.dropped.len()
    );
    println!(
        "{} bytes of event: {:.1} allocations, {:.0} bytes allocated per redact",
        event.len(),
        (a1 - a0) as f64 / n as f64,
        (b1 - b0) as f64 / n as f64
    );
}
