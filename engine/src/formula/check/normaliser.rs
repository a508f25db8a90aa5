//! Normalisers, quantile cut rules and transforms.

use super::checker::{Checker, at, named};
use crate::formula::spec::{NormaliserSpec, TransformSpec};
use crate::normalise::{Form, Method, Normaliser, Ties, Transform, Zeros};
use crate::num::CutRule;

impl Checker<'_> {
    pub(super) fn normaliser(&mut self, n: &NormaliserSpec, path: &[&str]) -> Option<Normaliser> {
        let names = named::<Method>();
        let method = self.pick_opt(&at(path, "method"), "value", Some(&n.method), "", &names)?;
        let scale = n.scale.unwrap_or(1.0);
        if !(scale.is_finite() && scale > 0.0) {
            self.err(
                &at(path, "scale"),
                format!("scale must be positive, got {scale}"),
                "e.g. scale = 100",
            );
        }
        Some(match method {
            Method::None => Normaliser::None,
            Method::Percentile => self.percentile(n, path, scale),
            Method::ZScore => {
                let options = [("population", false), ("sample", true)];
                let sample =
                    self.pick(&at(path, "sd"), "sd", n.sd.as_deref(), "population", &options);
                Normaliser::ZScore { sample }
            }
            Method::MinMax => Normaliser::MinMax { scale },
            Method::Goalposts => self.goalposts(n, path, scale)?,
            Method::Max => Normaliser::Max { scale },
            Method::Rank => Normaliser::Rank { ties: self.ties(n, path) },
            Method::Quantile => {
                let k = n.k.unwrap_or(5);
                if k < 2 {
                    self.err(
                        path,
                        format!("quantile needs k ≥ 2, got {k}"),
                        "e.g. k = 5 for quintiles",
                    );
                    return None;
                }
                Normaliser::Quantile { k, rule: self.cut_rule(n.cuts.as_deref(), path)? }
            }
            Method::Points => self.points(n, path)?,
        })
    }

    fn ties(&mut self, n: &NormaliserSpec, path: &[&str]) -> Ties {
        self.pick(&at(path, "ties"), "tie rule", n.ties.as_deref(), "min", &named::<Ties>())
    }

    fn percentile(&mut self, n: &NormaliserSpec, path: &[&str], scale: f64) -> Normaliser {
        let ties = self.ties(n, path);
        let form = self
            .pick_opt(
                &at(path, "form"),
                "percentile form",
                n.form.as_deref(),
                "(rank-1)/(n-1)",
                &named::<Form>(),
            )
            .unwrap_or(Form::RankOverN);
        let zero_rules = [("rank", Zeros::Rank), ("exclude", Zeros::Exclude)];
        let zeros =
            self.pick(&at(path, "zeros"), "zero rule", n.zeros.as_deref(), "rank", &zero_rules);
        Normaliser::Percentile { ties, form, zeros, scale }
    }

    fn goalposts(&mut self, n: &NormaliserSpec, path: &[&str], scale: f64) -> Option<Normaliser> {
        let (Some(lo), Some(hi)) = (n.min, n.max) else {
            self.err(path, "goalposts need min and max", "e.g. min = 0, max = 100");
            return None;
        };
        if !(lo.is_finite() && hi.is_finite()) || lo == hi {
            self.err(path, "goalposts need two different finite values", "e.g. min = 0, max = 100");
            return None;
        }
        Some(Normaliser::Goalposts { min: lo, max: hi, scale })
    }

    fn points(&mut self, n: &NormaliserSpec, path: &[&str]) -> Option<Normaliser> {
        let (Some(cut), Some(pts)) = (&n.cutoffs, &n.points) else {
            let fix = "e.g. cutoffs = [90, 70, 40, 10], points = [5, 4, 3, 2, 1]";
            self.err(path, "points need cutoffs and points", fix);
            return None;
        };
        if pts.len() != cut.len() + 1 {
            let message =
                format!("{} cutoffs need {} points, got {}", cut.len(), cut.len() + 1, pts.len());
            let fix = "give one more point value than cutoffs (the last is for values below every cutoff)";
            self.err(path, message, fix);
            return None;
        }
        let decreasing = cut.windows(2).all(|w| w[0] > w[1]);
        let increasing = cut.windows(2).all(|w| w[0] < w[1]);
        if !(decreasing || increasing) || cut.iter().any(|c| !c.is_finite()) {
            let fix = "list them highest first (direction higher), e.g. cutoffs = [90, 70, 40, 10]";
            self.err(path, "cutoffs must be finite and strictly monotone", fix);
            return None;
        }
        Some(Normaliser::Points { cutoffs: cut.clone(), points: pts.clone() })
    }

    /// A quantile cut rule (`cuts` under `path`).
    pub(super) fn cut_rule(&mut self, cuts: Option<&str>, path: &[&str]) -> Option<CutRule> {
        self.pick_opt(&at(path, "cuts"), "cut rule", cuts, "percentile_inc", &named::<CutRule>())
    }

    pub(super) fn transform(&mut self, id: &str, t: &TransformSpec) -> Option<Transform> {
        let path = ["indicators", id, "transform"];
        let kinds = [
            ("log", TransformKind::Log),
            ("winsorise", TransformKind::Winsorise),
            ("cap", TransformKind::Cap),
        ];
        let kind = if t.kind == "winsorize" { "winsorise" } else { t.kind.as_str() };
        match self.pick_opt(&at(&path, "kind"), "transform", Some(kind), "", &kinds)? {
            TransformKind::Log => Some(Transform::Log { offset: t.offset.unwrap_or(0.0) }),
            TransformKind::Winsorise => {
                let (lo, hi) = (t.lower.unwrap_or(0.0), t.upper.unwrap_or(1.0));
                if !(0.0..=1.0).contains(&lo) || !(0.0..=1.0).contains(&hi) || lo >= hi {
                    let message =
                        format!("winsorise needs 0 ≤ lower < upper ≤ 1, got {lo} and {hi}");
                    self.err(&path, message, "e.g. lower = 0.05, upper = 0.95");
                    return None;
                }
                Some(Transform::Winsorise { lower: lo, upper: hi })
            }
            TransformKind::Cap => {
                let (lo, hi) = (t.min.unwrap_or(f64::NEG_INFINITY), t.max.unwrap_or(f64::INFINITY));
                if lo >= hi || (t.min.is_none() && t.max.is_none()) {
                    self.err(&path, "cap needs min < max (at least one of them)", "e.g. max = 100");
                    return None;
                }
                Some(Transform::Cap { min: lo, max: hi })
            }
        }
    }
}

/// The kinds of transform.
#[derive(Debug, Clone, Copy)]
enum TransformKind {
    Log,
    Winsorise,
    Cap,
}
