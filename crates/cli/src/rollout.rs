//! `chibo rollout …`: add and list the waves of a meeting model's
//! rollout, read adoption by month (measured from the meetings) and
//! estimate the waves' effect against the cells not yet in a wave. The
//! command line acts as an administrator of the unit named. Every figure
//! printed names its method.

use chibo_core::access::{Actor, EditUnits, ReadAggregates, unit_access};
use chibo_core::audit::AuditContext;
use chibo_core::operator::Operator;
use chibo_core::rollout::{EffectsOptions, OUTCOMES, add_wave, adoption, effects, waves_reaching};
use chibo_core::{Clock, CoreError, Db, Problem};
use chibo_domain::access::Role;
use chibo_domain::rollout::Wave;
use chibo_domain::{Message, UnitCode};
use chibo_store::{GrantRecord, OpenMode, Store};

use crate::args::{Cli, RolloutCommand, WaveCommand};
use crate::output::{CliError, Output};

fn operator_actor(unit: &UnitCode) -> Actor {
    Operator::command_line().act_as(
        0,
        "cli",
        vec![GrantRecord {
            id: 0,
            account_id: 0,
            role: Role::Administrator,
            unit: unit.clone(),
            unit_name: String::new(),
        }],
    )
}

fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        "—".to_owned()
    } else {
        format!("{:.1}", 100.0 * part as f64 / whole as f64)
    }
}

pub async fn run(
    cli: &Cli,
    command: &RolloutCommand,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
    let db = Db::from(&store);
    let today = clock.today();
    match command {
        RolloutCommand::Wave(WaveCommand::Add {
            owner,
            name,
            model,
            start,
            units,
        }) => {
            let access =
                unit_access::<EditUnits>(&db, &operator_actor(owner), owner, today).await?;
            let wave = Wave {
                name: name.clone(),
                owner: owner.clone(),
                model_version: model.clone(),
                start: *start,
                units: units.clone(),
            };
            let id = add_wave(
                &db,
                clock,
                &access,
                &AuditContext::command_line(),
                wave,
                false,
            )
            .await?;
            out.say(&Message::new("cli-rollout-wave-added").arg("id", id));
        }
        RolloutCommand::Wave(WaveCommand::List { unit }) => {
            let access =
                unit_access::<ReadAggregates>(&db, &operator_actor(unit), unit, today).await?;
            let waves = waves_reaching(&db, &access, today).await?;
            if out.json {
                let rows: Vec<_> = waves
                    .iter()
                    .map(|w| {
                        serde_json::json!({
                            "id": w.id,
                            "owner": w.owner.as_str(),
                            "name": w.name,
                            "model": w.model_version,
                            "start": w.starts_on,
                            "units": w.units.iter().map(UnitCode::as_str).collect::<Vec<_>>(),
                            "cells": w.cells.iter().map(UnitCode::as_str).collect::<Vec<_>>(),
                            "all_cells": w.all_cells,
                        })
                    })
                    .collect();
                out.print_json(&rows);
            } else {
                for w in &waves {
                    println!(
                        "{}\t{}\t{}\t{}\t{}/{}\t{}",
                        w.id,
                        w.starts_on,
                        w.model_version,
                        w.owner,
                        w.cells.len(),
                        w.all_cells,
                        w.name
                    );
                }
            }
        }
        RolloutCommand::Adoption { unit, from, to } => {
            let access =
                unit_access::<ReadAggregates>(&db, &operator_actor(unit), unit, today).await?;
            let report = adoption(&db, &access, *from, *to).await?;
            if out.json {
                let months = |rows: &[chibo_core::rollout::MonthAdoption]| {
                    rows.iter()
                        .map(|m| {
                            serde_json::json!({
                                "month": m.month.format("%Y-%m").to_string(),
                                "cells": m.cells,
                                "targeted": m.targeted,
                                "adopted": m.adopted,
                            })
                        })
                        .collect::<Vec<_>>()
                };
                out.print_json(&serde_json::json!({
                    "unit": report.unit.as_str(),
                    "months": months(&report.months),
                    "committees": report.committees.iter().map(|c| serde_json::json!({
                        "unit": c.unit.as_str(),
                        "name": c.name,
                        "months": months(&c.months),
                    })).collect::<Vec<_>>(),
                    "fidelity": report.fidelity.iter().map(|f| serde_json::json!({
                        "model": f.model_version,
                        "meetings": f.meetings,
                        "following": f.following,
                        "mean_share": f.mean_share,
                    })).collect::<Vec<_>>(),
                }));
                return Ok(());
            }
            out.say(&Message::new("rollout-rule"));
            let rows = std::iter::once((&report.unit, "", &report.months)).chain(
                report
                    .committees
                    .iter()
                    .map(|c| (&c.unit, c.name.as_str(), &c.months)),
            );
            for (code, name, months) in rows {
                for m in months {
                    println!(
                        "{code}\t{}\t{}/{}\t{}%\t{}\t{name}",
                        m.month.format("%m/%Y"),
                        m.adopted,
                        m.targeted,
                        share(m.adopted, m.targeted),
                        m.cells,
                    );
                }
            }
            for f in &report.fidelity {
                out.say(
                    &Message::new("rollout-fidelity-line")
                        .arg("model", &f.model_version)
                        .arg("meetings", f.meetings)
                        .arg("following", f.following)
                        .arg(
                            "share",
                            f.mean_share
                                .map(|s| format!("{:.1}", 100.0 * s))
                                .unwrap_or_else(|| "—".to_owned()),
                        ),
                );
            }
        }
        RolloutCommand::Effects {
            unit,
            from,
            to,
            outcome,
            resamples,
            seed,
        } => {
            let index = OUTCOMES.iter().position(|o| o == outcome).ok_or_else(|| {
                CliError::Core(CoreError::invalid(Problem::in_field(
                    "outcome",
                    Message::new("rollout-outcome-unknown").arg("outcome", outcome),
                )))
            })?;
            let access =
                unit_access::<ReadAggregates>(&db, &operator_actor(unit), unit, today).await?;
            let mut options = EffectsOptions::new(*from, *to);
            options.outcome = index;
            options.resamples = *resamples;
            options.seed = *seed;
            let report = effects(&db, &access, options).await?;
            out.say(
                &Message::new("rollout-effects-head")
                    .arg("outcome", report.outcome)
                    .arg("cells", report.cells)
                    .arg("treated", report.treated)
                    .arg("resamples", options.resamples)
                    .arg("seed", options.seed),
            );
            let estimate = report.estimate.map_err(CoreError::refused)?;
            if out.json {
                out.print_json(&serde_json::json!({
                    "estimator": report.estimator,
                    "outcome": report.outcome,
                    "overall": estimate.overall,
                    "event_time": estimate.event_time.iter().map(|e| serde_json::json!({
                        "event": e.event,
                        "att": e.att,
                        "groups": e.groups,
                        "cells": e.units,
                        "se": e.spread.as_ref().map(|s| s.se),
                        "ci": e.spread.as_ref().map(|s| [s.ci.0, s.ci.1]),
                    })).collect::<Vec<_>>(),
                }));
                return Ok(());
            }
            for e in &estimate.event_time {
                let (se, lo, hi) = e
                    .spread
                    .as_ref()
                    .map(|s| {
                        (
                            format!("{:.3}", s.se),
                            format!("{:.3}", s.ci.0),
                            format!("{:.3}", s.ci.1),
                        )
                    })
                    .unwrap_or_else(|| ("—".into(), "—".into(), "—".into()));
                println!("{}\t{:.3}\t{se}\t[{lo}; {hi}]\t{}", e.event, e.att, e.units);
            }
            if let Some(overall) = estimate.overall {
                out.say(
                    &Message::new("rollout-effects-overall").arg("att", format!("{overall:.3}")),
                );
            }
        }
    }
    Ok(())
}
