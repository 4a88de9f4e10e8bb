//! Figures for presenting a plan (演示): the steps of a bottleneck story and the three-carriage
//! task sheet (各领多少任务回去).
//!
//! Presenter mode shows one idea at a time; every figure it shows comes from here, so the page
//! lays out and formats but computes nothing. Nothing here is new analysis: the figures are the
//! model's ([`crate::model`]), the bottleneck finder's
//! ([`sensitivity`](crate::analysis::sensitivity)) and the revenue bridge's
//! ([`bridge`](crate::analysis::bridge)), picked and labelled in both languages.
//!
//! - [`task_sheet`]: what each carriage (流量, 运营, 会员营销) must deliver in a plan, for one month
//!   or the horizon.
//! - [`story`]: the six steps of a bottleneck story (the shop today, the stuck number, the
//!   audience's guess, the diagnosis, the fix, the task sheet), each with a title and speaker
//!   notes.

mod sheet;
mod steps;

pub use sheet::{task_sheet, Line, Measure, Scope, TaskSheet, Team, Unit};
pub use steps::{
    story, tells, Choice, Comparison, Contribution, Diagnosis, DiagnosisBar, Fix, Guess, Headline,
    Step, StepKind, Story, Symptom, Tasks, Today, DIAGNOSIS_BARS, GUESS_CHOICES,
};
