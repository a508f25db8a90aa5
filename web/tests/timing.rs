use std::time::Instant;
#[test]
fn timing() {
    let csv = std::fs::read_to_string("../data/lausd/schools.csv").unwrap();
    let src = seni::FormulaSource::Bundled("seni-lausd-open".into());
    let t = Instant::now();
    let f = seni::Formula::load_texts(&src, &[], &[]).unwrap();
    eprintln!("load formula {:?}", t.elapsed());
    let t = Instant::now();
    let d = seni::District::from_csv_sources(&[("x", csv.as_bytes())], &f, &|n: &str| {
        n.ends_with("_count")
    })
    .unwrap();
    eprintln!("read {:?}", t.elapsed());
    let t = Instant::now();
    let c = seni::compute(&f, d.clone()).unwrap();
    eprintln!("compute {:?}", t.elapsed());
    let t = Instant::now();
    let a = seni::allocate(&c).unwrap();
    eprintln!("allocate {:?}", t.elapsed());
    let run = seni::Run::new(c, Some(a));
    let t = Instant::now();
    let req = serde_json::json!({"op":"open","bundled":"seni-lausd-open","data":[{"name":"x","text":csv}]});
    let _ = seni_web::answer(req.to_string().as_bytes());
    eprintln!("open {:?}", t.elapsed());
    let t = Instant::now();
    let req = serde_json::json!({"op":"run","changes":[{"key":"indicators.ela.weight","value":2,"control":"x"}]});
    let ans = seni_web::answer(req.to_string().as_bytes());
    eprintln!("run {:?} {} bytes", t.elapsed(), ans.len());
    let _ = run;
}
