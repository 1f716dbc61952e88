//! The report writes metric numbers by the rule the board uses: the shared vectors in
//! `tests/vectors/metric_number.json`, which `ui/src/doc/vectors.test.ts` reads too.
use serde_json::Value;
use wayline_report::metric_number::metric_number;

#[test]
fn metric_numbers_follow_the_shared_rule() {
    let path = format!(
        "{}/../../tests/vectors/metric_number.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let vectors: Value = serde_json::from_str(&text).unwrap();
    for case in vectors["cases"].as_array().unwrap() {
        let value = case["value"].as_f64().unwrap();
        assert_eq!(
            metric_number(value),
            case["text"].as_str().unwrap(),
            "{value}"
        );
    }
}
