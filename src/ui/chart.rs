//! One chart: a canvas drawn by [`crate::charts`] at the screen's pixel density, an HTML legend
//! that hides and shows series, and a tooltip with the values of the month under the pointer.

use super::canvas::CanvasBackend;
use leptos::ev;
use leptos::prelude::*;
use plotters::prelude::*;

use super::app::tr;
use super::app::AppState;
use super::i18n::Msg;
use super::web::{self, NumberKind};
use crate::charts::{self, ChartData, ChartLayout, DrawOptions};
use crate::model::Projection;
use crate::plan::lang::decimal_shift;
use crate::plan::Lang;

pub use super::i18n::series_label;

/// The chart's text alternative: its title and its figures (each series' total over the months
/// shown; a funnel's stages; a fan's middle line at its first and last month), in `lang`.
fn summary(title: Msg, lang: Lang, data: Signal<Option<ChartData>>) -> String {
    let figures = data.with(|d| {
        let d = d.as_ref()?;
        let money = |v: f64| web::format(lang, NumberKind::Money, v);
        let sep = if lang == Lang::Zh { "：" } else { ": " };
        let parts: Vec<String> = match d.kind {
            charts::ChartKind::Funnel => d
                .series
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let v = s.values.get(i).copied().unwrap_or(0.0);
                    format!(
                        "{}{sep}{}",
                        series_label(&s.id, &s.label, lang),
                        web::format(lang, NumberKind::Count, v)
                    )
                })
                .collect(),
            charts::ChartKind::Fan => d
                .series
                .get(1)
                .map(|mid| {
                    let n = mid.values.len();
                    [0, n.saturating_sub(1)]
                        .iter()
                        .filter_map(|&t| {
                            Some(format!(
                                "{}{sep}{}",
                                d.x_labels.get(t)?,
                                money(*mid.values.get(t)?)
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default(),
            _ => d
                .series
                .iter()
                .map(|s| (s, s.values.iter().sum::<f64>()))
                .filter(|(_, total)| *total != 0.0)
                .map(|(s, total)| {
                    format!(
                        "{}{sep}{}",
                        series_label(&s.id, &s.label, lang),
                        money(total)
                    )
                })
                .collect(),
        };
        let list = parts.join(if lang == Lang::Zh { "；" } else { "; " });
        Some(match d.kind {
            charts::ChartKind::Funnel | charts::ChartKind::Fan => list,
            _ => format!("{}{sep}{list}", Msg::ChartSummary.tr(lang)),
        })
    });
    let stop = if lang == Lang::Zh { "。" } else { ". " };
    match figures {
        Some(f) => format!("{}{stop}{f}", title.tr(lang)),
        None => title.tr(lang).to_string(),
    }
}

/// In context, whether charts are drawn for a dark page (the widget's `theme`).
#[derive(Clone, Copy)]
pub struct Dark(pub RwSignal<bool>);

/// Draws `d` on `el` at `css_w` × `css_h` CSS pixels and twice the pixel density (sharp in
/// print), without the series in `hidden`: the plan report's charts and the charts' images,
/// drawn once, with no legend buttons or tooltip.
pub fn paint(
    el: &web_sys::HtmlCanvasElement,
    d: &ChartData,
    css_w: f64,
    css_h: f64,
    lang: Lang,
    hidden: &[String],
) {
    let scale = 2.0;
    el.set_width((css_w * scale) as u32);
    el.set_height((css_h * scale) as u32);
    let style = web_sys::HtmlElement::style(el);
    let _ = style.set_property("width", &format!("{}px", decimal_shift(css_w, 0)));
    let _ = style.set_property("height", &format!("{}px", decimal_shift(css_h, 0)));
    let Some(backend) = CanvasBackend::with_canvas_object(el.clone()) else {
        return;
    };
    let area = backend.into_drawing_area();
    // The funnel counts people; every other chart, yuan.
    let kind = match d.kind {
        charts::ChartKind::Funnel => NumberKind::Count,
        _ => NumberKind::Money,
    };
    let opts = DrawOptions {
        hidden: hidden.to_vec(),
        scale,
        money_label: Box::new(move |v| web::format(lang, kind, v)),
        ..DrawOptions::default()
    };
    let _ = charts::draw(&area, d, &opts);
    let _ = area.present();
}

/// The texts of a chart's figure tables (the spend chart's ROAS table, the funnel's stages), in
/// one language.
#[derive(Debug, Clone, Default, PartialEq)]
struct Tables {
    /// Whether the chart has a ROAS table (the spend chart, with a break-even ROAS).
    has_roas: bool,
    roas: Vec<RoasRow>,
    /// The break-even ROAS.
    break_even: String,
    /// Whether the chart is a funnel.
    has_funnel: bool,
    funnel: Vec<StageRow>,
}

/// A channel's row: its name, then its first-order and lifetime ROAS, each with whether it is
/// below break-even.
#[derive(Debug, Clone, PartialEq)]
struct RoasRow {
    name: String,
    cells: [(String, bool); 2],
}

/// A funnel stage's row: its name, its count, and its share of the stage it is part of.
#[derive(Debug, Clone, PartialEq)]
struct StageRow {
    name: String,
    value: String,
    share: Option<String>,
}

impl Tables {
    /// The tables of `data` (empty without a chart), in `l`.
    fn of(data: Signal<Option<ChartData>>, l: Lang) -> Tables {
        data.with(|d| {
            let Some(d) = d.as_ref() else {
                return Tables::default();
            };
            let mut t = Tables::default();
            if let Some(be) = d.break_even_roas {
                let ratio = |v: Option<f64>| {
                    v.map_or("—".to_string(), |v| web::format(l, NumberKind::Ratio, v))
                };
                let cell = |v: Option<f64>| (ratio(v), v.is_some_and(|v| v < be));
                t.has_roas = true;
                t.roas = d
                    .x_labels
                    .iter()
                    .zip(&d.roas)
                    .map(|(name, r)| RoasRow {
                        name: name.clone(),
                        cells: [cell(r.first_order), cell(r.lifetime)],
                    })
                    .collect();
                t.break_even = ratio(Some(be));
            }
            if d.kind == charts::ChartKind::Funnel {
                t.has_funnel = true;
                // Each stage with its share of the stage it is a part of (the core's).
                t.funnel = d
                    .series
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let share = d.shares.get(i).cloned().flatten().and_then(|sh| {
                            let pct = web::format(l, NumberKind::Percent, sh.share?);
                            let parent = series_label(&sh.parent, &sh.parent, l);
                            Some(match l {
                                Lang::Zh => format!("占{parent} {pct}"),
                                Lang::En => format!("{pct} of {}", parent.to_ascii_lowercase()),
                            })
                        });
                        let value = s.values.get(i).copied().unwrap_or(0.0);
                        StageRow {
                            name: series_label(&s.id, &s.label, l),
                            value: web::format(l, NumberKind::CountFull, value),
                            share,
                        }
                    })
                    .collect();
            }
            t
        })
    }
}

/// A chart of the current projection.
#[component]
pub fn Chart(
    title: Msg,
    figure: fn(&Projection) -> ChartData,
    testid: &'static str,
) -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    // The funnel's columns are stages: their labels are translated here, like series names.
    let data = Memo::new(move |_| {
        let l = lang.get();
        s.projection.with(|p| {
            p.as_ref().ok().map(|p| {
                let mut d = figure(p);
                if d.kind == charts::ChartKind::Funnel {
                    d.x_labels = d.x_ids.iter().map(|id| series_label(id, id, l)).collect();
                }
                d
            })
        })
    });
    view! { <ChartFrame title=title data=data.into() testid=testid /> }
}

/// A chart of any [`ChartData`] (an analysis's fan chart, say): canvas, tooltip and legend.
#[component]
pub fn ChartFrame(
    title: Msg,
    data: Signal<Option<ChartData>>,
    testid: &'static str,
    /// What its image names under the title: the plan on screen's name unless given (a
    /// comparison names the plans it compares).
    #[prop(optional)]
    subtitle: Option<StoredValue<String>>,
) -> impl IntoView {
    let s = expect_context::<AppState>();
    let lang = s.lang;
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let hidden = RwSignal::new(Vec::<String>::new());
    let hover = RwSignal::new(None::<usize>);
    let layout = RwSignal::new(None::<ChartLayout>);
    let size = RwSignal::new(0u32);
    // Large type enlarges the chart's labels too.
    let large = use_context::<super::app::LargeType>().map(|l| l.0);
    // The widget's dark theme draws light labels on a dark ground.
    let dark = use_context::<Dark>().map(|d| d.0);
    // A read-only widget has no inputs: its legend is not a row of buttons.
    let readonly = use_context::<super::embed::ReadOnly>().is_some();

    let resize = window_event_listener(ev::resize, move |_| size.update(|n| *n += 1));
    on_cleanup(move || resize.remove());
    // Charts off screen are not redrawn on every move; they catch up when scrolled into view.
    // The first drawing waits for the observer's first report, which comes after the browser's
    // first layout: measuring the box while the page mounts would force that layout into the
    // mount's task, the longest of the page's load. A chart first reported off screen (below a
    // phone's fold, under presenter mode) is not drawn until it comes near. Every report sets
    // `visible`, and the drawing effect's first run (`mounted` is `None`) is before any.
    let visible = RwSignal::new(false);
    let figure_ref = NodeRef::<leptos::html::Figure>::new();
    Effect::new(move |_| {
        if let Some(el) = figure_ref.get() {
            web::track_visibility(&el, visible);
        }
    });

    // The box's width is read only when the window was resized (or the chart first shows):
    // reading it after every edit would force the browser to lay out the page again.
    let measured = StoredValue::new(None::<(u32, f64)>);
    Effect::new(move |mounted: Option<()>| {
        let resizes = size.get();
        if !visible.get() {
            // Reported off screen: its first render is done.
            if mounted.is_some() {
                web::chart_drawn();
            }
            return;
        }
        let Some(el) = canvas.get() else { return };
        let l = lang.get();
        let hidden_ids = hidden.get();
        let text_scale = if large.is_some_and(|l| l.get()) {
            1.4
        } else {
            1.0
        };
        data.with(|d| {
            let Some(d) = d else { return };
            let dpr = web::device_pixel_ratio();
            let css_w = match measured.get_value() {
                Some((seen, w)) if seen == resizes => w,
                _ => {
                    let w = el
                        .parent_element()
                        .map(|p| p.client_width())
                        .unwrap_or(600)
                        .max(160) as f64;
                    measured.set_value(Some((resizes, w)));
                    w
                }
            };
            let css_h = (css_w * 0.5).clamp(180.0, 360.0);
            let (pw, ph) = ((css_w * dpr).round() as u32, (css_h * dpr).round() as u32);
            // The canvas's box is sized by the stylesheet (`.canvas-box canvas`: its box's width,
            // half as tall, 180 to 360 px), so drawing never changes the page's layout and the
            // next chart's measure does not force the page to be laid out again. Its pixels
            // follow the box and the density.
            if el.width() != pw || el.height() != ph {
                el.set_width(pw);
                el.set_height(ph);
            }
            let Some(backend) = CanvasBackend::with_canvas_object(el.clone()) else {
                return;
            };
            let area = backend.into_drawing_area();
            let _ = area.fill(&WHITE);
            let opts = DrawOptions {
                hidden: hidden_ids,
                scale: dpr,
                money_label: if d.kind == charts::ChartKind::Funnel {
                    Box::new(move |v| web::format(l, NumberKind::Count, v))
                } else {
                    Box::new(move |v| web::format(l, NumberKind::Money, v))
                },
                y_max: None,
                highlight: hover.get(),
                text_scale,
                dark: dark.is_some_and(|d| d.get()),
            };
            if let Ok(lay) = charts::draw(&area, d, &opts) {
                layout.set(Some(lay));
            }
            let _ = area.present();
        });
        web::chart_drawn();
    });

    // The legend is rebuilt only when its entries change (a series added, renamed or recoloured),
    // not on every move of a slider, which changes only the figures.
    let legend = Memo::new(move |_| data.with(|d| d.as_ref().map(|d| d.legend.clone())));

    let on_move = move |e: ev::MouseEvent| {
        let x = e.offset_x() as f64 * web::device_pixel_ratio();
        hover.set(
            layout
                .get_untracked()
                .and_then(|lay| charts::hit_month(&lay, x)),
        );
    };

    // The chart as a PNG (twice its size on screen, with its title, the plan's name and the
    // legend as shown), downloaded or copied for a slide.
    let image = move |copy: bool| {
        let Some(el) = canvas.get_untracked() else {
            return;
        };
        let l = lang.get_untracked();
        let off = web::canvas();
        let shown = hidden.get_untracked();
        let legend = data.with_untracked(|d| {
            let d = d.as_ref()?;
            let css_w = f64::from(el.client_width().max(320));
            paint(&off, d, css_w, (css_w * 0.5).clamp(180.0, 360.0), l, &shown);
            Some(
                d.legend
                    .iter()
                    .filter(|e| !e.is_hidden(&shown))
                    .map(|e| {
                        let c = e.colour();
                        (
                            series_label(&e.id, &e.label, l),
                            format!("rgb({}, {}, {})", c.0, c.1, c.2),
                        )
                    })
                    .collect::<Vec<_>>(),
            )
        });
        let Some(legend) = legend else { return };
        let plan = match subtitle {
            Some(given) => given.get_value(),
            None => s.plan.with_untracked(|p| p.name.clone()),
        };
        let notice = s.notice;
        leptos::task::spawn_local(async move {
            let done = web::chart_image(
                &off,
                title.tr(l),
                &plan,
                &legend,
                &format!("troika-{testid}.png"),
                copy,
            )
            .await;
            if copy {
                notice.set(Some(super::app::Notice::info(if done {
                    Msg::ImageCopied
                } else {
                    Msg::ImageNotCopied
                })));
            }
        });
    };
    // The figure tables' texts, as shown; their rows (names) apart, so that a move that changes
    // only figures leaves the tables' elements as they are.
    let tables = Memo::new(move |_| Tables::of(data, lang.get()));
    let roas_names = Memo::new(move |_| {
        tables.with(|t| {
            t.has_roas
                .then(|| t.roas.iter().map(|r| r.name.clone()).collect::<Vec<_>>())
        })
    });
    let funnel_names = Memo::new(move |_| {
        tables.with(|t| {
            t.has_funnel
                .then(|| t.funnel.iter().map(|r| r.name.clone()).collect::<Vec<_>>())
        })
    });
    view! {
        <figure class="chart" data-testid=testid node_ref=figure_ref>
            <figcaption>
                {move || title.tr(lang.get())}
                {(!readonly).then(|| view! {
                    <span class="chart-image">
                        <button data-testid=format!("{testid}-png") title=tr(lang, Msg::ImagePng) on:click=move |_| image(false)>"PNG"</button>
                        <button data-testid=format!("{testid}-copy") on:click=move |_| image(true)>{tr(lang, Msg::ImageCopy)}</button>
                    </span>
                })}
            </figcaption>
            <div class="canvas-box">
                <canvas node_ref=canvas role="img" aria-label=move || summary(title, lang.get(), data)
                    on:mousemove=on_move on:mouseleave=move |_| hover.set(None)></canvas>
                {move || {
                    let month = hover.get()?;
                    let l = lang.get();
                    data.with(|d| {
                        let d = d.as_ref()?;
                        let rows = charts::hover_rows(d, month, &hidden.get());
                        let kind = if d.kind == charts::ChartKind::Funnel { NumberKind::Count } else { NumberKind::Money };
                        Some(view! {
                            <div class="tooltip" role="status" data-testid="tooltip">
                                <strong>{d.x_labels.get(month).cloned().unwrap_or_default()}</strong>
                                <ul>
                                    {rows.into_iter().map(|(id, label, v)| view! {
                                        <li><span>{series_label(&id, &label, l)}</span>" "<b>{web::format(l, kind, v)}</b></li>
                                    }).collect_view()}
                                </ul>
                            </div>
                        })
                    })
                }}
            </div>
            {move || {
                // Made anew only when the rows change (a channel added, removed or renamed; the
                // language): a move changes only the cells' figures, which follow `tables` one by
                // one, so the browser restyles nothing.
                let names = roas_names.get()?;
                let cell = move |i: usize, lifetime: bool| {
                    move || tables.with(|t| t.roas.get(i).map(|r| r.cells[usize::from(lifetime)].0.clone()))
                };
                let below = move |i: usize, lifetime: bool| {
                    move || tables.with(|t| t.roas.get(i).is_some_and(|r| r.cells[usize::from(lifetime)].1))
                };
                let l = lang.get();
                Some(view! {
                    <table class="roas" data-testid="roas-table">
                        <thead>
                            <tr>
                                <td></td>
                                <th>{Msg::RoasFirst.tr(l)}</th>
                                <th>{Msg::RoasLifetime.tr(l)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {names.into_iter().enumerate().map(|(i, name)| view! {
                                <tr>
                                    <th scope="row">{name}</th>
                                    <td class:below=below(i, false)>{cell(i, false)}</td>
                                    <td class:below=below(i, true)>{cell(i, true)}</td>
                                </tr>
                            }).collect_view()}
                            <tr class="break-even">
                                <th scope="row">{Msg::BreakEven.tr(l)}</th>
                                <td colspan="2">{move || tables.with(|t| t.break_even.clone())}</td>
                            </tr>
                        </tbody>
                    </table>
                })
            }}
            {move || {
                // As the ROAS table: made anew only when the stages change.
                let names = funnel_names.get()?;
                let cell = move |i: usize, share: bool| {
                    move || tables.with(|t| t.funnel.get(i).and_then(|r| if share { r.share.clone() } else { Some(r.value.clone()) }))
                };
                Some(view! {
                    <table class="roas funnel" data-testid="funnel-table">
                        <tbody>
                            {names.into_iter().enumerate().map(|(i, name)| view! {
                                <tr>
                                    <th scope="row">{name}</th>
                                    <td>{cell(i, false)}</td>
                                    <td class="share">{cell(i, true)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            }}
            <ul class="legend">
                {move || {
                    let l = lang.get();
                    let on_dark = dark.is_some_and(|d| d.get());
                    legend.with(|entries| entries.as_ref().map(|entries| entries.iter().map(|entry| {
                        // Reference marks are drawn near-white on the dark ground (charts::draw).
                        let colour = match (on_dark, entry.colour_index) {
                            (true, None) => plotters::style::RGBColor(0xE6, 0xE9, 0xEF),
                            _ => entry.colour(),
                        };
                        let kind = match entry.kind {
                            charts::LegendKind::Fill => "fill",
                            charts::LegendKind::Line => "line",
                            charts::LegendKind::Band => "band",
                            charts::LegendKind::Dashed => "dashed",
                        };
                        // A dashed swatch draws its dashes in `color` (style/main.css), the others fill their background.
                        let property = if entry.kind == charts::LegendKind::Dashed { "color" } else { "background" };
                        let swatch = format!("{property}: rgb({}, {}, {})", colour.0, colour.1, colour.2);
                        let label = series_label(&entry.id, &entry.label, l);
                        if !entry.hideable() || readonly {
                            return view! {
                                <li><span class="key"><span class="swatch" data-kind=kind style=swatch></span>{label}</span></li>
                            }
                            .into_any();
                        }
                        let (shown, click) = (entry.clone(), entry.clone());
                        let off = entry.clone();
                        view! {
                            <li>
                                <button
                                    class:off=move || hidden.with(|h| off.is_hidden(h))
                                    aria-pressed=move || (!hidden.with(|h| shown.is_hidden(h))).to_string()
                                    on:click=move |_| hidden.update(|h| click.toggle(h))
                                >
                                    <span class="swatch" data-kind=kind style=swatch></span>
                                    {label}
                                </button>
                            </li>
                        }
                        .into_any()
                    }).collect_view()))
                }}
            </ul>
        </figure>
    }
}
