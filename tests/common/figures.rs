//! Plain number formats for the pure HTML writers, as the page gives them its `Intl` formats.

use troika::plan::Lang;
use troika::ui::slides::Figures;

/// Calls `f` with whole yuan and two-decimal numbers.
pub fn with_figures<R>(lang: Lang, f: impl FnOnce(&Figures) -> R) -> R {
    let money = |v: f64| format!("¥{v:.0}");
    let plain = |v: f64| format!("{v:.2}");
    f(&Figures {
        lang,
        money: &money,
        count: &plain,
        percent: &plain,
        ratio: &plain,
    })
}
