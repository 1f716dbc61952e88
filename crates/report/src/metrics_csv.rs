//! The metric values of a map as a CSV in the shape the board's metric import reads (stage,
//! metric, date, value: one dated actual value a line, `ui/src/doc/historyImport.ts`), so a
//! manager can chart them in a spreadsheet and a facilitator can carry them to another map.
//! Names are the board's, in the map's language; numbers are plain (no grouping) so that a
//! spreadsheet reads them as numbers.

use wayline_model::{Locale, MapView};

use crate::labels::{label, metric};
use crate::spreadsheet_cells::{write_cells, write_row, Cell};
use crate::ReportError;

/// A value as a spreadsheet and the import read it: the number as typed, without grouping.
fn plain_number(value: f64) -> String {
    crate::metric_number::metric_number(value).replace(',', "")
}

pub fn metrics_csv(view: &MapView, language: Locale) -> Result<Vec<u8>, ReportError> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let header = ["stage", "metric", "date", "value"].map(|k| label(language, k));
        write_row(&mut w, &header)?;
        for stage in &view.stages {
            let in_stage: Vec<_> = view
                .metrics
                .iter()
                .filter(|m| m.stage == stage.id)
                .collect();
            let name_of = |m: &wayline_model::MetricView| metric(language, &m.kind, &m.label);
            for m in &in_stage {
                // Two metrics of a stage under one name (two unlabelled CSATs) are told apart by
                // their ids, which the import reads too; a name would be ambiguous there.
                let name = name_of(m);
                let shared = in_stage.iter().filter(|o| name_of(o) == name).count() > 1;
                let name = if shared { m.id.clone() } else { name };
                for point in &m.history {
                    let Some(actual) = point.actual else { continue };
                    let row = [
                        Cell::Text(&stage.title),
                        Cell::Text(&name),
                        Cell::Text(&point.date),
                        Cell::Number(plain_number(actual)),
                    ];
                    write_cells(&mut w, &row)?;
                }
            }
        }
        w.flush().map_err(|e| ReportError::Write(e.to_string()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wayline_model::templates::instantiate;

    #[test]
    fn the_sample_nps_history_is_written_as_the_import_reads_it() {
        let view = instantiate("lifecycle", Locale::ZhCn, None, "T", 0)
            .unwrap()
            .view();
        let csv = String::from_utf8(metrics_csv(&view, Locale::ZhCn).unwrap()).unwrap();
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "阶段,指标,日期,数值");
        let nps: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| l.contains("NPS"))
            .collect();
        assert_eq!(nps.len(), 4, "{csv}");
        assert!(
            nps.iter().all(|l| l.starts_with("忠诚,NPS 净推荐值,")),
            "{csv}"
        );
        assert!(nps[3].ends_with(",34"), "{csv}");
    }

    #[test]
    fn two_metrics_of_one_name_in_a_stage_are_written_by_id() {
        let mut view = instantiate("lifecycle", Locale::En, None, "T", 0)
            .unwrap()
            .view();
        let nps = view
            .metrics
            .iter()
            .find(|m| m.kind == "nps")
            .unwrap()
            .clone();
        let mut twin = nps.clone();
        twin.id = "m-twin".into();
        view.metrics.push(twin);
        let csv = String::from_utf8(metrics_csv(&view, Locale::En).unwrap()).unwrap();
        assert!(csv.contains(&format!(",{},", nps.id)), "{csv}");
        assert!(csv.contains(",m-twin,"), "{csv}");
        assert!(!csv.contains("NPS"), "{csv}");
    }

    #[test]
    fn negative_and_large_values_stay_numbers_and_names_stay_words() {
        let mut view = instantiate("lifecycle", Locale::En, None, "T", 0)
            .unwrap()
            .view();
        let nps = view.metrics.iter_mut().find(|m| m.kind == "nps").unwrap();
        nps.history[0].actual = Some(-15.0);
        nps.history[1].actual = Some(9_876_543.21);
        let stage = nps.stage.clone();
        view.stages
            .iter_mut()
            .find(|s| s.id == stage)
            .unwrap()
            .title = "=cmd|' /C calc'!A0".into();
        let csv = String::from_utf8(metrics_csv(&view, Locale::En).unwrap()).unwrap();
        assert!(csv.contains(",-15\n"), "{csv}");
        assert!(csv.contains(",9876543.21\n"), "{csv}");
        assert!(
            csv.contains("'=cmd"),
            "a stage name is never a formula: {csv}"
        );
    }
}
