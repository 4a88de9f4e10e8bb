//! The widget face (`embed.html`, `docs/embed.md`): what intranet pages embed.
//!
//! - [`flags`]: the URL flags, read and checked (pure);
//! - [`form`]: "Embed this plan"'s form as HTML, and its fields read back (pure);
//! - [`protocol`]: the messages between host and widget, and who may send them (pure);
//! - `widget`: the widget's page (browser only);
//! - `builder`: "Embed this plan", a page the planner opens in a frame over itself (browser only);
//! - `browser`: the browser calls of these two pages, kept out of the planner's page.
//!
//! Both pages are the widget's own binary (`src/widget.rs`), built by `scripts/post-build.mjs`.

use crate::plan::Lang;

pub mod flags;
pub mod form;
pub mod protocol;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
mod builder;
#[cfg(target_arch = "wasm32")]
mod widget;

#[cfg(target_arch = "wasm32")]
pub use builder::Builder;
#[cfg(target_arch = "wasm32")]
pub use widget::{ReadOnly, Widget};

/// The builder's and the widget's own texts, English then 中文. They are not [`Msg`]s, so the
/// planner's page, which shows none of them, does not carry them.
pub mod texts {
    /// Some settings of this widget were not understood:
    pub const FLAGS: [&str; 2] = [
        "Some settings of this widget were not understood:",
        "此小组件的部分设置无法识别：",
    ];
    /// A widget for an intranet page: choose what it shows, check it at your page's width, then copy one of the two snippets. The plan on screen travels in the snippet; nothing is uploaded.
    pub const INTRO: [&str; 2] = ["A widget for an intranet page: choose what it shows, check it at your page's width, then copy one of the two snippets. The plan on screen travels in the snippet; nothing is uploaded.", "用于内网页面的小组件：选择要显示的内容，按页面宽度预览，然后复制下面任一段代码。当前计划随代码一起带走，不会上传。"];
    /// Language
    pub const LANG: [&str; 2] = ["Language", "语言"];
    /// The reader's
    pub const AUTO: [&str; 2] = ["The reader's", "跟随读者"];
    /// Colours
    pub const THEME: [&str; 2] = ["Colours", "配色"];
    /// Light
    pub const LIGHT: [&str; 2] = ["Light", "浅色"];
    /// Dark
    pub const DARK: [&str; 2] = ["Dark", "深色"];
    /// Charts
    pub const CHARTS: [&str; 2] = ["Charts", "图表"];
    /// Figures
    pub const KPIS: [&str; 2] = ["Figures", "指标"];
    /// Sliders (at most 8)
    pub const LEVERS: [&str; 2] = ["Sliders (at most 8)", "滑块（最多 8 个）"];
    /// Read-only: no sliders
    pub const READONLY: [&str; 2] = ["Read-only: no sliders", "只读：不显示滑块"];
    /// Months shown (empty: the plan's own)
    pub const MONTHS: [&str; 2] = [
        "Months shown (empty: the plan's own)",
        "显示月数（留空即沿用计划）",
    ];
    /// Title
    pub const TITLE: [&str; 2] = ["Title", "标题"];
    /// Host origins allowed to talk to it, comma-separated (the script form allows its own page by itself)
    pub const ORIGINS: [&str; 2] = [
        "Host origins allowed to talk to it, comma-separated (the script form allows its own page by itself)",
        "允许与之通信的宿主源，以逗号分隔（脚本方式会自动允许所在页面）",
    ];
    /// Preview width
    pub const WIDTH: [&str; 2] = ["Preview width", "预览宽度"];
    /// Plain iframe (for pages that allow no scripts)
    pub const IFRAME: [&str; 2] = [
        "Plain iframe (for pages that allow no scripts)",
        "纯 iframe（适用于不允许脚本的页面）",
    ];
    /// Host script (sizes itself and reports the figures to your page)
    pub const SCRIPT: [&str; 2] = [
        "Host script (sizes itself and reports the figures to your page)",
        "宿主脚本（自动调整高度，并把数字回传给页面）",
    ];
    /// Copy
    pub const COPY: [&str; 2] = ["Copy", "复制"];
    /// Copied.
    pub const COPIED: [&str; 2] = ["Copied.", "已复制。"];
    /// The browser refused the clipboard: select the text and copy it.
    pub const COPY_FAILED: [&str; 2] = [
        "The browser refused the clipboard: select the text and copy it.",
        "浏览器拒绝访问剪贴板：请选中文字后复制。",
    ];
    /// Every flag and the message protocol: docs/embed.md
    pub const DOCS: [&str; 2] = [
        "Every flag and the message protocol: docs/embed.md",
        "全部参数与消息协议：docs/embed.md",
    ];
    /// Every text, for tests.
    pub const ALL: &[[&str; 2]] = &[
        FLAGS,
        INTRO,
        LANG,
        AUTO,
        THEME,
        LIGHT,
        DARK,
        CHARTS,
        KPIS,
        LEVERS,
        READONLY,
        MONTHS,
        TITLE,
        ORIGINS,
        WIDTH,
        IFRAME,
        SCRIPT,
        COPY,
        COPIED,
        COPY_FAILED,
        DOCS,
    ];
}

/// A text of [`texts`] in `lang`.
pub fn tr(text: [&'static str; 2], lang: Lang) -> &'static str {
    text[if lang == Lang::Zh { 1 } else { 0 }]
}
