//! "My scenarios": the scenario library ([`super::library`]) kept in local storage beside the
//! autosaved plan, and the compare view ([`super::compare`]). The list and the comparison are
//! written as HTML by pure code (names escaped) and driven by one delegated listener each, which
//! keeps the page's wasm small.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::app::{AppState, Notice};
use super::chart::ChartFrame;
use super::compare;
use super::i18n::{Msg, OtherMsg};
use super::library::{self, texts, Library, Refusal, SaveKind};
use super::report::escape;
use super::web::{self, NumberKind};
use crate::codec::csv::Imported;
use crate::plan::{Lang, Plan};

/// What a compare column shows.
#[derive(Debug, Clone, PartialEq)]
enum Source {
    /// A scenario of the library, by name.
    Named(String),
    /// The plan as loaded.
    Loaded,
    /// The plan on screen.
    Now,
}

/// The line under the list: what was just done, and Undo for it.
#[derive(Clone)]
struct Status {
    msg: [&'static str; 2],
    name: String,
    error: bool,
    undo: Option<Library>,
}

/// What a library change did (its text and the scenario's name), or why it was refused.
type Done = Result<([&'static str; 2], String), Refusal>;

fn refusal_msg(r: Refusal) -> [&'static str; 2] {
    match r {
        Refusal::EmptyName | Refusal::LongName => texts::NAME_EMPTY,
        Refusal::Taken => texts::NAME_TAKEN,
        Refusal::Full => texts::LIBRARY_FULL,
    }
}

/// The panel as HTML (everything but the comparison): the name to save under, the line saying
/// what was just done (with Undo), the list (tick box, name as an input that renames, last
/// edited, revenue over the horizon, Open, Duplicate, Delete) and the library's actions. Every
/// control carries `data-act`; one listener per event handles them all.
fn panel_html(
    lib: &Library,
    ticked: &[String],
    status: Option<&Status>,
    name: &str,
    set_aside: bool,
    l: Lang,
) -> String {
    let t = |x: [&'static str; 2]| escape(texts::tr(x, l));
    let m = |x: Msg| escape(x.tr(l));
    let mut out = format!(
        r#"<form class="save-row" data-act="save"><label>{} <input data-testid="scenario-name" data-act="name" maxlength="60" value="{}"></label> <button type="submit" data-testid="scenario-save">{}</button></form>"#,
        t(texts::SCENARIO_NAME),
        escape(name),
        t(texts::SAVE_SCENARIO),
    );
    if let Some(st) = status {
        let (class, role) = if st.error {
            ("status error", "alert")
        } else {
            ("status", "status")
        };
        out.push_str(&format!(
            r#"<p class="{class}" role="{role}" data-testid="library-status">{} {}"#,
            t(st.msg),
            escape(&st.name)
        ));
        if st.undo.is_some() {
            out.push_str(&format!(
                r#" <button type="button" data-act="undo" data-testid="library-undo">{}</button>"#,
                m(Msg::Undo)
            ));
        }
        out.push_str("</p>");
    }
    if lib.0.is_empty() {
        out.push_str(&format!(
            r#"<p class="note">{}</p>"#,
            t(texts::LIBRARY_EMPTY)
        ));
    } else {
        out.push_str(&format!(
            r#"<div class="scroll"><table class="library" data-testid="library"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col"></th></tr></thead><tbody>"#,
            escape(OtherMsg::Compare.tr(l)),
            t(texts::SCENARIO_NAME),
            t(texts::EDITED),
            m(Msg::Revenue)
        ));
        // Scenarios over different months: each revenue says over how many (a one-month plan's
        // beside a year's is no comparison), as the comparison's columns do.
        let mixed = lib
            .0
            .iter()
            .any(|s| s.plan.horizon_months != lib.0[0].plan.horizon_months);
        for (i, s) in lib.0.iter().enumerate() {
            let name = escape(&s.name);
            let revenue = crate::simulate(&s.plan)
                .map(|p| {
                    let v = web::format(l, NumberKind::Money, p.totals.revenue);
                    if mixed {
                        format!("{v} · {}", super::i18n::months(p.months.len(), l))
                    } else {
                        v
                    }
                })
                .unwrap_or_default();
            let checked = if ticked.contains(&s.name) {
                " checked"
            } else {
                ""
            };
            out.push_str(&format!(
                r#"<tr><td><input type="checkbox" data-act="tick" data-i="{i}" aria-label="{} {name}"{checked}></td><td><input class="name" data-act="rename" data-i="{i}" value="{name}" maxlength="60" aria-label="{}"></td><td>{}</td><td>{}</td><td><button type="button" data-act="open" data-i="{i}">{}</button> <button type="button" data-act="dup" data-i="{i}">{}</button> <button type="button" data-act="del" data-i="{i}">{}</button></td></tr>"#,
                escape(OtherMsg::Compare.tr(l)),
                t(texts::SCENARIO_NAME),
                escape(&web::date(l, s.edited)),
                escape(&revenue),
                t(texts::OPEN),
                t(texts::DUPLICATE),
                t(texts::DELETE),
            ));
        }
        out.push_str("</tbody></table></div>");
    }
    out.push_str(&format!(
        r#"<p class="library-actions"><button type="button" data-act="compare" data-testid="compare-ticked">{}</button> <button type="button" data-act="loaded" data-testid="compare-loaded">{}</button> <button type="button" data-act="export" data-testid="library-export">{}</button> <label class="button">{}<input data-act="import" data-testid="library-import" type="file" accept=".json,application/json"></label></p><p class="library-actions"><button type="button" data-act="schedules" data-testid="csv-schedules">{}</button> <label class="button">{}<input data-act="csv" data-testid="csv-import" type="file" accept=".csv,.txt,text/csv,text/plain"></label></p>"#,
        t(texts::COMPARE_SELECTED),
        t(texts::LOADED_VS_NOW),
        t(texts::EXPORT_LIBRARY),
        t(texts::IMPORT_LIBRARY),
        m(Msg::CsvSchedules),
        t(texts::CSV_IMPORT),
    ));
    // A library set aside because it could not all be read: the user can take it away.
    if set_aside {
        out.push_str(&format!(
            r#"<p class="library-actions"><button type="button" data-act="set-aside" data-testid="library-set-aside">{}</button></p>"#,
            t(texts::SET_ASIDE)
        ));
    }
    out
}

/// What a schedules file will change (`codec::csv`), with Apply and Cancel: each column that
/// changes, then revenue over the horizon before and after.
fn preview_html(imp: &Imported, before: Option<f64>, l: Lang) -> String {
    let nothing = imp.changes.is_empty();
    let title = if nothing {
        texts::CSV_NOTHING
    } else {
        texts::CSV_PREVIEW
    };
    let mut out = format!(
        r#"<div class="notice" role="status" data-testid="csv-preview"><strong>{}</strong><ul>"#,
        escape(texts::tr(title, l))
    );
    let mut lines = super::csv::preview(imp, l);
    if let (false, Some(b), Ok(a)) = (nothing, before, crate::simulate(&imp.plan)) {
        let money = |v| web::format(l, NumberKind::Money, v);
        lines.push(format!(
            "{}: {} → {}",
            Msg::Revenue.tr(l),
            money(b),
            money(a.totals.revenue)
        ));
    }
    for line in lines.iter().filter(|_| !nothing) {
        out.push_str(&format!("<li>{}</li>", escape(line)));
    }
    out.push_str("</ul>");
    if !nothing {
        out.push_str(&format!(
            r#"<button type="button" data-act="apply" data-testid="csv-apply">{}</button> "#,
            escape(texts::tr(texts::APPLY, l))
        ));
    }
    out.push_str(&format!(
        r#"<button type="button" data-act="cancel" data-testid="csv-cancel">{}</button></div>"#,
        escape(OtherMsg::Cancel.tr(l))
    ));
    out
}

fn data(el: &web_sys::Element, key: &str) -> Option<usize> {
    el.get_attribute(key)?.parse().ok()
}

/// "My scenarios" as a page of its own (`scenarios.html`, the `troika-tools` binary), which the
/// planner opens in a frame over itself: its language from `?lang=`, the plan on screen, its
/// preset and the plan as loaded from the fragment (`plan=…&preset=…&loaded=…`, as share links
/// carry a plan). Opening a scenario hands its plan back to the planner (`web::post_to_planner`);
/// the planner checks it and loads it, one Undo away from what it had.
#[component]
pub fn ScenarioPage() -> impl IntoView {
    let lang = if web::url()
        .split('#')
        .next()
        .unwrap_or("")
        .contains("lang=zh")
    {
        Lang::Zh
    } else {
        Lang::En
    };
    let hash = web::hash();
    // Without a readable plan there is nothing to save or apply: the page says so and refuses.
    let read = crate::codec::plan_from_fragment(&hash);
    let notice = read
        .as_ref()
        .err()
        .map(|e| Notice::error(Msg::LinkFailed, super::i18n::errors_worded(e)));
    provide_context(Unreadable(notice.is_some()));
    let plan = read.unwrap_or_else(|_| crate::presets::june());
    let loaded = hash
        .split('&')
        .find_map(|p| p.strip_prefix("loaded="))
        .and_then(|b| crate::codec::plan_from_fragment(&format!("plan={b}")).ok())
        .unwrap_or_else(|| plan.clone());
    let preset = crate::codec::preset_in_fragment(&hash)
        .filter(|p| crate::presets::get(p).is_some())
        .map(str::to_string);
    let origin = std::sync::Arc::new((loaded, preset));
    let first = super::app::Step {
        plan: plan.clone(),
        origin,
    };
    let state = AppState::new(lang, super::history::History::new(first, 1), notice);
    // The saved scenario the planner has on screen (`scenario=`, its name URI-encoded).
    let on_screen = hash
        .split('&')
        .find_map(|p| p.strip_prefix("scenario="))
        .and_then(|n| js_sys::decode_uri_component(n).ok())
        .map(String::from)
        .filter(|n| *n == plan.name);
    state.scenario.set(on_screen);
    provide_context(state);
    web::set_page_lang(lang);
    document().set_title(Msg::Scenarios.tr(lang));
    // Closing drops what the browser did not keep: asked first.
    let unsaved = Unsaved(StoredValue::new(false));
    provide_context(unsaved);
    let close = move || {
        if !unsaved.0.get_value() || web::confirm(texts::tr(texts::CLOSE_UNSAVED, lang)) {
            web::post_to_planner("close", "", "", "");
        }
    };
    web::on_close_request(close);
    // So does closing the tab, or reloading it, while the browser has not kept the library.
    let _leaving = window_event_listener_untyped("beforeunload", move |e| {
        if unsaved.0.get_value() {
            e.prevent_default();
        }
    });
    // Esc closes, unless it ends an input method's composition (typing Chinese).
    let _keys = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape" && !e.is_composing() {
            close();
        }
    });
    view! {
        <main class="scenario-page">
            <header>
                <h1>{Msg::Scenarios.tr(lang)}</h1>
                <button type="button" data-testid="scenarios-close" on:click=move |_| close()>{Msg::Close.tr(lang)}</button>
            </header>
            <super::app::NoticeBar />
            <ScenarioPanel />
        </main>
    }
}

/// Whether the library on the page is not in storage (the last write failed).
#[derive(Clone, Copy)]
struct Unsaved(StoredValue<bool>);

/// Whether the page was opened without a readable plan (then Save and Apply are refused).
#[derive(Clone, Copy)]
struct Unreadable(bool);

/// The scenario library and the compare view.
#[component]
fn ScenarioPanel() -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    // The library as stored; one that cannot be read is kept aside and said.
    let stored = web::storage_get(library::KEY);
    let status = RwSignal::new(None::<Status>);
    // Whether the stored library may be written over: not when it could not be read and could
    // not be kept aside either.
    let writable = StoredValue::new(true);
    let unsaved = use_context::<Unsaved>();
    // The scenarios that read are kept on screen (and stored at the next change); the text as
    // stored is set aside first, and never written over if it cannot be.
    let (start, problems) = match stored.as_deref().map(Library::from_json_partly) {
        Some(Ok(read)) => read,
        Some(Err(e)) => (Library::default(), e.0),
        None => (Library::default(), Vec::new()),
    };
    if let (false, Some(text)) = (problems.is_empty(), &stored) {
        writable.set_value(web::storage_set(library::UNREADABLE_KEY, text));
        let mut lines = super::i18n::errors_worded(&crate::plan::PlanErrors(problems));
        if !start.0.is_empty() {
            let n = start.0.len().to_string();
            lines.push(crate::plan::lang::Text::worded(|l| {
                texts::tr(texts::READ_IN_PART, l).replace("{n}", &n)
            }));
        }
        s.notice
            .set(Some(Notice::error(Msg::LibraryUnreadable, lines)));
    }
    let set_aside = web::storage_get(library::UNREADABLE_KEY).is_some();
    let lib = RwSignal::new(start);
    let ticked = RwSignal::new(Vec::<String>::new());
    let comparing = RwSignal::new(None::<Vec<Source>>);
    // A schedules file read against the plan on screen, shown before it is applied.
    let pending = RwSignal::new(None::<Imported>);
    let ticked_remove = move |n: String| ticked.update(|t| t.retain(|x| *x != n));
    // The name Save offers: the scenario on screen's, or the plan's own made free.
    let on_screen = s.scenario.get_untracked();
    let name = StoredValue::new(lib.with_untracked(|l| {
        s.plan
            .with_untracked(|p| l.name_to_save(&p.name, on_screen.as_deref()))
    }));
    // Kept on every change; when the browser keeps nothing, the library stays on the page and
    // the user is told how to keep it.
    Effect::new(move |prev: Option<()>| {
        let text = lib.with(Library::to_json);
        let kept =
            prev.is_none() || (writable.get_value() && web::storage_set(library::KEY, &text));
        if let Some(u) = unsaved {
            u.0.set_value(!kept);
        }
        if !kept {
            // Said instead of what was done, keeping its Undo.
            let undo = status.with_untracked(|s| s.as_ref().and_then(|s| s.undo.clone()));
            status.set(Some(Status {
                msg: texts::LIBRARY_NOT_KEPT,
                name: String::new(),
                error: true,
                undo,
            }));
        }
    });
    // Another window changed the library: show it as it is now.
    let other = window_event_listener_untyped("storage", move |e| {
        let e: &web_sys::StorageEvent = e.unchecked_ref();
        if e.key().as_deref() == Some(library::KEY) && writable.get_value() {
            if let Some(Ok(now)) = e.new_value().as_deref().map(Library::from_json) {
                if lib.with_untracked(|l| *l != now) {
                    lib.set(now);
                    status.set(None);
                }
            }
        }
    });
    on_cleanup(move || other.remove());
    // Applies a change to the library, with Undo back to the library before it.
    let change = move |f: &dyn Fn(&mut Library) -> Done| {
        let before = lib.get_untracked();
        let mut next = before.clone();
        let st = match f(&mut next) {
            Ok((msg, name)) => {
                lib.set(next);
                Status {
                    msg,
                    name,
                    error: false,
                    undo: Some(before),
                }
            }
            Err(r) => Status {
                msg: refusal_msg(r),
                name: String::new(),
                error: true,
                undo: None,
            },
        };
        status.set(Some(st));
    };
    let unreadable = use_context::<Unreadable>().is_some_and(|u| u.0);
    // Saved under `name`, or its scenario renamed: the plan on screen is that scenario now, here
    // and in the planner (which gives its plan the name).
    let on_screen_is = move |name: String| {
        web::post_to_planner("saved", "", "", &name);
        s.scenario.set(Some(name));
    };
    let save = move || {
        if unreadable {
            return;
        }
        let n = name.get_value();
        let plan = s.plan.get_untracked();
        let preset = s.preset.get_untracked();
        let on_screen = s.scenario.get_untracked();
        let kind = lib.with_untracked(|l| l.save_kind(&n, on_screen.as_deref()));
        // Another scenario of that name is replaced only once the user says so.
        if kind == Ok(SaveKind::ReplaceOther) {
            let l = lang.get_untracked();
            let shown = library::clean_name(&n).unwrap_or_default();
            if !web::confirm(&format!("{}\n\n{shown}", texts::tr(texts::REPLACE_ASK, l))) {
                status.set(Some(Status {
                    msg: texts::NOT_REPLACED,
                    name: shown,
                    error: true,
                    undo: None,
                }));
                return;
            }
        }
        change(&|l: &mut Library| {
            let replaced = library::clean_name(&n).is_ok_and(|c| l.find(&c).is_some());
            let i = l.save(&n, plan.clone(), preset.clone(), web::epoch())?;
            let msg = if replaced {
                texts::SCENARIO_REPLACED
            } else {
                texts::SCENARIO_SAVED
            };
            Ok((msg, l.0[i].name.clone()))
        });
        if let Ok(saved) = library::clean_name(&n) {
            if lib.with_untracked(|l| l.find(&saved).is_some()) {
                on_screen_is(saved);
            }
        }
    };
    // The planner takes the plan (and closes this page); "now" is already on screen.
    let open = move |source: &Source| {
        // Going back to the planner closes the page: what the browser did not keep, asked first.
        let l = lang.get_untracked();
        if unsaved.is_some_and(|u| u.0.get_value())
            && !web::confirm(texts::tr(texts::CLOSE_UNSAVED, l))
        {
            return;
        }
        let (plan, preset, name) = match source {
            Source::Named(n) => match lib.with_untracked(|l| l.find(n).map(|i| l.0[i].clone())) {
                Some(sc) => (sc.plan, sc.preset, sc.name),
                None => return,
            },
            // Back to the plan as loaded is an edit, its baseline kept; "now" is on screen.
            Source::Loaded => {
                let json = s.loaded.with_untracked(crate::codec::plan_to_json);
                return web::post_to_planner("apply", &json, "", "");
            }
            Source::Now => return web::post_to_planner("close", "", "", ""),
        };
        let json = crate::codec::plan_to_json(&plan);
        web::post_to_planner("open", &json, preset.as_deref().unwrap_or(""), &name);
    };
    let import = move |input: web_sys::HtmlInputElement| {
        leptos::task::spawn_local(async move {
            let max = 8 * crate::codec::MAX_DOCUMENT_BYTES;
            let text = web::read_text(&input, max).await.unwrap_or_default();
            match Library::from_json(&text) {
                Ok(mut other) => {
                    // A plan file (or a library that kept no dates) was last edited now, as
                    // far as this library knows: not on 1 January 1970.
                    let now = web::epoch();
                    for s in other
                        .0
                        .iter_mut()
                        .filter(|s| s.edited.is_nan() || s.edited <= 0.0)
                    {
                        s.edited = now;
                    }
                    // A file that failed before no longer stands beside this one's scenarios.
                    let failed = |n: &Option<Notice>| {
                        n.as_ref()
                            .is_some_and(|n| n.title == Msg::LibraryImportFailed)
                    };
                    if s.notice.with_untracked(failed) {
                        s.notice.set(None);
                    }
                    change(&|l: &mut Library| {
                        let n = l.merge(other.clone())?;
                        // The names they were added under (a taken one gets a number).
                        let names: Vec<&str> = l.0[l.0.len() - n..]
                            .iter()
                            .map(|s| s.name.as_str())
                            .collect();
                        Ok((texts::LIBRARY_ADDED, names.join(", ")))
                    })
                }
                Err(e) => s.notice.set(Some(Notice::error(
                    Msg::LibraryImportFailed,
                    super::i18n::errors_worded(&e),
                ))),
            }
        });
    };
    let name_at = move |i: usize| lib.with_untracked(|l| l.0.get(i).map(|s| s.name.clone()));
    // Every control of the panel: what it is (`data-act`) and its row (`data-i`).
    let act = move |e: &ev::Event| -> Option<(web_sys::Element, String, usize)> {
        let el = e
            .target()?
            .dyn_into::<web_sys::Element>()
            .ok()?
            .closest("[data-act]")
            .ok()??;
        let act = el.get_attribute("data-act")?;
        let i = data(&el, "data-i").unwrap_or(0);
        Some((el, act, i))
    };
    let on_click = move |e: ev::MouseEvent| {
        let Some((_, a, i)) = act(&e) else { return };
        let now = web::epoch();
        match a.as_str() {
            "open" => {
                if let Some(n) = name_at(i) {
                    open(&Source::Named(n));
                }
            }
            "dup" => change(&|l: &mut Library| {
                let j = l.duplicate(i, now)?;
                Ok((texts::SCENARIO_COPIED, l.0[j].name.clone()))
            }),
            "del" => change(&|l: &mut Library| {
                if i >= l.0.len() {
                    return Err(Refusal::EmptyName);
                }
                let gone = l.0.remove(i);
                ticked_remove(gone.name.clone());
                Ok((texts::SCENARIO_DELETED, gone.name))
            }),
            "undo" => {
                if let Some(before) = status.get_untracked().and_then(|s| s.undo) {
                    lib.set(before);
                    status.set(None);
                }
            }
            "export" => {
                let text = lib.with_untracked(Library::to_json);
                web::download("troika-scenarios.json", &text, "application/json");
            }
            "set-aside" => {
                if let Some(text) = web::storage_get(library::UNREADABLE_KEY) {
                    let file = "troika-scenarios-as-stored.json";
                    web::download(file, &text, "application/json");
                }
            }
            "loaded" => comparing.set(Some(vec![Source::Loaded, Source::Now])),
            "schedules" => {
                let text = s
                    .plan
                    .with_untracked(|p| crate::codec::csv::schedules(p, lang.get_untracked()));
                web::download("troika-schedules.csv", &text, "text/csv;charset=utf-8");
            }
            "apply" => {
                if let Some(imp) = pending.get_untracked().filter(|_| !unreadable) {
                    web::post_to_planner("apply", &crate::codec::plan_to_json(&imp.plan), "", "");
                }
            }
            "cancel" => pending.set(None),
            "compare" => {
                let t = ticked.get_untracked();
                if (2..=compare::MAX).contains(&t.len()) {
                    comparing.set(Some(t.into_iter().map(Source::Named).collect()));
                } else {
                    status.set(Some(Status {
                        msg: texts::PICK_TWO,
                        name: String::new(),
                        error: true,
                        undo: None,
                    }));
                }
            }
            _ => {}
        }
    };
    let on_change = move |e: ev::Event| {
        let Some((el, a, i)) = act(&e) else { return };
        let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() else {
            return;
        };
        match a.as_str() {
            "tick" => {
                let Some(n) = name_at(i) else { return };
                ticked.update(|t| {
                    t.retain(|x| *x != n);
                    if input.checked() {
                        t.push(n);
                    }
                });
            }
            "rename" => {
                let to = input.value();
                let from = name_at(i);
                change(&|l: &mut Library| {
                    l.rename(i, &to, web::epoch())?;
                    Ok((texts::SCENARIO_RENAMED, l.0[i].name.clone()))
                });
                // A ticked scenario stays ticked under its new name; a refused name goes back.
                if let (Some(from), Some(to)) = (from, name_at(i)) {
                    // The scenario on screen renamed: the planner's plan takes the new name.
                    if from != to && s.scenario.get_untracked().as_deref() == Some(from.as_str()) {
                        on_screen_is(to.clone());
                    }
                    ticked.update(|t| {
                        t.iter_mut()
                            .filter(|x| **x == from)
                            .for_each(|x| *x = to.clone())
                    });
                    // A compared one stays in the comparison.
                    comparing.update(|c| {
                        for src in c.iter_mut().flatten() {
                            if *src == Source::Named(from.clone()) {
                                *src = Source::Named(to.clone());
                            }
                        }
                    });
                    input.set_value(&to);
                }
            }
            "import" => import(input),
            "csv" => {
                leptos::task::spawn_local(async move {
                    let l = lang.get_untracked();
                    let max_bytes = crate::codec::csv::MAX_BYTES;
                    let read = match web::read_text(&input, max_bytes).await {
                        Some(text) => s
                            .plan
                            .with_untracked(|p| crate::codec::csv::read_schedules(p, &text, l)),
                        None => Err(crate::plan::PlanError::new(
                            "",
                            None,
                            crate::plan::Problem::TooLarge { max_bytes },
                        )
                        .into()),
                    };
                    match read {
                        Ok(imp) => {
                            s.notice.set(None);
                            pending.set(Some(imp));
                        }
                        Err(e) => {
                            pending.set(None);
                            let lines = super::i18n::errors_worded(&e);
                            s.notice.set(Some(Notice::error(Msg::CsvFailed, lines)));
                        }
                    }
                });
            }
            _ => {}
        }
    };
    let on_input = move |e: ev::Event| {
        if let Some((el, a, _)) = act(&e) {
            if let (Ok(input), "name") = (el.dyn_into::<web_sys::HtmlInputElement>(), a.as_str()) {
                name.set_value(input.value());
            }
        }
    };
    let on_submit = move |e: ev::SubmitEvent| {
        e.prevent_default();
        save();
    };

    // The comparison, following the library, the plan as loaded and the plan on screen.
    let compared = Memo::new_with_compare(
        move |_| {
            let sources = comparing.get()?;
            let l = lang.get();
            let entries: Vec<(String, Plan)> = sources
                .iter()
                .filter_map(|src| match src {
                    Source::Named(n) => {
                        lib.with(|lib| lib.find(n).map(|i| (n.clone(), lib.0[i].plan.clone())))
                    }
                    Source::Loaded => {
                        Some((texts::tr(texts::AS_LOADED, l).to_string(), s.loaded.get()))
                    }
                    Source::Now => Some((Msg::Now.tr(l).to_string(), s.plan.get())),
                })
                .collect();
            (entries.len() >= 2)
                .then(|| compare::compare(&entries).ok())
                .flatten()
        },
        |_, _| true,
    );
    let compare_click = move |e: ev::MouseEvent| {
        let Some((el, a, _)) = act(&e) else { return };
        match a.as_str() {
            "close" => comparing.set(None),
            "csv" => compared.with_untracked(|c| {
                if let Some(c) = c {
                    let text = compare::csv(c, lang.get_untracked());
                    web::download("troika-compare.csv", &text, "text/csv;charset=utf-8");
                }
            }),
            "col" => {
                // Column i is the i-th source still there (a deleted scenario has no column).
                let exists = |src: &Source| match src {
                    Source::Named(n) => lib.with_untracked(|l| l.find(n).is_some()),
                    _ => true,
                };
                let source = data(&el, "data-open").and_then(|i| {
                    comparing.with_untracked(|c| {
                        c.as_ref()?.iter().filter(|s| exists(s)).nth(i).cloned()
                    })
                });
                if let Some(source) = source {
                    open(&source);
                }
            }
            _ => {}
        }
    };
    let compare_html = move || {
        let l = lang.get();
        compared.with(|c| {
            let Some(c) = c else { return String::new() };
            let buttons = format!(
                r#"<p><button type="button" data-act="close" data-testid="compare-close">{}</button> <button type="button" data-act="csv" data-testid="csv-compare">{}</button></p>"#,
                escape(Msg::Close.tr(l)),
                escape(texts::tr(texts::CSV_COMPARE, l))
            );
            buttons + &web::with_figures(l, |f| compare::html(c, f))
        })
    };
    let chart = Signal::derive(move || compared.with(|c| c.as_ref().map(|c| c.chart())));
    // Its image is named by the plans it compares, not the plan on screen.
    let compared_names = StoredValue::new(String::new());
    Effect::new(move |_| {
        let names = compared.with(|c| c.as_ref().map(|c| c.names.join(" · ")));
        compared_names.set_value(names.unwrap_or_default());
    });
    let count = move || lib.with(|l| l.0.len());

    let panel_ref = NodeRef::<leptos::html::Div>::new();
    let panel = move || {
        // The HTML is written anew: the focus goes back to the same control in it (a ticked
        // box, the button after a renamed scenario), not to the frame's body.
        if let Some(el) = panel_ref.get_untracked() {
            web::keep_focus(&el);
        }
        let l = lang.get();
        let st = status.get();
        let before = s
            .projection
            .with(|p| p.as_ref().map(|p| p.totals.revenue).ok());
        let preview = pending.with(|p| {
            p.as_ref()
                .map(|p| preview_html(p, before, l))
                .unwrap_or_default()
        });
        preview
            + &ticked.with(|t| {
                lib.with(|lib| panel_html(lib, t, st.as_ref(), &name.get_value(), set_aside, l))
            })
    };
    view! {
        <section class="scenarios" data-testid="scenarios" aria-label=move || format!("{} ({})", Msg::Scenarios.tr(lang.get()), count())>
            <div node_ref=panel_ref on:click=on_click on:change=on_change on:input=on_input on:submit=on_submit inner_html=panel></div>
            <Show when=move || compared.with(Option::is_some)>
                <section class="compare" data-testid="compare" aria-label=move || texts::tr(texts::COMPARE_TITLE, lang.get()) on:click=compare_click>
                    <div inner_html=compare_html></div>
                    <ChartFrame title=Msg::ChartCompare data=chart testid="chart-compare" subtitle=compared_names />
                </section>
            </Show>
        </section>
    }
}
