//! A decision for people (`--format text`) or programs (`--format json`).

use conneg::{Decision, Evaluation, Field, Memento, Verdict};
use serde_json::{Value, json};

use crate::batch::{decision_json, quality_json};

/// The decision as JSON: the batch result plus `fallback`, `explicit` and, per variant, how
/// each header judged it.
pub fn json(decision: &Decision<'_, '_>) -> Value {
    let mut out = decision_json(decision);
    out.insert(
        "fallback".into(),
        json!(
            decision
                .fallback()
                .iter()
                .map(Field::as_str)
                .collect::<Vec<_>>()
        ),
    );
    out.insert("explicit".into(), json!(decision.is_explicit()));
    let variants: Vec<Value> = decision
        .variants()
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let e = decision.evaluation(i)?;
            Some(json!({
                "index": i,
                "variant": v.to_string(),
                "acceptable": e.is_acceptable(),
                "score": quality_json(e.score),
                "refused_by": e.refused_by.iter().map(Field::as_str).collect::<Vec<_>>(),
                "dimensions": dimensions(&e),
            }))
        })
        .collect();
    out.insert("variants".into(), Value::Array(variants));
    Value::Object(out)
}

fn verdict<M: std::fmt::Display, S: std::fmt::Display>(v: &Verdict<conneg::Match<M, S>>) -> Value {
    match v {
        Verdict::NotAsked => json!({"verdict": "not asked"}),
        Verdict::Unset => json!({"verdict": "not set"}),
        Verdict::Unmatched => json!({"verdict": "no member matches"}),
        Verdict::Matched(m) => json!({
            "verdict": "matched",
            "member": m.member.to_string(),
            "position": m.position,
            "specificity": m.specificity.to_string(),
            "q": quality_json(m.quality),
        }),
    }
}

fn dimensions(e: &Evaluation<'_>) -> Value {
    let memento = match e.datetime {
        Memento::Unset => "not set",
        Memento::Undated => "undated, a memento is asked for",
        Memento::Selected => "selected",
        Memento::Other => "another memento is closer",
    };
    json!({
        "accept": verdict(&e.media),
        "accept-language": verdict(&e.language),
        "accept-charset": verdict(&e.charset),
        "accept-encoding": verdict(&e.coding),
        "accept-datetime": memento,
        "a-im": verdict(&e.im),
    })
}
