//! Every label and message of the page, in English and 中文. Field labels come from
//! [`crate::plan::fields`] and carriage names from [`crate::plan::Carriage::label`]; preset texts
//! from the presets themselves.

use crate::plan::fields::SPEND;
use crate::plan::lang::Text;
use crate::plan::levers::Lever;
use crate::plan::{Lang, Plan, PlanError, PlanErrors};

/// A text in both languages ([`Msg`], [`OtherMsg`]), for code that takes either.
pub trait Words: Copy + Send + Sync + 'static {
    /// The text in `lang`.
    fn words(self, lang: Lang) -> &'static str;
}

macro_rules! messages {
    ($(#[$doc:meta])* $ty:ident; $($name:ident => $en:literal, $zh:literal;)*) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $ty {
            $(
                #[doc = $en]
                $name,
            )*
        }

        impl Words for $ty {
            fn words(self, lang: Lang) -> &'static str {
                self.tr(lang)
            }
        }

        impl $ty {
            /// Every text, for tests.
            pub const ALL: &'static [$ty] = &[$($ty::$name),*];

            /// Every text in English and Chinese, in declaration order: a table lookup is a
            /// few bytes of wasm where a `match` over every pair was about 5 KB.
            const TEXTS: &'static [[&'static str; 2]] = &[$([$en, $zh]),*];

            /// The text in `lang`.
            pub fn tr(self, lang: Lang) -> &'static str {
                Self::TEXTS[self as usize][match lang {
                    Lang::En => 0,
                    Lang::Zh => 1,
                }]
            }
        }
    };
}

messages! {
    /// A text of the planner's page.
    Msg;
    Title => "Troika", "Troika 三驾马车";
    Tagline => "Sales plan simulator: traffic × conversion × AOV", "销售计划模拟：流量 × 转化率 × 客单价";
    Language => "中文", "English";
    LanguageLabel => "Switch to Chinese", "切换到英文";
    LargeType => "Large type", "大字模式";
    Preset => "Case", "场景";
    StuckLever => "Stuck lever: ", "卡住的杠杆：";
    RevealFix => "Reveal the fix", "揭晓解法";
    HideFix => "Hide the fix", "收起解法";
    ApplyFix => "Apply the fix", "应用解法";
    Assumptions => "Assumptions", "假设";
    Advanced => "More assumptions", "更多假设";
    Illustrative => "Figures other than the June plan from the article 《突破销售瓶颈—建立最合理的运营架构》 are illustrative assumptions.", "除《突破销售瓶颈—建立最合理的运营架构》一文中的六月计划外，其余数字均为示意假设。";
    Revenue => "Revenue", "销售额";
    Orders => "Orders", "订单数";
    NewBuyers => "New buyers", "新客数";
    ReturningBuyers => "Returning buyers", "老客数";
    AdSpend => "Ad spend", "广告花费";
    RoasFirst => "First-order ROAS", "首单投产比";
    RoasLifetime => "Lifetime ROAS", "生命周期投产比";
    Cac => "CAC", "获客成本";
    GrossProfit => "Gross profit", "毛利";
    TargetGap => "Short of target (months below it, summed)", "目标缺口（未达月份合计）";
    VsLoaded => "vs plan as loaded, same months", "较载入时（同期）";
    Horizon => "Horizon", "预测期";
    Target => "Monthly revenue target", "月销售目标";
    TargetHint => "empty: no target", "留空：不设目标";
    Months => "months", "个月";
    OneMonth => "month", "个月";
    ChartByChannel => "Monthly revenue by channel", "各渠道月度销售额";
    ChartByCarriage => "Revenue by carriage", "三驾马车贡献";
    ChartNewReturning => "New vs returning customers", "新客与老客";
    ChartSpend => "Spend vs revenue per channel", "各渠道花费与回报";
    ChartFunnel => "Funnel: visitors → buyers → repeat buyers", "漏斗：访客 → 买家 → 复购";
    BreakEven => "Break-even ROAS", "盈亏平衡投产比";
    SeriesBase => "Existing customers", "期初老客";
    SeriesTraffic => "Traffic", "流量";
    SeriesOperations => "Operations", "运营";
    SeriesMembership => "Membership", "会员营销";
    SeriesNew => "New customers", "新客";
    SeriesReturning => "Returning customers", "老客";
    SeriesCost => "Cost", "花费";
    SeriesFirstOrder => "First-order revenue", "首单销售额";
    SeriesLifetime => "Lifetime revenue", "生命周期销售额";
    Visitors => "Visitors", "访客";
    StageBuyers => "Visitors who bought", "下单访客";
    RepeatBuyers => "Repeat buyers (came back on their own)", "复购买家（自行回购，不经访问）";
    Table => "Month by month", "逐月明细";
    Undo => "Undo", "撤销";
    Redo => "Redo", "重做";
    Share => "Copy share link", "复制分享链接";
    LinkCopied => "Link copied: it holds the whole plan.", "链接已复制，其中包含完整计划。";
    LinkReady => "Share link (the plan travels in the link; nothing is uploaded):", "分享链接（计划保存在链接里，不会上传）：";
    Export => "Export JSON", "导出 JSON";
    Import => "Import JSON", "导入 JSON";
    Imported => "Plan imported.", "计划已导入。";
    ImportFailed => "This file is not a plan Troika can use; your plan is unchanged:", "该文件不是可用的计划，当前计划未改变：";
    LinkFailed => "The link's plan could not be opened; you are seeing your last plan:", "链接中的计划无法打开，显示的是您上次的计划：";
    LinkFailedJune => "The link's plan could not be opened; you are seeing the June plan:", "链接中的计划无法打开，显示的是六月计划：";
    Restored => "Your last plan was restored.", "已恢复您上次的计划。";
    StoredUnreadable => "Your saved plan could not be read; it is kept in this browser's storage as troika.plan.unreadable, and the June plan is shown:", "无法读取已保存的计划；原内容保留在浏览器存储 troika.plan.unreadable 中，现显示六月计划：";
    StoredUnreadableHeld => "Your saved plan could not be read, nor copied aside (storage is full): this page leaves it in troika.plan.v1 and keeps none of your edits here. The June plan is shown:", "无法读取已保存的计划，存储已满也无法另存：本页将其留在 troika.plan.v1 中，不保存这里的修改。现显示六月计划：";
    Reset => "Back to the plan as loaded", "恢复到载入时";
    Close => "Close", "关闭";
    Month => "Month", "月份";
    AnalysesFailed => "The analyses could not load. Check the connection, then try again.", "分析未能加载。请检查网络后重试。";
    TabBridge => "Revenue bridge", "销售额拆解";
    StepDown => "Lever −10%", "杠杆 −10%";
    StepUp => "Lever +10%", "杠杆 +10%";
    RealisticChange => "Realistic change", "现实可达的改变";
    EffectTraffic => "Traffic", "流量";
    EffectConversion => "Conversion", "转化率";
    // The bridge's factor all buyers ÷ channel buyers: it falls when channel buyers grow faster
    // than the members who come back, though more come back ("repeat buying" would read wrong).
    EffectRepeat => "Repeat share", "复购占比";
    EffectAov => "AOV", "客单价";
    Before => "Before", "之前";
    After => "After", "之后";
    SeriesP10 => "P10 (low)", "P10（偏低）";
    SeriesP50 => "P50 (median)", "P50（中位）";
    SeriesP90 => "P90 (high)", "P90（偏高）";
    SeriesPlan => "Plan", "计划值";
    Needed => "Needed", "所需";
    Now => "Now", "当前";
    Channel => "Channel", "渠道";
    ShortBy => "short by", "缺口";
    NewRevenue => "New-customer revenue", "新客销售额";
    ReturningRevenue => "Returning revenue", "老客销售额";
    Ceiling => "Most any spend brings", "投放上限访客";
    MonthlyBudget => "Monthly budget", "月预算";
    TargetRoas => "Target marginal ROAS", "目标边际投产比";
    Optimal => "Optimal", "最优";
    Min => "Min", "下限";
    Max => "Max", "上限";
    MarginalRoas => "Marginal ROAS", "边际投产比";
    Assumption => "Assumption", "假设";
    ChanceByMonth => "Chance of reaching the month's target", "各月达成目标的概率";
    FindBottleneck => "See it in the tornado ↓", "在龙卷风图中查看 ↓";
    LinkOpened => "A shared plan is open. Your own plan is kept: Undo or the button brings it back.", "已打开分享的计划。您自己的计划仍保留：点“撤销”或下方按钮即可恢复。";
    LinkPresetUnknown => "The link's plan is open, without its preset:", "已打开链接中的计划，不含其场景：";
    BackToMine => "Back to my plan", "恢复我的计划";
    Present => "Present", "演示模式";
    TargetVaries => "This plan's target varies by month; month 1 is shown. A value typed here applies to every month (Undo brings the monthly targets back).", "本计划的目标逐月不同，这里显示第 1 个月。在此输入的数值将用于每个月（撤销可恢复逐月目标）。";
    FixKept => "The plan now has the case's fix. Undo gives the case back as it was.", "计划已包含该场景的解决方案。点“撤销”可恢复场景原样。";
    LeverVaries => "Varies by month; month 1 is shown. Moving it scales every month alike (Undo brings the months back).", "逐月不同，这里显示第 1 个月。调整时每个月按同一比例变化（撤销可恢复各月数值）。";
    RestoredKeptOwn => "Your last plan was restored. The plan it replaced is kept too.", "已恢复您上次的计划。被它替换的计划也仍保留。";
    EditedKept => "The plan you had is kept: Undo or the button brings it back.", "您之前的计划仍保留：点“撤销”或下方按钮即可恢复。";
    SkipToResults => "Skip to the results", "跳到结果";
    SeriesBand => "P10–P90 (8 in 10 trials)", "P10–P90（八成模拟落在此区间）";
    Results => "Results", "结果";
    ChartSummary => "Totals over the months shown", "所示月份合计";
    BoundMin => "smallest monthly spend", "最低月投放";
    BoundMax => "largest monthly spend", "最高月投放";
    StorageOff => "This browser is not keeping Troika's data (storage is full or turned off): your edits stay while this page is open. Use Export JSON to keep them.", "此浏览器无法保存 Troika 的数据（存储已满或被禁用）：您的修改在页面打开期间仍然有效。如需保留，请用“导出 JSON”。";
    Print => "Print the plan", "打印计划";
    ImagePng => "Download this chart as a PNG image (for slides)", "下载本图为 PNG 图片（可放入幻灯片）";
    ImageCopy => "Copy image", "复制图片";
    ImageCopied => "The chart is on the clipboard as an image: paste it into a slide.", "图表已作为图片复制到剪贴板，可直接粘贴到幻灯片。";
    ImageNotCopied => "This browser does not let the page copy images: use PNG to download it instead.", "此浏览器不允许网页复制图片，请用 PNG 下载。";
    ReportTitle => "Plan report", "计划报告";
    ReportTasks => "What each carriage must deliver", "三驾马车各自的任务";
    ReportVerdict => "The bottleneck", "瓶颈诊断";
    ReportChanges => "Assumptions changed from the preset", "相对场景改动的假设";
    ReportNoPreset => "This plan is not tied to a preset (it did not come from one, or was taken past its story): there is no preset to compare its assumptions with.", "此计划未关联预设场景（并非来自场景，或已越过场景的故事），没有可对照的假设。";
    ReportOther => "Other assumptions (monthly schedules, target, seasonality…)", "其他假设（逐月安排、目标、季节性等）";
    ReportOtherChanged => "changed", "有改动";
    ReportFailed => "The plan report could not be made:", "无法生成计划报告：";
    ReportComparedWith => "Compared with the preset:", "对照场景：";
    ReportUnchanged => "No assumption differs from the preset.", "与场景相比，没有改动任何假设。";
    ReportPreset => "Preset", "场景";
    ReportThisPlan => "This plan", "本计划";
    ReportRemoved => "in the preset", "场景中有";
    ReportMore => "…and {n} more.", "……另有 {n} 项。";
    CsvChannel => "Channel", "渠道";
    CsvVisitors => "Visitors", "访客数";
    CsvBuyers => "Buyers", "买家数";
    CsvCost => "Cost (spend, commission or fee)", "成本（投放、佣金或费用）";
    CsvMonths => "Download the table (CSV)", "下载逐月表（CSV）";
    CsvChannels => "Download per channel (CSV)", "下载分渠道表（CSV）";
    EmbedPlanFailed => "The plan in this widget's address could not be opened; the June plan is shown:", "小组件地址中的计划无法打开，显示的是六月计划：";
    EmbedThis => "Embed this plan", "嵌入此计划";
    UpdateReady => "A new version is ready", "新版本已就绪";
    Reload => "Reload", "重新载入";
    OfflineCopy => "Download for offline use", "下载离线版";
    Scenarios => "My scenarios", "我的方案";
    ScenarioOpened => "Opened in the planner:", "已在规划中打开：";
    UndoBringsBack => "Undo brings back the plan you had.", "点撤销可恢复之前的计划。";
    ScenarioOnScreen => "My scenario:", "我的方案：";
    LibraryUnreadable => "Saved scenarios could not be read; the library as stored is kept in this browser's storage as troika.library.unreadable:", "已保存的方案无法读取；原方案库保留在浏览器存储 troika.library.unreadable 中：";
    LibraryImportFailed => "This file is not a scenario library Troika can use; your scenarios are unchanged:", "该文件不是可用的方案库，您的方案未改变：";
    Change => "Change", "变化";
    CsvSchedules => "Download the plan's schedules (CSV)", "下载月度安排（CSV）";
    CsvFailed => "The file was not applied; the plan is unchanged:", "文件未应用，计划保持不变：";
    CsvApplied => "The file's schedules are in the plan; Undo takes them back.", "已把文件中的月度安排写入计划；点撤销可恢复。";
    TabBottleneck => "Bottleneck", "找瓶颈";
    TabReverse => "Reverse plan", "目标推演";
    TabBudget => "Budget", "预算分配";
    TabUncertainty => "Uncertainty", "不确定性";
    FanTitle => "Monthly revenue: where 8 in 10 trials land, the median and the plan", "月销售额：八成模拟落在的区间、中位数与计划值";
    ChartCompare => "Monthly revenue by scenario", "各方案月销售额";
    Analyses => "Find the bottleneck and plan backwards", "找瓶颈与推演";
    AnalysesLoading => "Loading the analyses…", "正在加载分析…";
    Retry => "Try again", "重试";
    ExitPresent => "Back to the planner (Esc)", "返回规划（Esc）";
}

messages! {
    /// A text the planner's page does not show: the analyses', presenter mode's, My scenarios' and
    /// the widget's. A table of its own, so that the page's wasm, which loads first, does not
    /// carry them.
    OtherMsg;
    Profit => "Profit after marketing", "营销后利润";
    Buyers => "Buyers", "买家";
    Goal => "Goal", "目标";
    GoalHorizonRevenue => "Revenue over the horizon", "计划期销售额";
    GoalHorizonProfit => "Profit over the horizon", "计划期利润";
    GoalMonthRevenue => "Revenue in one month", "单月销售额";
    TornadoHint => "Ranked by what a realistic change adds. Click a bar to go to its lever.", "按现实可达改变的增量排序。点击条形可跳到对应杠杆。";
    Compare => "Compare", "比较";
    BridgeMonths => "Two months", "两个月份";
    BridgePlans => "Plan as loaded → now", "载入时的计划 → 当前";
    From => "From", "从";
    To => "To", "到";
    BridgeNote => "Each part is what that factor alone changed; the parts add up exactly to the change. Repeat share is all buyers per buyer the channels bring.", "每一项是该因素单独带来的变化，各项相加恰好等于总变化。复购占比＝全部买家 ÷ 渠道带来的买家。";
    AxisFrom => "The axis starts at", "纵轴起点为";
    ApplySpends => "Use these spends in the plan", "把这些投放写入计划";
    Unreachable => "unreachable", "达不到";
    Maximise => "Maximise", "优化目标";
    BudgetMode => "Budget", "预算";
    FixedBudget => "Fixed monthly budget", "固定月预算";
    FlexibleBudget => "Spend while marginal ROAS ≥ target", "边际投产比达标就继续投";
    ApplyAllocation => "Use this allocation", "采用这个分配";
    CurvesNote => "Each channel's revenue over the horizon against its monthly spend: ○ now, ● optimal.", "各渠道计划期销售额随月投放的变化：○ 当前，● 最优。";
    NoPaid => "The plan has no paid channel to allocate a budget to.", "计划中没有可分配预算的付费渠道。";
    Low => "Low (−%)", "偏低（−%）";
    High => "High (+%)", "偏高（+%）";
    Seed => "Seed", "随机种子";
    Trials => "Trials", "模拟次数";
    Run => "Run", "运行";
    Cancel => "Cancel", "取消";
    Running => "Running", "运行中";
    Cancelled => "Cancelled; the last complete run is shown.", "已取消；显示上一次完整的结果。";
    Stale => "The plan or the ranges changed since this run: run again to update it.", "计划或区间已改变：请重新运行以更新结果。";
    LowLikelyHigh => "Low · likely (plan) · high, month 1", "偏低 · 最可能（计划）· 偏高，首月";
    NoChange => "No change to explain: revenue is the same.", "销售额没有变化，无需拆解。";
    ThisShop => "This shop", "本店";
    WellRun => "A well-run shop", "经营良好的店铺";
    BreakEvenBar => "Break-even", "盈亏平衡";
    BetterLevel => "A better level", "更好的水平";
    ApplyAnyway => "Use these spends anyway", "仍然写入这些投放";
    ConfirmLoss => "Click again to use them anyway.", "如仍要写入，请再点一次。";
    SpreadLow => "below plan, %", "低于计划的百分比";
    SpreadHigh => "above plan, %", "高于计划的百分比";
    BridgeCaption => "Where the change comes from (revenue bridge)", "增量从哪里来（销售额拆解）";
    WhatIf => "What if…", "假如……";
    WhatIfHint => "Drag a lever: every figure of this step follows.", "拖动杠杆，本页所有数字随之变化。";
    TrainerView => "Trainer's view", "讲师视图";
    NextUp => "Next:", "下一步：";
    LastStep => "This is the last step.", "这是最后一步。";
    NextAnswer => "Next: the answer, on this step.", "下一步：在本页揭晓答案。";
    AnswerShown => "The answer is on the screen.", "答案已揭晓。";
    ResetTimer => "Restart the timer", "重新计时";
    Waiting => "The presentation has ended: open presenter mode in the Troika window.", "演示已结束：请在 Troika 窗口中重新打开演示模式。";
    StepBack => "← Back", "← 上一步";
    StepNext => "Next →", "下一步 →";
    BlackedOut => "The projector is blacked out: any key brings it back.", "投影已黑屏：按任意键恢复。";
    CsvTable => "Download this table (CSV)", "下载此表（CSV）";
}

/// A series' name in `lang`: channel names as the plan has them, the rest translated.
pub fn series_label(id: &str, label: &str, lang: Lang) -> String {
    if crate::charts::channel_id(id).is_some() || id.starts_with(super::compare::SERIES_PREFIX) {
        return label.to_string();
    }
    let msg = match id {
        "base" => Msg::SeriesBase,
        "traffic" => Msg::SeriesTraffic,
        "operations" => Msg::SeriesOperations,
        "membership" => Msg::SeriesMembership,
        "new" => Msg::SeriesNew,
        "returning" => Msg::SeriesReturning,
        "cost" => Msg::SeriesCost,
        "first_order" => Msg::SeriesFirstOrder,
        "lifetime" => Msg::SeriesLifetime,
        "visitors" => Msg::Visitors,
        "buyers" => Msg::StageBuyers,
        "new_customers" => Msg::NewBuyers,
        "repeat_buyers" => Msg::RepeatBuyers,
        "p10" => Msg::SeriesP10,
        "p50" => Msg::SeriesP50,
        "p90" => Msg::SeriesP90,
        "plan" => Msg::SeriesPlan,
        "target" => Msg::Target,
        "break_even" => Msg::BreakEven,
        "p10_p90" => Msg::SeriesBand,
        _ => return label.to_string(),
    };
    msg.tr(lang).to_string()
}

/// Why `lever`'s box did not take `text` (not a number, or outside the lever's range), in both
/// languages. Every number box keeps its refusal as a [`Text`] and shows it in the page's
/// language when it renders, so a message on screen follows a switch between English and 中文.
/// (Reading a number does not depend on the language: a refusal in one is a refusal in both.)
pub fn typed_refusal(lever: &Lever, text: &str) -> Text {
    Text::worded(|lang| lever.parse_input(text, lang).err().unwrap_or_default())
}

/// The first of the plan's errors, in both languages.
pub fn first_error(errors: &PlanErrors) -> Option<Text> {
    errors.iter().next().map(|e| e.text())
}

/// The first problems' messages in both languages, and how many more there are: a notice's
/// lines.
pub fn errors_worded(errors: &PlanErrors) -> Vec<Text> {
    let mut lines: Vec<Text> = errors.iter().take(8).map(|e| e.text()).collect();
    if errors.len() > 8 {
        let more = (errors.len() - 8).to_string();
        lines.push(Text::worded(|lang| {
            Msg::ReportMore.tr(lang).replace("{n}", &more)
        }));
    }
    lines
}

/// The budget tab's box for a paid channel's smallest (or, `is_max`, largest) monthly spend, by
/// name: its label, and how its refusals name it ("直通车 Search ads · largest monthly spend").
pub fn bound_label(channel: &str, is_max: bool, lang: Lang) -> String {
    let bound = if is_max { Msg::BoundMax } else { Msg::BoundMin };
    format!("{channel} · {}", bound.tr(lang))
}

/// The budget tab's refusal of its options in `lang`, naming the box the user typed into (the
/// monthly budget, a channel's smallest or largest spend, the target ROAS) where the optimiser
/// names its option's path (`budget.monthly_cny`, `bounds[0].max_cny`), and giving amounts of
/// money as money. `bounds` are the options' bounds, by which a bound's path finds its channel.
pub fn budget_refusal(
    e: &PlanError,
    plan: &Plan,
    bounds: &[crate::analysis::optimize::Bound],
    lang: Lang,
) -> String {
    let bound = |rest: &str| {
        let (i, key) = rest.split_once("].")?;
        let id = &bounds.get(i.parse::<usize>().ok()?)?.id;
        let name = &plan.channels.iter().find(|c| *c.id == **id)?.name;
        let is_max = match key {
            "min_cny" => false,
            "max_cny" => true,
            _ => return None,
        };
        Some(bound_label(name, is_max, lang))
    };
    let (label, field) = match e.path.as_str() {
        "budget.monthly_cny" => (Some(Msg::MonthlyBudget.tr(lang).to_string()), Some(&SPEND)),
        "budget.target_roas" => (Some(Msg::TargetRoas.tr(lang).to_string()), None),
        path => match path.strip_prefix("bounds[").and_then(bound) {
            Some(label) => (Some(label), Some(&SPEND)),
            None => (None, None),
        },
    };
    let Some(label) = label else {
        return e.message(lang);
    };
    // An amount given is written as the boxes show money.
    let given = match (
        field,
        e.given.as_deref().and_then(crate::plan::lang::read_decimal),
    ) {
        (Some(f), Some(v)) if v.is_finite() => Some(f.unit.show(v, lang)),
        _ => e.given.clone(),
    };
    let bare = PlanError {
        path: String::new(),
        given,
        field,
        ..e.clone()
    };
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    format!("{label}{colon}{}", bare.message(lang))
}

/// A count of months with its unit: "1 month", "12 months", "12 个月".
pub fn months(h: usize, lang: Lang) -> String {
    let unit = if h == 1 { Msg::OneMonth } else { Msg::Months };
    format!("{h} {}", unit.tr(lang))
}

/// `msg` in both languages.
pub fn both(msg: Msg) -> Text {
    Text::worded(|lang| msg.tr(lang).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_both_languages() {
        let all = Msg::ALL
            .iter()
            .map(|m| (format!("{m:?}"), m.words(Lang::En), m.words(Lang::Zh)));
        let others = OtherMsg::ALL
            .iter()
            .map(|m| (format!("{m:?}"), m.words(Lang::En), m.words(Lang::Zh)));
        for (name, en, zh) in all.chain(others) {
            assert!(!en.trim().is_empty() && !zh.trim().is_empty(), "{name}");
            if name != "Title" {
                assert_ne!(en, zh, "{name} is not translated");
            }
        }
    }

    #[test]
    fn the_budget_tab_names_the_box_and_gives_money_as_money() {
        use crate::analysis::optimize::{optimize, Bound, OptimizeOptions};
        let plan = crate::presets::june();
        let search = plan.channels.iter().find(|c| &*c.id == "search").unwrap();
        let refusal = |bounds: Vec<Bound>, lang| {
            let options = OptimizeOptions {
                bounds: bounds.clone(),
                ..OptimizeOptions::default()
            };
            let e = optimize(&plan, &options).unwrap_err();
            budget_refusal(e.iter().next().unwrap(), &plan, &bounds, lang)
        };
        // A smallest spend above today's budget (the box left empty): the budget is refused,
        // named as the box is, the allowed amounts in yuan.
        let high = vec![Bound {
            id: "search".into(),
            min_cny: 9e8,
            max_cny: None,
        }];
        let en = refusal(high.clone(), Lang::En);
        assert!(en.starts_with("Monthly budget: "), "{en}");
        assert!(
            en.contains("¥800,000 is out of range; allowed ¥900,000,000"),
            "{en}"
        );
        assert!(!en.contains("budget.monthly_cny"), "{en}");
        let zh = refusal(high, Lang::Zh);
        assert!(zh.starts_with("月预算："), "{zh}");
        assert!(zh.contains('¥') && !zh.contains("budget."), "{zh}");
        // A largest spend below the smallest: the channel's box, by its name.
        let crossed = vec![Bound {
            id: "search".into(),
            min_cny: 600_000.0,
            max_cny: Some(1000.0),
        }];
        let en = refusal(crossed.clone(), Lang::En);
        assert!(
            en.starts_with(&format!("{} · largest monthly spend: ", search.name)),
            "{en}"
        );
        assert!(en.contains("¥600,000") && !en.contains("bounds["), "{en}");
        let zh = refusal(crossed, Lang::Zh);
        assert!(
            zh.starts_with(&format!("{} · 最高月投放：", search.name)),
            "{zh}"
        );
    }

    #[test]
    fn a_refusal_is_kept_in_both_languages() {
        let plan = crate::presets::june();
        let lever = crate::plan::levers::levers(&plan)
            .into_iter()
            .find(|l| l.path == "channels.search.conversion_rate")
            .unwrap();
        let typed = typed_refusal(&lever, "abc");
        assert_eq!(
            typed.get(Lang::Zh),
            "直通车 Search ads · 转化率：“abc”不是数字；允许 0% 至 100%"
        );
        assert!(
            typed.get(Lang::En).contains("“abc” is not a number"),
            "{typed:?}"
        );
        let mut bad = plan.clone();
        bad.operations.gross_margin = crate::plan::Series::Flat(2.0);
        let errors = bad.validate().unwrap_err();
        let first = first_error(&errors).unwrap();
        assert!(first.get(Lang::Zh).contains("毛利率"), "{first:?}");
        assert!(first.get(Lang::En).contains("margin"), "{first:?}");
        assert_eq!(errors_worded(&errors)[0], first);
    }
}
