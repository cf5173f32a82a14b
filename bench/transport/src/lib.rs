//! Two ways across the boundary, doing the same work on the Rust side (build a serde_json
//! value, then hand one back): from a JS object via serde-wasm-bindgen, or from JSON text.
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn via_object(event: JsValue) -> Result<JsValue, JsValue> {
    let v: serde_json::Value = serde_wasm_bindgen::from_value(event)?;
    let out = v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?;
    Ok(out)
}

#[wasm_bindgen]
pub fn via_text(text: &str) -> Result<String, JsValue> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(v.to_string())
}

use serde::Serialize as _;
