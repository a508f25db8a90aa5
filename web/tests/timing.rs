use std::time::Instant;
#[test]
#[ignore]
fn timing() {
    let dir = std::path::Path::new("../data/us_districts");
    let files: Vec<serde_json::Value> = [
        "hh.csv",
        "finance.csv",
        "grad.csv",
        "assess.csv",
        "race.csv",
    ]
    .iter()
    .map(|f| serde_json::json!({"name": f, "text": std::fs::read_to_string(dir.join(f)).unwrap()}))
    .collect();
    let t = Instant::now();
    let req = serde_json::json!({"op":"open","bundled":"us-districts-2018","data":files});
    let a = seni_web::answer(req.to_string().as_bytes());
    eprintln!("open {:?} {}", t.elapsed(), &a[..80]);
    for w in [2, 3] {
        let t = Instant::now();
        let req = serde_json::json!({"op":"run","changes":[{"key":"indicators.crowded.weight","value":w,"control":"x"}]});
        let ans = seni_web::answer(req.to_string().as_bytes());
        eprintln!("run {:?} {} bytes", t.elapsed(), ans.len());
    }
    let src = seni::FormulaSource::Bundled("us-districts-2018".into());
    let f = seni::Formula::load_texts(&src, &[], &[]).unwrap();
    let texts: Vec<(String, Vec<u8>)> =
        ["hh.csv", "finance.csv", "grad.csv", "assess.csv", "race.csv"]
            .iter()
            .map(|n| (n.to_string(), std::fs::read(dir.join(n)).unwrap()))
            .collect();
    let sources: Vec<(&str, &[u8])> =
        texts.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let t = Instant::now();
    let d = seni::District::from_csv_sources(&sources, &f, &|_| false).unwrap();
    eprintln!("read {:?}", t.elapsed());
    let t = Instant::now();
    let c = seni::compute(&f, d.clone()).unwrap();
    eprintln!("compute {:?}", t.elapsed());
    let t = Instant::now();
    let run = seni::Run::of(c).unwrap();
    eprintln!("allocate {:?}", t.elapsed());
    let t = Instant::now();
    let cmp = seni::compare(&run, &run);
    eprintln!("compare {:?}", t.elapsed());
    let t = Instant::now();
    let g = seni::analysis::audit::student_groups(run.computation(), &[]).unwrap();
    let o = seni::outputs::audit(run.computation(), run.allocation(), &g, None).unwrap();
    eprintln!("audit {:?} {}", t.elapsed(), o.tables().count());
    let t = Instant::now();
    let o = seni::outputs::compare(&cmp, &run, &run);
    eprintln!("compare outputs {:?} {}", t.elapsed(), o.tables().count());
}
