use consent_guard::Guard;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
struct Counting;
static ON: AtomicBool = AtomicBool::new(false);
thread_local! { static IN: Cell<bool> = const { Cell::new(false) }; }
fn site() {
    if !ON.load(Relaxed) {
        return;
    }
    IN.with(|f| {
        if f.get() {
            return;
        }
        f.set(true);
        let bt = format!("{}", std::backtrace::Backtrace::force_capture());
        let frames: Vec<&str> = bt
            .lines()
            .filter(|l| l.contains("consent_guard::") && !l.contains("at "))
            .take(3)
            .map(|l| l.trim())
            .collect();
        eprintln!("ALLOC {}", frames.join(" <- "));
        f.set(false);
    });
}
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        site();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        site();
        unsafe { System.realloc(ptr, layout, new) }
    }
}
#[global_allocator]
static A: Counting = Counting;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let fixture: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&args[1]).unwrap()).unwrap();
    let body = &fixture["body"];
    let event = body
        .get("batch")
        .map(|b| b[0].clone())
        .unwrap_or(body.clone())
        .to_string();
    let policy = std::fs::read_to_string(&args[2]).unwrap();
    let mut g = Guard::new(&policy, None).unwrap();
    g.set_consent_json(r#"{"analytics":true,"functional":true}"#)
        .unwrap();
    g.redact(&event);
    ON.store(true, Relaxed);
    std::hint::black_box(g.redact(&event));
    ON.store(false, Relaxed);
}
