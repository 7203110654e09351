//! A sweep as the user describes it — in a TOML config file, on the command line, or both (flags
//! override the file) — before defaults are filled in and panels expanded into [`SweepSpec`]s.
//!
//! The config format is the flags' vocabulary, and it also accepts the `spec` of any
//! `summary.json` (saved as TOML, e.g. the `spec.toml` each run writes), which repeats that run.

use crate::error::{Error, Result};
use crate::model::criterion::CriterionKind;
use crate::model::objective::ObjectiveKind;
use crate::model::optimizer::Optimizer;
use crate::model::schedule::Schedule;
use crate::spec::sweep::{Axis, ParamValue, Precision, SweepSpec};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One name or a list of names (a list makes panels).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Names {
    One(String),
    Many(Vec<String>),
}

impl Names {
    pub fn list(&self) -> Vec<String> {
        match self {
            Names::One(s) => s.split(',').map(|s| s.trim().to_string()).collect(),
            Names::Many(v) => v.clone(),
        }
    }
}

/// An axis as text (`lr=1e-4:1:log`) or as the table `summary.json` writes.
#[derive(Debug, Clone, PartialEq)]
pub enum AxisText {
    Text(String),
    Table(Axis),
}

impl<'de> Deserialize<'de> for AxisText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AxisText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "an axis: \"QUANTITY=LO:HI[:log]\" or a table with quantity, lo, hi, scale",
                )
            }
            fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<AxisText, E> {
                Ok(AxisText::Text(s.into()))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<AxisText, A::Error> {
                // Deserialized as `Axis` itself, so an unknown key in the table is named.
                Axis::deserialize(de::value::MapAccessDeserializer::new(map)).map(AxisText::Table)
            }
        }
        d.deserialize_any(V)
    }
}

/// A resolution as `N`, `"WxH"` or `[W, H]`.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    Square(u32),
    Pair([u32; 2]),
    Text(String),
}

impl<'de> Deserialize<'de> for Resolution {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Resolution;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a resolution: N, \"WxH\" or [W, H]")
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> std::result::Result<Resolution, E> {
                u32::try_from(n).map(Resolution::Square).map_err(|_| {
                    E::custom(format!(
                        "invalid resolution {n}: allowed 1 to {}",
                        crate::spec::sweep::MAX_SIDE
                    ))
                })
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> std::result::Result<Resolution, E> {
                self.visit_i64(n.min(i64::MAX as u64) as i64)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<Resolution, E> {
                Ok(Resolution::Text(s.into()))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                seq: A,
            ) -> std::result::Result<Resolution, A::Error> {
                let v = Vec::<u32>::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                match v[..] {
                    [w, h] => Ok(Resolution::Pair([w, h])),
                    _ => Err(de::Error::custom(format!(
                        "invalid resolution {v:?}: allowed [W, H]"
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl Resolution {
    pub fn size(&self) -> Result<[u32; 2]> {
        match self {
            Resolution::Square(n) => Ok([*n, *n]),
            Resolution::Pair(p) => Ok(*p),
            Resolution::Text(t) => {
                let bad = || {
                    Error::invalid(
                        "resolution (--res)",
                        t,
                        "N or WxH with whole numbers, e.g. 512 or 800x600",
                    )
                };
                let num = |s: &str| s.trim().parse::<u32>().map_err(|_| bad());
                match t.split_once(['x', 'X']) {
                    Some((w, h)) => Ok([num(w)?, num(h)?]),
                    None => {
                        let n = num(t)?;
                        Ok([n, n])
                    }
                }
            }
        }
    }
}

/// A formula objective's domain: `"X0:X1,Y0:Y1"` or `[[x0, x1], [y0, y1]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainText(pub [[f64; 2]; 2]);

impl DomainText {
    pub fn parse(text: &str) -> Result<DomainText> {
        let bad = || Error::invalid("domain (--domain)", text, "X0:X1,Y0:Y1, e.g. -5:5,-3:3");
        let (x, y) = text.split_once(',').ok_or_else(bad)?;
        let range = |r: &str| -> Result<[f64; 2]> {
            let (lo, hi) = r.split_once(':').ok_or_else(bad)?;
            let num = |v: &str| v.trim().parse::<f64>().map_err(|_| bad());
            Ok([num(lo)?, num(hi)?])
        };
        Ok(DomainText([range(x)?, range(y)?]))
    }
}

impl<'de> Deserialize<'de> for DomainText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DomainText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a domain: \"X0:X1,Y0:Y1\" or [[x0, x1], [y0, y1]]")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<DomainText, E> {
                DomainText::parse(s).map_err(E::custom)
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                seq: A,
            ) -> std::result::Result<DomainText, A::Error> {
                <[[f64; 2]; 2]>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(DomainText)
            }
        }
        d.deserialize_any(V)
    }
}

/// A formula objective's minima: `"X,Y;X,Y"` or `[[x, y], ...]`.
#[derive(Debug, Clone, PartialEq)]
pub struct MinimaText(pub Vec<[f64; 2]>);

impl MinimaText {
    pub fn parse(text: &str) -> Result<MinimaText> {
        let bad = || {
            Error::invalid(
                "minima (--minima)",
                text,
                "X,Y;X,Y... (one or more points), e.g. 1,1 or 3,2;-2.8,3.1",
            )
        };
        let points = text
            .split(';')
            .map(|p| {
                let (x, y) = p.split_once(',').ok_or_else(bad)?;
                let num = |v: &str| v.trim().parse::<f64>().map_err(|_| bad());
                Ok([num(x)?, num(y)?])
            })
            .collect::<Result<Vec<_>>>()?;
        if points.iter().flatten().any(|v| !v.is_finite()) {
            return Err(bad());
        }
        Ok(MinimaText(points))
    }
}

impl<'de> Deserialize<'de> for MinimaText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MinimaText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("minima: \"X,Y;X,Y\" or [[x, y], ...]")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<MinimaText, E> {
                MinimaText::parse(s).map_err(E::custom)
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                seq: A,
            ) -> std::result::Result<MinimaText, A::Error> {
                Vec::<[f64; 2]>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(MinimaText)
            }
        }
        d.deserialize_any(V)
    }
}

/// Every field a sweep can be given; all optional. Unknown keys in a config file are errors.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// A built-in objective's name, or a formula in x and y.
    #[serde(rename = "fn")]
    pub objective: Option<String>,
    /// A formula's domain (default [−5, 5]²) and, optionally, its minima.
    pub domain: Option<DomainText>,
    pub minima: Option<MinimaText>,
    pub opt: Option<Names>,
    pub quadratic: Option<[f64; 2]>,
    #[serde(default)]
    pub params: BTreeMap<String, ParamValue>,
    pub x: Option<AxisText>,
    pub y: Option<AxisText>,
    pub res: Option<Resolution>,
    pub start: Option<[f64; 2]>,
    pub steps: Option<u32>,
    pub tol: Option<f64>,
    pub criterion: Option<String>,
    pub early_stop: Option<bool>,
    pub bound: Option<f64>,
    pub precision: Option<String>,
    /// One schedule, or a list (one panel each).
    pub schedule: Option<Names>,
    pub seed: Option<u64>,
    /// A data objective's examples: generated (how many, label noise, seed) or from a CSV file.
    pub examples: Option<u32>,
    pub data_noise: Option<f64>,
    pub data_seed: Option<u64>,
    pub data: Option<PathBuf>,
    /// Measure the boundary dimension of `basin` or `status`.
    pub dimension: Option<String>,
    /// Score each instance's trainability.
    pub trainability: Option<bool>,
    pub backend: Option<String>,
    /// One GPU adapter by index or name (`optgrid devices`).
    pub adapter: Option<String>,
    /// Several GPU adapters sharing the map: `all` or a list.
    pub devices: Option<String>,
    pub out: Option<PathBuf>,
}

/// Reads a TOML config file into `T`. Errors are one line naming the file, the line and what is
/// wrong (an unknown key is named with the keys allowed).
pub fn read_config<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::resource(format!(
            "cannot read config (--config) '{}': {e}",
            path.display()
        ))
    })?;
    parse_config(&text, &path.display().to_string())
}

/// Parses the text of a TOML config named `name` (for messages) into `T`; errors as
/// [`read_config`]'s.
pub fn parse_config<T: serde::de::DeserializeOwned>(text: &str, name: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| format!(" (line {})", text[..s.start].matches('\n').count() + 1))
            .unwrap_or_default();
        let message = e.message().replace('\n', " ");
        Error::input(format!("config '{name}'{line}: {}", message.trim()))
    })
}

/// The objective and the optimizers a request names, or an error saying which is missing and
/// what could be given.
pub fn objective_and_optimizers(
    objective: Option<&str>,
    domain: Option<&DomainText>,
    minima: Option<&MinimaText>,
    opt: Option<&Names>,
) -> Result<(ObjectiveKind, Vec<Optimizer>)> {
    let objective = objective.ok_or_else(|| {
        Error::input(format!(
            "no objective: give --fn NAME (or fn = \"NAME\" in the config), one of {}",
            ObjectiveKind::names()
        ))
    })?;
    let opt = opt.ok_or_else(|| {
        Error::input(format!(
            "no optimizer: give --opt NAME (or opt = \"NAME\" in the config), among {}",
            Optimizer::names()
        ))
    })?;
    let optimizers = opt
        .list()
        .iter()
        .map(|o| Optimizer::from_name(o))
        .collect::<Result<Vec<_>>>()?;
    if optimizers.is_empty() {
        return Err(Error::input(format!(
            "no optimizer: opt is an empty list; name at least one, among {}",
            Optimizer::names()
        )));
    }
    let objective = ObjectiveKind::resolve(
        objective,
        domain.map(|d| d.0),
        minima.map(|m| m.0.as_slice()),
    )?;
    Ok((objective, optimizers))
}

/// One map to run: its spec and, for a panel, its label (`lr=0.01`, `opt=adam`).
#[derive(Debug, Clone)]
pub struct Panel {
    pub label: Option<String>,
    pub spec: SweepSpec,
}

impl Request {
    /// Reads a TOML config file. Errors name the file, the line and the offending key.
    pub fn from_file(path: &Path) -> Result<Request> {
        read_config(path)
    }

    /// This request with every field `over` sets taken from `over` (flags over a file).
    pub fn overridden_by(mut self, over: Request) -> Request {
        crate::spec::take_given!(self, over;
            objective, domain, minima, opt, quadratic, x, y, res, start, steps, tol, criterion, early_stop, bound,
            precision, schedule, seed, examples, data_noise, data_seed, data, dimension, trainability, backend, adapter, devices, out
        );
        self.params.extend(over.params);
        self
    }

    /// The default output directory: `out/<fn>-<opt>` (panels: the optimizers, or the panel
    /// quantity, joined on).
    pub fn default_out(&self, panels: &[Panel]) -> PathBuf {
        let first = &panels[0].spec;
        let mut name = format!("{}-{}", first.objective.slug(), first.optimizer.name());
        if panels.len() > 1 {
            let opts: Vec<&str> = panels.iter().map(|p| p.spec.optimizer.name()).collect();
            name = if opts.windows(2).any(|w| w[0] != w[1]) {
                format!("{}-{}", first.objective.slug(), opts.join("-"))
            } else {
                let q = panels[0]
                    .label
                    .as_deref()
                    .and_then(|l| l.split('=').next())
                    .unwrap_or("panels");
                format!("{name}-{q}")
            };
        }
        PathBuf::from("out").join(name)
    }

    /// Fills the defaults and expands panels: one spec per value of the (single) quantity that
    /// takes a list of values, or a single unlabelled spec.
    pub fn panels(&self) -> Result<Vec<Panel>> {
        let (objective, optimizers) = objective_and_optimizers(
            self.objective.as_deref(),
            self.domain.as_ref(),
            self.minima.as_ref(),
            self.opt.as_ref(),
        )?;
        let listed: Vec<&String> = self
            .params
            .iter()
            .filter(|(_, v)| matches!(v, ParamValue::Panels(vs) if vs.len() > 1))
            .map(|(k, _)| k)
            .collect();
        let schedules = match &self.schedule {
            None => vec![Schedule::Constant],
            Some(names) => names
                .list()
                .iter()
                .map(|s| Schedule::from_name(s))
                .collect::<Result<Vec<_>>>()?,
        };
        if schedules.is_empty() {
            return Err(Error::invalid(
                "schedule (--schedule)",
                "an empty list",
                format!("one or more of {}", Schedule::names()),
            ));
        }
        let panel_quantities =
            listed.len() + usize::from(optimizers.len() > 1) + usize::from(schedules.len() > 1);
        if panel_quantities > 1 {
            let mut names: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
            if schedules.len() > 1 {
                names.insert(0, "schedule".into());
            }
            if optimizers.len() > 1 {
                names.insert(0, "opt".into());
            }
            return Err(Error::input(format!(
                "only one quantity may take a list of values (one panel per value); got lists for {}",
                names.join(" and ")
            )));
        }
        let mut base = self.base_spec(objective, optimizers[0])?;
        base.schedule = schedules[0];
        for q in &listed {
            if base.x.quantity == **q || base.y.quantity == **q {
                return Err(Error::input(format!(
                    "{q} is an image axis and also given a list of values: a quantity is either an axis or a panel list"
                )));
            }
        }
        if optimizers.len() > 1 {
            return optimizers
                .iter()
                .map(|&o| {
                    let mut spec = self.base_spec(objective, o)?;
                    spec.optimizer = o;
                    spec.schedule = schedules[0];
                    Ok(Panel {
                        label: Some(format!("opt={}", o.name())),
                        spec,
                    })
                })
                .collect();
        }
        if schedules.len() > 1 {
            return Ok(schedules
                .iter()
                .map(|&s| {
                    let mut spec = base.clone();
                    spec.schedule = s;
                    // A parameter of another listed schedule is that panel's, not this one's.
                    let own = s.params(spec.steps);
                    spec.params.retain(|name, _| {
                        own.iter().any(|p| p.name == name)
                            || !schedules
                                .iter()
                                .any(|o| o.params(spec.steps).iter().any(|p| p.name == name))
                    });
                    Panel {
                        label: Some(format!("schedule={}", s.name())),
                        spec,
                    }
                })
                .collect());
        }
        if let Some(q) = listed.first() {
            return self.params[*q]
                .values()
                .into_iter()
                .map(|v| {
                    let mut spec = base.clone();
                    spec.params.insert(q.to_string(), ParamValue::Number(v));
                    Ok(Panel {
                        label: Some(format!("{q}={v}")),
                        spec,
                    })
                })
                .collect();
        }
        Ok(vec![Panel {
            label: None,
            spec: base,
        }])
    }

    /// The spec with every default filled in (panel lists left as they are).
    fn base_spec(&self, objective: ObjectiveKind, optimizer: Optimizer) -> Result<SweepSpec> {
        let mut spec = SweepSpec::new(objective, optimizer);
        spec.params = self.params.clone();
        let axis = |a: &Option<AxisText>, field: &str| -> Result<Option<Axis>> {
            match a {
                None => Ok(None),
                Some(AxisText::Table(t)) => Ok(Some(t.clone())),
                Some(AxisText::Text(t)) => Axis::parse(field, t, objective).map(Some),
            }
        };
        let x = axis(&self.x, "x axis (--x)")?;
        let y = axis(&self.y, "y axis (--y)")?;
        // An axis not given sweeps the start coordinate the other axis leaves free.
        let free = |other: &Option<Axis>, first: &str, second: &str| {
            let taken = other.as_ref().map(|a| a.quantity.as_str());
            Axis::domain(if taken == Some(first) { second } else { first }, objective)
        };
        spec.x = x.clone().unwrap_or_else(|| free(&y, "x0", "y0"));
        spec.y = y.unwrap_or_else(|| free(&x, "y0", "x0"));
        if let Some(s) = self.start {
            spec.start = s;
        }
        if self.quadratic.is_some() {
            spec.quadratic = self.quadratic;
        }
        if let Some(r) = &self.res {
            spec.res = r.size()?;
        }
        if let Some(s) = self.steps {
            spec.steps = s;
        }
        if let Some(t) = self.tol {
            spec.tol = t;
        }
        if let Some(c) = &self.criterion {
            spec.criterion = CriterionKind::from_name(c)?;
        }
        if let Some(e) = self.early_stop {
            spec.early_stop = e;
        }
        if let Some(b) = self.bound {
            spec.bound = b;
        }
        if let Some(p) = &self.precision {
            spec.precision = match p.as_str() {
                "auto" => crate::spec::sweep::precision_for([&spec.x, &spec.y], spec.res)
                    .ok_or_else(|| {
                        Error::input(format!(
                            "precision auto: neighbouring pixels of {} × {} at {}×{} are closer than even f64 resolves (16 units in the last place); widen the axes or lower --res",
                            spec.x.quantity, spec.y.quantity, spec.res[0], spec.res[1]
                        ))
                    })?,
                _ => Precision::from_name(p).map_err(|_| {
                    Error::invalid("precision (--precision)", p, "f32, f64 or auto")
                })?,
            };
        }
        if let Some(s) = self.seed {
            spec.seed = s;
        }
        spec.examples = self.examples;
        spec.data_noise = self.data_noise;
        spec.data_seed = self.data_seed;
        spec.data = self.data.clone();
        if let Some(d) = &self.dimension {
            spec.dimension = Some(crate::spec::sweep::LabelMap::from_name(d)?);
        }
        if let Some(t) = self.trainability {
            spec.trainability = t;
        }
        if spec.dimension == Some(crate::spec::sweep::LabelMap::Trainability) {
            spec.trainability = true;
        }
        Ok(spec)
    }
}
