//! Serde for native users (a collector, a CLI), behind the `serde` feature; the Wasm build keeps
//! it off (JSON text crosses the Wasm boundary faster, see README "Why JSON text").
//!
//! Every impl goes through the crate's own JSON reader and writers, so a value reads and writes
//! exactly as the browser package reads and writes it: a policy through the same strict reader
//! (unknown fields and bad values are errors with the same diagnostics), a receipt in the shape
//! `onReceipt` sees. No derive: a derived shape would be a second definition of the format.

use crate::consent::Decision;
use crate::json::{self, Json, Text};
use crate::policy::Policy;
use crate::receipt::{Counters, Receipt};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::borrow::Cow;
use std::fmt;

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Num(n) => {
                // Integers stay exact; anything else is the nearest f64, as JSON.parse reads it.
                if let Ok(i) = n.parse::<i64>() {
                    s.serialize_i64(i)
                } else if let Ok(u) = n.parse::<u64>() {
                    s.serialize_u64(u)
                } else {
                    s.serialize_f64(json::parse_number(n).unwrap_or(f64::NAN))
                }
            }
            Json::Str(t) => s.serialize_str(&t.decoded()),
            Json::Arr(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Obj(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(&*k.decoded(), v)?;
                }
                map.end()
            }
        }
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'static>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Json::deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Json::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Json::Num(Cow::Owned(n.to_string())))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Json::Num(Cow::Owned(n.to_string())))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
        if !n.is_finite() {
            return Err(E::custom("JSON has no NaN or infinite numbers"));
        }
        Ok(Json::Num(Cow::Owned(format!("{n:?}"))))
    }
    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Json::Str(Text::owned(s)))
    }
    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(Json::Str(Text::Owned(s)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element::<Json<'static>>()? {
            items.push(item);
        }
        Ok(Json::Arr(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
        while let Some((k, v)) = map.next_entry::<String, Json<'static>>()? {
            members.push((Text::Owned(k), v));
        }
        Ok(Json::Obj(members))
    }
}

impl<'de> Deserialize<'de> for Json<'static> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

/// Reads a policy with the package's strict reader: the first diagnostic becomes the error.
impl<'de> Deserialize<'de> for Policy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let tree = Json::deserialize(d)?;
        crate::policy::parse(&json::to_string(&tree)).map_err(|diagnostics| {
            let first = diagnostics
                .first()
                .map_or_else(|| "invalid policy".to_owned(), |d| d.to_string());
            de::Error::custom(first)
        })
    }
}

/// Writes text this crate produced (a receipt, counters) as the serializer's value.
fn serialize_own_json<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    let tree = json::parse(text, 16).map_err(serde::ser::Error::custom)?;
    tree.serialize(s)
}

/// The receipt as `onReceipt` and `explain` see it in the browser.
impl Serialize for Receipt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_own_json(&self.to_json(), s)
    }
}

/// The counters as `guard.counters` reads them in the browser.
impl Serialize for Counters {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_own_json(&self.to_json(), s)
    }
}

impl Serialize for Decision {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// `"granted"`, `"denied"`, `"unknown"`, or `true` / `false`, as `setConsent` takes them.
impl<'de> Deserialize<'de> for Decision {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Json::deserialize(d)? {
            Json::Bool(true) => Ok(Decision::Granted),
            Json::Bool(false) => Ok(Decision::Denied),
            Json::Str(t) => match &*t.decoded() {
                "granted" => Ok(Decision::Granted),
                "denied" => Ok(Decision::Denied),
                "unknown" => Ok(Decision::Unknown),
                other => Err(de::Error::custom(format!(
                    "consent decision \"{other}\" must be granted, denied or unknown"
                ))),
            },
            _ => Err(de::Error::custom(
                "a consent decision is true, false, \"granted\", \"denied\" or \"unknown\"",
            )),
        }
    }
}
