//! Event rows in the shape of PETRARCH's output, for event-data pipelines: one row per piece of
//! evidence of an asserted, un-negated claim — date, source code, target code, CAMEO code,
//! article — the "who did what to whom, when" records analysts already count.

use crate::graph::ActorGraph;

/// The header of the event rows.
pub const HEADER: [&str; 9] = [
    "date",
    "source",
    "target",
    "cameo",
    "article",
    "sentence",
    "relation",
    "source_id",
    "target_id",
];

/// The event rows as CSV, header first, ordered by date, article and sentence.
///
/// Actors are given by their CAMEO code where they have one (a person by its own code, e.g.
/// `KAZGOVMIL`), else by their id; dates are written `YYYYMMDD` as PETRARCH writes them, with
/// `00` for an unknown month or day. Negated claims and mere possibilities are not events.
pub fn to_event_rows(graph: &ActorGraph) -> String {
    let mut rows: Vec<[String; 9]> = Vec::new();
    for edge in graph.edges() {
        if edge.negated || edge.modality != crate::extract::Modality::Asserted {
            continue;
        }
        let Some(cameo) = &edge.cameo else { continue };
        let code = |id: &str| {
            graph
                .node(id)
                .and_then(|n| n.code.clone())
                .unwrap_or_else(|| id.to_string())
        };
        for evidence in &edge.evidence {
            let date = evidence.date.or(edge.date).map_or_else(String::new, |d| {
                format!("{:04}{:02}{:02}", d.year, d.month.unwrap_or(0), d.day.unwrap_or(0))
            });
            rows.push([
                date,
                code(&edge.source),
                code(&edge.target),
                cameo.clone(),
                evidence.article.clone(),
                evidence.sentence.to_string(),
                edge.relation.clone(),
                edge.source.clone(),
                edge.target.clone(),
            ]);
        }
    }
    rows.sort_by(|a, b| (&a[0], &a[4], &a[5], &a[7], &a[8], &a[3]).cmp(&(&b[0], &b[4], &b[5], &b[7], &b[8], &b[3])));
    rows.dedup();
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail; the results are checked all the same.
    let _ = writer.write_record(HEADER);
    for row in &rows {
        let _ = writer.write_record(row);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Claim, Evidence, Modality, NodeInfo};
    use crate::graph::Assembler;
    use crate::rules::Family;
    use crate::rules::schema::ActorKind;

    fn node(id: &str, code: Option<&str>) -> NodeInfo {
        NodeInfo {
            id: id.into(),
            label: id.into(),
            kind: ActorKind::Country,
            code: code.map(Into::into),
            aliases: vec![],
            affiliation: None,
            roles: vec![],
        }
    }

    fn claim(negated: bool, modality: Modality, date: &str) -> Claim {
        Claim {
            source: "KAZ".into(),
            target: "exercise".into(),
            relation: "withdraws_from".into(),
            family: Family::Refuses,
            cameo: Some("16".into()),
            negated,
            modality,
            office: None,
            evidence: Evidence {
                article: "a1".into(),
                sentence: 3,
                start: 0,
                end: 1,
                text: format!("sentence {negated} {modality:?}"),
                rule: "r".into(),
                date: date.parse().ok(),
                said_by: None,
                marks: vec![],
            },
        }
    }

    #[test]
    fn asserted_claims_become_rows_with_codes_and_petrarch_dates() {
        let mut assembler = Assembler::new();
        assembler.add_node(node("KAZ", Some("KAZ")));
        assembler.add_node(node("exercise", None));
        assembler.add_claim(claim(false, Modality::Asserted, "2009-04"));
        assembler.add_claim(claim(true, Modality::Asserted, "2009-04-21"));
        assembler.add_claim(claim(false, Modality::Possible, "2009-04-21"));
        let rows = to_event_rows(&assembler.finish());
        let lines: Vec<&str> = rows.lines().collect();
        assert_eq!(
            lines[0],
            "date,source,target,cameo,article,sentence,relation,source_id,target_id"
        );
        assert_eq!(lines[1], "20090400,KAZ,exercise,16,a1,3,withdraws_from,KAZ,exercise");
        assert_eq!(lines.len(), 2, "negated and possible claims are not events: {rows}");
    }
}
