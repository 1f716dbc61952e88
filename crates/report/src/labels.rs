//! Words the reports print, in the three languages Wayline speaks.

use wayline_model::Locale;

/// `(key, [en, zh-CN, zh-TW])`
const LABELS: &[(&str, [&str; 3])] = &[
    (
        "report",
        ["Customer journey report", "客户旅程报告", "顧客旅程報告"],
    ),
    ("project", ["Project", "项目", "專案"]),
    ("map", ["Map", "旅程图", "旅程圖"]),
    ("persona", ["Persona", "用户画像", "人物誌"]),
    ("scenario", ["Scenario", "场景", "情境"]),
    (
        "expectations",
        ["Customer expectations", "客户期望", "顧客期望"],
    ),
    ("date", ["Date", "日期", "日期"]),
    ("participants", ["Participants", "参与者", "參與者"]),
    ("language", ["Language", "语言", "語言"]),
    ("summary", ["Executive summary", "管理摘要", "管理摘要"]),
    (
        "low_points",
        [
            "Lowest points of the emotion curve",
            "情绪曲线的最低点",
            "情緒曲線的最低點",
        ],
    ),
    ("mean", ["mean", "平均", "平均"]),
    ("spread", ["spread", "分歧", "分歧"]),
    ("ratings", ["ratings", "个评分", "個評分"]),
    (
        "gaps",
        [
            "Biggest gaps between expected and current",
            "预期与现状差距最大的指标",
            "預期與現況差距最大的指標",
        ],
    ),
    (
        "top_pain",
        ["Top-voted pain points", "得票最多的痛点", "得票最多的痛點"],
    ),
    (
        "top_opportunities",
        [
            "Top-voted opportunities",
            "得票最多的机会点",
            "得票最多的機會點",
        ],
    ),
    ("votes", ["votes", "票", "票"]),
    (
        "confidence_mix",
        [
            "How much of the map is backed by data",
            "旅程图中有数据支撑的比例",
            "旅程圖中有數據支撐的比例",
        ],
    ),
    ("assumption", ["Assumption", "假设", "假設"]),
    ("partial", ["Partly backed", "部分有依据", "部分有依據"]),
    ("backed", ["Backed by data", "有数据支撑", "有數據支撐"]),
    ("the_map", ["The map", "旅程图", "旅程圖"]),
    ("continued", ["continued", "续", "續"]),
    (
        "metrics_table",
        ["Metrics and gaps", "体验指标与差距", "體驗指標與差距"],
    ),
    ("stage", ["Stage", "阶段", "階段"]),
    ("metric", ["Metric", "指标", "指標"]),
    ("target", ["Target", "目标", "目標"]),
    ("current", ["Current", "现状", "現況"]),
    ("gap", ["Gap", "差距", "差距"]),
    ("status", ["Status", "状态", "狀態"]),
    ("green", ["On target", "达标", "達標"]),
    ("amber", ["Watch", "需关注", "需關注"]),
    ("red", ["Off target", "未达标", "未達標"]),
    ("unknown", ["No data", "无数据", "無資料"]),
    ("department", ["Department", "部门", "部門"]),
    ("pain_points", ["Pain points", "痛点", "痛點"]),
    ("opportunities", ["Opportunities", "机会点", "機會點"]),
    (
        "parking",
        ["Parking lot", "停车场（待议事项）", "停車場（待議事項）"],
    ),
    ("links_to", ["hand-off to", "交接至", "交接至"]),
    ("nothing", ["—", "—", "—"]),
    ("marketing", ["Marketing", "市场部", "行銷部"]),
    ("sales", ["Sales", "销售部", "業務部"]),
    ("service", ["Service", "客服部", "客服部"]),
    ("nps", ["NPS", "净推荐值 NPS", "淨推薦值 NPS"]),
    ("csat", ["CSAT", "满意度 CSAT", "滿意度 CSAT"]),
    ("ces", ["CES", "费力度 CES", "費力度 CES"]),
    ("churn_rate", ["Churn rate", "流失率", "流失率"]),
    ("retention_rate", ["Retention rate", "留存率", "留存率"]),
    ("conversion_rate", ["Conversion rate", "转化率", "轉換率"]),
    (
        "cart_abandonment",
        ["Cart abandonment", "购物车放弃率", "購物車放棄率"],
    ),
    (
        "call_hold_time",
        ["Call hold time", "电话等待时长", "電話等候時間"],
    ),
    (
        "self_service_deflection",
        [
            "Self-service deflection",
            "自助服务分流率",
            "自助服務分流率",
        ],
    ),
    ("ads", ["Ads", "广告", "廣告"]),
    ("website", ["Website", "官网", "網站"]),
    ("store", ["Store", "门店", "門市"]),
    ("phone", ["Phone", "电话", "電話"]),
    ("email", ["E-mail", "邮件", "電子郵件"]),
    ("chat", ["Chat", "在线聊天", "線上聊天"]),
    ("social", ["Social media", "社交媒体", "社群媒體"]),
    ("knowledge_base", ["Knowledge base", "知识库", "知識庫"]),
    ("faq", ["FAQ", "常见问题", "常見問題"]),
    ("tutorials", ["Tutorials", "教程", "教學"]),
    (
        "chatbot_ivr",
        ["Chatbot / IVR", "聊天机器人/IVR", "聊天機器人/IVR"],
    ),
    (
        "community_forum",
        ["Community forum", "社区论坛", "社群論壇"],
    ),
];

pub fn label(locale: Locale, key: &str) -> String {
    let index = match locale {
        Locale::En => 0,
        Locale::ZhCn => 1,
        Locale::ZhTw => 2,
    };
    LABELS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, t)| t[index].to_owned())
        .unwrap_or_else(|| key.to_owned())
}

/// A channel's display name (custom channels show their own name).
pub fn channel(locale: Locale, id: &str) -> String {
    id.strip_prefix("custom:")
        .map(str::to_owned)
        .unwrap_or_else(|| label(locale, id))
}

/// A department's display name (custom teams show their own name).
pub fn department(locale: Locale, id: &str) -> String {
    match id {
        "marketing" | "sales" | "service" => label(locale, id),
        other => other.to_owned(),
    }
}

/// A metric's display name.
pub fn metric(locale: Locale, kind: &str, custom_label: &str) -> String {
    if kind == "custom" || !custom_label.is_empty() {
        return if custom_label.is_empty() {
            kind.to_owned()
        } else {
            custom_label.to_owned()
        };
    }
    label(locale, kind)
}
