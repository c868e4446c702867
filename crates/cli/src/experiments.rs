//! `chibo experiment …`: design a pilot of a meeting model, propose its
//! comparison cells, see its power, start it, record deviations, export
//! its dataset and evaluate it (from the database or from an exported
//! file). The command line acts as an administrator of the committee that
//! owns the experiment. Every figure printed names its method.

use std::collections::BTreeSet;

use chibo_core::access::{
    Actor, EditUnits, Permission, ReadAggregates, ReadDatasets, ReadPeople, unit_access,
};
use chibo_core::audit::AuditContext;
use chibo_core::experiments::dataset::ExperimentDataset;
use chibo_core::experiments::evaluate::{Evaluation, EvaluationOptions, Figure, evaluate};
use chibo_core::experiments::outcomes::BASELINE_INDICATORS;
use chibo_core::experiments::power::{OutcomePower, PLAUSIBLE_EFFECT};
use chibo_core::experiments::{
    ExperimentAccess, LessonBook, add_lesson, create_experiment, design_power, draft_next_model,
    end_experiment, experiment_access, experiment_dataset, experiment_deviations, experiments_of,
    fidelity, lessons_with_authors, propose_comparison, revise_experiment, start_experiment,
};
use chibo_core::operator::Operator;
use chibo_core::{Clock, CoreError, Db, Problem};
use chibo_domain::access::Role;
use chibo_domain::experiment::{
    BalanceRow, ComparisonCell, Design, Lesson, ModelDraft, Outcome, ProposedChange, Window,
};
use chibo_domain::{Message, UnitCode};
use chibo_store::{GrantRecord, OpenMode, Store};

use crate::args::{Cli, ExperimentCommand, LessonCommand};
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

fn invalid(field: &str, message: Message) -> CliError {
    CliError::Core(CoreError::invalid(Problem::in_field(field, message)))
}

/// The experiment, reached as an administrator of its owner.
pub(crate) async fn access<P: Permission>(
    store: &Store,
    id: i64,
    today: chibo_domain::NaiveDate,
) -> Result<ExperimentAccess<P>, CliError> {
    let db = Db::from(store);
    let owner = store
        .experiment(id)
        .await
        .map_err(CoreError::from)?
        .map(|e| e.owner)
        .ok_or_else(|| CliError::Core(chibo_core::access::denied()))?;
    Ok(experiment_access::<P>(&db, &operator_actor(&owner), id, today).await?)
}

fn outcomes(raw: &[String]) -> Result<Vec<Outcome>, CliError> {
    raw.iter()
        .map(|o| {
            Outcome::parse(o).ok_or_else(|| {
                invalid(
                    "outcomes",
                    Message::new("cli-experiment-outcome").arg("value", o),
                )
            })
        })
        .collect()
}

/// `CELL=PILOT` or `CELL=PILOT:reason`.
fn pair(raw: &str, field: &str) -> Result<(UnitCode, UnitCode, String), CliError> {
    let bad = || invalid(field, Message::new("cli-experiment-pair").arg("value", raw));
    let (cell, rest) = raw.split_once('=').ok_or_else(bad)?;
    let (other, reason) = rest.split_once(':').unwrap_or((rest, ""));
    let cell = UnitCode::parse(cell.trim()).map_err(|_| bad())?;
    let other = UnitCode::parse(other.trim()).map_err(|_| bad())?;
    Ok((cell, other, reason.trim().to_owned()))
}

fn number(value: f64) -> String {
    format!("{value:.3}")
}

fn method(out: &Output, code: &str) -> String {
    out.render(&Message::new("experiment-method").arg("code", code))
}

fn print_figure<T>(out: &Output, figure: &Figure<T>, line: impl Fn(&T) -> Message) {
    let name = method(out, figure.method.code());
    match &figure.value {
        Ok(value) => out.say(&line(value).arg("method", &name)),
        Err(reason) => out.say(
            &Message::new("experiment-eval-failed")
                .arg("method", &name)
                .arg("reason", out.render(reason)),
        ),
    }
}

fn print_balance(out: &Output, rows: &[BalanceRow]) {
    out.say(&Message::new("experiment-balance-head"));
    let opt = |v: Option<f64>| v.map(number).unwrap_or_else(|| "—".to_owned());
    for row in rows {
        out.say(
            &Message::new("experiment-balance-row")
                .arg("indicator", BASELINE_INDICATORS[row.indicator])
                .arg("pilot", opt(row.pilot_mean))
                .arg("comparison", opt(row.comparison_mean))
                .arg("smd", opt(row.standardized_difference)),
        );
    }
}

fn print_power(out: &Output, power: &OutcomePower) {
    out.say(&Message::new("experiment-eval-outcome").arg("outcome", power.outcome.code()));
    let Some(c) = power.components else {
        out.say(&Message::new("experiment-power-no-baseline"));
        return;
    };
    out.say(
        &Message::new("experiment-power-components")
            .arg("cells", c.cells)
            .arg("meetings", c.meetings)
            .arg("icc", number(c.icc()))
            .arg("sd", number(c.total().sqrt())),
    );
    for size in &power.sizes {
        let show = |r: &Result<chibo_core::experiments::power::Mde, Message>| match r {
            Ok(m) => format!("{} ({} SD)", number(m.raw), number(m.in_sd)),
            Err(reason) => out.render(reason),
        };
        out.say(
            &Message::new("experiment-power-size")
                .arg("pilot", size.pilot_cells)
                .arg("comparison", size.comparison_cells)
                .arg("within", show(&size.within))
                .arg("did", show(&size.did)),
        );
    }
    if !power.detects_plausible {
        let needed = power
            .pilot_cells_needed
            .map(|n| n.to_string())
            .unwrap_or_else(|| "?".to_owned());
        out.say(
            &Message::new("experiment-power-cannot-detect")
                .arg("effect", PLAUSIBLE_EFFECT)
                .arg("needed", needed),
        );
    }
}

fn print_evaluation(out: &Output, evaluation: &Evaluation, mdes: &[OutcomePower]) {
    let level = format!("{}", evaluation.options.level * 100.0);
    for found in &evaluation.outcomes {
        out.say(&Message::new("experiment-eval-outcome").arg("outcome", found.outcome.code()));
        let w = &found.within;
        out.say(
            &Message::new("experiment-eval-within-head")
                .arg("cells", w.cells)
                .arg("before", w.before_mean.map(number).unwrap_or_default())
                .arg("during", w.during_mean.map(number).unwrap_or_default()),
        );
        print_figure(out, &w.paired_t, |t| {
            Message::new("experiment-eval-t")
                .arg("estimate", number(t.estimate))
                .arg("level", &level)
                .arg("lo", number(t.ci.0))
                .arg("hi", number(t.ci.1))
                .arg("df", t.test.df.map(number).unwrap_or_default())
                .arg("t", number(t.test.statistic))
                .arg("p", number(t.test.p_value))
        });
        print_figure(out, &w.wilcoxon, |r| {
            Message::new("experiment-eval-wilcoxon")
                .arg("w", number(r.statistic))
                .arg("p", number(r.p_value))
        });
        print_figure(out, &w.dz, |e| {
            Message::new("experiment-eval-effect")
                .arg("estimate", number(e.estimate))
                .arg("lo", number(e.ci.0))
                .arg("hi", number(e.ci.1))
        });
        print_figure(out, &w.rank_biserial, |r| {
            Message::new("experiment-eval-value").arg("value", number(*r))
        });
        let did = &found.did;
        out.say(
            &Message::new("experiment-eval-did-head")
                .arg("meetings", did.meetings)
                .arg("pilot", did.pilot_cells)
                .arg("comparison", did.comparison_cells),
        );
        for figure in [&did.cr2, &did.cr1] {
            print_figure(out, figure, |c| {
                Message::new("experiment-eval-did")
                    .arg("estimate", number(c.estimate))
                    .arg("se", number(c.se))
                    .arg("level", &level)
                    .arg("lo", number(c.ci.0))
                    .arg("hi", number(c.ci.1))
                    .arg("df", number(c.df))
                    .arg("p", number(c.p_value))
            });
        }
        print_figure(out, &did.standardized, |(d, (lo, hi))| {
            Message::new("experiment-eval-effect")
                .arg("estimate", number(*d))
                .arg("lo", number(*lo))
                .arg("hi", number(*hi))
        });
        print_figure(out, &did.wild, |w| {
            Message::new("experiment-eval-wild")
                .arg("p", number(w.p_value))
                .arg("resamples", w.resamples)
        });
        match mdes.iter().find(|m| m.outcome == found.outcome) {
            Some(power) => match power.sizes.first().map(|s| &s.did) {
                Some(Ok(mde)) => out.say(
                    &Message::new("experiment-eval-mde")
                        .arg("raw", number(mde.raw))
                        .arg("sd", number(mde.in_sd)),
                ),
                Some(Err(reason)) => out.say(
                    &Message::new("experiment-eval-mde-missing").arg("reason", out.render(reason)),
                ),
                None => out.say(&Message::new("experiment-power-no-baseline")),
            },
            None => out.say(&Message::new("experiment-eval-mde-file")),
        }
    }
    print_figure(out, &evaluation.raters, |icc| {
        Message::new("experiment-eval-icc")
            .arg("icc", number(icc.icc))
            .arg("lo", number(icc.ci95.0))
            .arg("hi", number(icc.ci95.1))
            .arg("meetings", evaluation.rated_meetings)
    });
    if evaluation.few_clusters {
        out.say(&Message::new("experiment-eval-few-clusters").arg("clusters", evaluation.clusters));
    }
}

fn options(resamples: usize, seed: u64) -> EvaluationOptions {
    EvaluationOptions {
        resamples,
        seed,
        ..EvaluationOptions::default()
    }
}

pub async fn run(
    cli: &Cli,
    command: &ExperimentCommand,
    out: &Output,
    clock: &dyn Clock,
) -> Result<(), CliError> {
    // A dataset file is evaluated without a database.
    if let ExperimentCommand::Evaluate {
        input: Some(path),
        resamples,
        seed,
        ..
    } = command
    {
        let text = std::fs::read_to_string(path).map_err(|source| {
            CliError::Core(CoreError::Io {
                path: path.display().to_string(),
                source,
            })
        })?;
        let dataset = ExperimentDataset::from_csv(&text)?;
        let evaluation = evaluate(&dataset, &options(*resamples, *seed));
        print_evaluation(out, &evaluation, &[]);
        return Ok(());
    }
    let store = Store::open(&cli.database_url, OpenMode::MustExist).await?;
    let db = Db::from(&store);
    let author = AuditContext::command_line();
    let today = clock.today();
    match command {
        ExperimentCommand::Create {
            owner,
            name,
            model,
            rubric,
            pilot,
            comparison,
            baseline_from,
            baseline_to,
            intervention_from,
            meetings,
            observers,
            outcomes: named,
        } => {
            let comparison = comparison
                .iter()
                .map(|raw| {
                    pair(raw, "comparison").map(|(cell, matched_to, reason)| ComparisonCell {
                        cell,
                        matched_to,
                        reason,
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let design = Design {
                name: name.clone(),
                owner: owner.clone(),
                model_version: model.clone(),
                rubric_version: rubric.clone(),
                pilot: pilot.clone(),
                comparison,
                baseline: Window {
                    from: *baseline_from,
                    to: *baseline_to,
                },
                intervention_from: *intervention_from,
                intervention_meetings: *meetings,
                observers_per_meeting: *observers,
                outcomes: outcomes(named)?,
                matching_seed: None,
                surveys: None,
            };
            let access =
                unit_access::<EditUnits>(&db, &operator_actor(owner), owner, today).await?;
            let id = create_experiment(&db, clock, &access, &author, &design, false).await?;
            out.say(&Message::new("cli-experiment-created").arg("id", id));
        }
        ExperimentCommand::List { unit } => {
            let access =
                unit_access::<ReadAggregates>(&db, &operator_actor(unit), unit, today).await?;
            let list = experiments_of(&db, &access).await?;
            if out.json {
                let rows: Vec<_> = list
                    .iter()
                    .map(|e| {
                        serde_json::json!({
                            "id": e.id,
                            "name": e.design.name,
                            "status": e.status.code(),
                            "pilot": e.design.pilot.len(),
                            "comparison": e.design.comparison.len(),
                            "started_on": e.started_on,
                        })
                    })
                    .collect();
                out.print_json(&rows);
            } else {
                for e in &list {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        e.id,
                        e.status.code(),
                        e.design.pilot.len(),
                        e.design.comparison.len(),
                        e.design.name
                    );
                }
            }
        }
        ExperimentCommand::Show { id } => {
            let access = access::<ReadAggregates>(&store, *id, today).await?;
            let deviations = experiment_deviations(&db, &access).await?;
            let experiment = access.experiment();
            out.print_json(&serde_json::json!({
                "id": experiment.id,
                "status": experiment.status.code(),
                "started_on": experiment.started_on,
                "ended_on": experiment.ended_on,
                "design": experiment.design,
                "deviations": deviations.iter().map(|d| serde_json::json!({
                    "recorded_on": d.recorded_on,
                    "field": d.field,
                    "reason": d.reason,
                    "before": d.before,
                    "after": d.after,
                })).collect::<Vec<_>>(),
            }));
        }
        ExperimentCommand::ProposeComparison {
            id,
            seed,
            exclude,
            apply,
        } => {
            let read = access::<ReadAggregates>(&store, *id, today).await?;
            let excluded: BTreeSet<UnitCode> = exclude.iter().cloned().collect();
            let proposal = propose_comparison(&db, &read, *seed, &excluded).await?;
            out.say(
                &Message::new("experiment-proposal-head")
                    .arg("seed", proposal.seed)
                    .arg("candidates", proposal.candidates),
            );
            for pair in &proposal.pairs {
                out.say(
                    &Message::new("experiment-proposal-pair")
                        .arg("pilot", &pair.pilot)
                        .arg(
                            "comparison",
                            pair.comparison
                                .as_ref()
                                .map_or_else(|| "—".to_owned(), ToString::to_string),
                        )
                        .arg("distance", pair.distance.map(number).unwrap_or_default()),
                );
            }
            print_balance(out, &proposal.balance);
            if *apply {
                let edit = access::<EditUnits>(&store, *id, today).await?;
                let design = proposal.applied_to(&edit.experiment().design);
                revise_experiment(&db, clock, &edit, &author, &design, None).await?;
                out.say(&Message::new("cli-experiment-applied").arg("seed", proposal.seed));
            }
        }
        ExperimentCommand::Start { id, on } => {
            let edit = access::<EditUnits>(&store, *id, today).await?;
            start_experiment(&db, clock, &edit, &author, on.unwrap_or(today)).await?;
            out.say(&Message::new("cli-experiment-started").arg("id", id));
        }
        ExperimentCommand::End { id, on } => {
            let edit = access::<EditUnits>(&store, *id, today).await?;
            end_experiment(&db, clock, &edit, &author, on.unwrap_or(today)).await?;
            out.say(&Message::new("cli-experiment-ended").arg("id", id));
        }
        ExperimentCommand::Deviation {
            id,
            reason,
            outcomes: named,
            replace_comparison,
            observers,
            meetings,
        } => {
            let edit = access::<EditUnits>(&store, *id, today).await?;
            let mut design = edit.experiment().design.clone();
            if !named.is_empty() {
                design.outcomes = outcomes(named)?;
            }
            for raw in replace_comparison {
                let (old, new, why) = pair(raw, "replace_comparison")?;
                let slot = design
                    .comparison
                    .iter_mut()
                    .find(|c| c.cell == old)
                    .ok_or_else(|| {
                        invalid(
                            "replace_comparison",
                            Message::new("cli-experiment-not-comparison").arg("cell", &old),
                        )
                    })?;
                slot.cell = new;
                slot.reason = why;
            }
            if let Some(n) = observers {
                design.observers_per_meeting = *n;
            }
            if let Some(n) = meetings {
                design.intervention_meetings = *n;
            }
            let changes =
                revise_experiment(&db, clock, &edit, &author, &design, Some(reason)).await?;
            let fields: Vec<&str> = changes.iter().map(|c| c.field).collect();
            out.say(&Message::new("cli-experiment-deviation").arg("fields", fields.join(", ")));
        }
        ExperimentCommand::Power { id } => {
            let read = access::<ReadAggregates>(&store, *id, today).await?;
            let power = design_power(&db, &read).await?;
            out.say(
                &Message::new("experiment-power-head")
                    .arg("meetings", power.meetings_per_cell)
                    .arg("alpha", chibo_core::experiments::power::ALPHA)
                    .arg("power", chibo_core::experiments::power::POWER),
            );
            for outcome in &power.outcomes {
                print_power(out, outcome);
            }
        }
        ExperimentCommand::Fidelity { id } => {
            let read = access::<ReadAggregates>(&store, *id, today).await?;
            for row in fidelity(&db, &read, today).await? {
                out.say(
                    &Message::new("experiment-fidelity-cell")
                        .arg("cell", &row.cell)
                        .arg("meetings", row.meetings)
                        .arg("following", row.following_model)
                        .arg("observed", row.observed)
                        .arg("scored", row.scored)
                        .arg(
                            "score",
                            row.mean_observer_score
                                .map(number)
                                .unwrap_or_else(|| "—".to_owned()),
                        ),
                );
                for step in &row.steps {
                    out.say(
                        &Message::new("experiment-fidelity-step")
                            .arg("step", &step.name_vi)
                            .arg("done", step.done)
                            .arg("meetings", row.following_model)
                            .arg(
                                "minutes",
                                step.mean_minutes
                                    .map(number)
                                    .unwrap_or_else(|| "—".to_owned()),
                            ),
                    );
                }
            }
        }
        ExperimentCommand::Export { id, file } => {
            let read = access::<ReadDatasets>(&store, *id, today).await?;
            let dataset = experiment_dataset(&db, &read, today).await?;
            std::fs::write(file, dataset.to_csv()).map_err(|source| {
                CliError::Core(CoreError::Io {
                    path: file.display().to_string(),
                    source,
                })
            })?;
            out.say(
                &Message::new("cli-export-done")
                    .arg("count", dataset.rows.len())
                    .arg("path", file.display()),
            );
        }
        ExperimentCommand::Evaluate {
            id,
            input,
            resamples,
            seed,
        } => {
            let Some(id) = id else {
                return Err(invalid("id", Message::new("cli-experiment-which")));
            };
            let _ = input;
            let read = access::<ReadDatasets>(&store, *id, today).await?;
            let dataset = experiment_dataset(&db, &read, today).await?;
            let power = design_power(&db, &read).await?;
            let evaluation = evaluate(&dataset, &options(*resamples, *seed));
            print_evaluation(out, &evaluation, &power.outcomes);
        }
        ExperimentCommand::Lesson(command) => {
            run_lesson(&db, command, out, clock, &author, &store).await?;
        }
    }
    Ok(())
}

async fn run_lesson(
    db: &Db,
    command: &LessonCommand,
    out: &Output,
    clock: &dyn Clock,
    author: &AuditContext,
    store: &Store,
) -> Result<(), CliError> {
    let today = clock.today();
    match command {
        LessonCommand::Add {
            id,
            cell,
            step,
            worked,
            did_not_work,
            proposed_change,
            meetings,
            figures,
        } => {
            let edit = access::<EditUnits>(store, *id, today).await?;
            let lesson = Lesson {
                cell: cell.clone(),
                step: step.clone(),
                worked: worked.clone(),
                did_not_work: did_not_work.clone(),
                proposed_change: proposed_change.clone(),
                meetings: meetings.clone(),
                figures: figures.clone(),
            };
            let lesson_id = add_lesson(db, clock, &edit, author, &lesson).await?;
            out.say(&Message::new("cli-lesson-added").arg("id", lesson_id));
        }
        LessonCommand::List { id } => {
            let read = access::<ReadPeople>(store, *id, today).await?;
            let book = lessons_with_authors(db, &read).await?;
            out.print_json(&book_json(&book));
        }
        LessonCommand::DraftModel { id } => {
            let read = access::<ReadAggregates>(store, *id, today).await?;
            let draft = draft_next_model(db, &read).await?;
            out.print_json(&draft_json(&draft));
        }
    }
    Ok(())
}

fn book_json(book: &LessonBook) -> serde_json::Value {
    serde_json::json!(
        book.groups
            .iter()
            .map(|group| serde_json::json!({
                "cell": group.cell,
                "step": group.step.as_ref().map(|s| &s.code),
                "lessons": group.lessons.iter().map(|l| serde_json::json!({
                    "id": l.id,
                    "worked": l.worked,
                    "did_not_work": l.did_not_work,
                    "proposed_change": l.proposed_change,
                    "recorded_on": l.recorded_on,
                    "author": l.author,
                    "meetings": l.meetings.iter().map(|m| serde_json::json!({
                        "id": m.id,
                        "cell": m.cell,
                        "meeting_on": m.meeting_on,
                    })).collect::<Vec<_>>(),
                    "figures": l.figures,
                })).collect::<Vec<_>>(),
            }))
            .collect::<Vec<_>>()
    )
}

fn change_json(change: &ProposedChange) -> serde_json::Value {
    serde_json::json!({
        "lesson": change.lesson,
        "cell": change.cell,
        "text": change.text,
        "meetings": change.meetings,
        "figures": change.figures,
    })
}

fn draft_json(draft: &ModelDraft) -> serde_json::Value {
    serde_json::json!({
        "status": "draft",
        "code": draft.code,
        "base_version": draft.base_version,
        "proposed_version": draft.proposed_version,
        "name_vi": draft.name_vi,
        "name_en": draft.name_en,
        "changes": draft.change_count(),
        "whole_meeting": draft.whole_meeting.iter().map(change_json).collect::<Vec<_>>(),
        "steps": draft.steps.iter().map(|s| serde_json::json!({
            "code": s.code,
            "name_vi": s.name_vi,
            "name_en": s.name_en,
            "suggested_minutes": s.suggested_minutes,
            "required": s.required,
            "changes": s.changes.iter().map(change_json).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
