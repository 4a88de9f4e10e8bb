//! "Embed this plan" (`embed-builder.html`, opened by the planner in a frame over itself): the
//! widget's flags picked in a form, the widget live at a chosen width, and the two snippets to
//! copy. It lives in the widget's binary, so the planner's page carries none of it. Its content
//! is HTML written by [`form::dialog_html`] with one listener per kind of event; the form is read
//! by [`form::read`] and the snippets come from [`flags::snippets`].

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{browser, flags, form, texts};
use crate::codec;
use crate::plan::Lang;
use crate::ui::i18n::Msg;
use crate::ui::web;

/// The builder: its language from `?lang=`, the plan (and preset) from the fragment, as share
/// links carry them.
#[component]
pub fn Builder() -> impl IntoView {
    let lang = if browser::search().contains("lang=zh") {
        Lang::Zh
    } else {
        Lang::En
    };
    let hash = web::hash();
    let (plan, preset, _) = flags::starting_plan(&flags::Flags::default(), &hash);
    let html = form::dialog_html(lang, &plan);
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.tag());
    }
    document().set_title(Msg::EmbedThis.tr(lang));
    // The plan's default sliders, the widget's address and the plan as a fragment.
    let fixed = StoredValue::new((
        form::default_paths(&plan),
        flags::embed_url(&web::url()),
        codec::share_fragment(&plan, preset.as_deref()),
    ));
    let snippets = StoredValue::new((String::new(), String::new()));
    let root = NodeRef::<leptos::html::Main>::new();

    // The form's fields to the preview, the snippets and the problems.
    let refresh = move || {
        let Some(el) = root.get_untracked() else {
            return;
        };
        fixed.with_value(|(defaults, base, fragment)| {
            let (query, problems) = form::read(&browser::form_query(&el), defaults);
            let height = form::iframe_height(browser::preview_height());
            let pair = flags::snippets(base, &query, fragment, height);
            let lines: Vec<String> = problems.iter().map(|p| p.message(lang)).collect();
            // The preview talks to this page (its own origin): other origins are the host's.
            let preview: Vec<&str> = query
                .split('&')
                .filter(|p| !p.is_empty() && !p.starts_with("origins="))
                .collect();
            browser::builder_show(
                &el,
                &format!("{base}?{}#{fragment}", preview.join("&")),
                &pair.0,
                &pair.1,
                &lines.join("\n"),
            );
            snippets.set_value(pair);
        });
    };
    let on_click = move |e: ev::MouseEvent| {
        let action = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.get_attribute("data-action"));
        let text = match action.as_deref() {
            Some("close") => return browser::builder_close(),
            Some("copy-iframe") => snippets.with_value(|s| s.0.clone()),
            Some("copy-script") => snippets.with_value(|s| s.1.clone()),
            _ => return,
        };
        leptos::task::spawn_local(async move {
            let done = web::copy(&text).await;
            if let Some(el) = root.get_untracked() {
                let said = if done {
                    texts::COPIED
                } else {
                    texts::COPY_FAILED
                };
                browser::builder_say(&el, super::tr(said, lang));
            }
        });
    };
    Effect::new(move |_| {
        refresh();
        web::focus_id("embed-lang");
    });
    let _keys = window_event_listener(ev::keydown, |e: web_sys::KeyboardEvent| {
        // Esc closes, unless it cancels an input method's composition (typing Chinese).
        if e.key() == "Escape" && !e.is_composing() {
            browser::builder_close();
        }
    });
    view! {
        <main class="builder" data-testid="embed-dialog" node_ref=root inner_html=html
            on:change=move |_| refresh() on:click=on_click></main>
    }
}
