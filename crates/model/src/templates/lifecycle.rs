//! The customer-lifecycle template: reach → acquisition → conversion → retention → loyalty,
//! filled with an online shop's journey as an example.

use super::{CardSpec, LaneSpec, StageSpec, TemplateSpec};
use crate::schema::{LaneKind, Phase, Separator};

const ACTIONS: usize = 0;
const TOUCHPOINTS: usize = 1;
const PAIN: usize = 3;
const OPPORTUNITIES: usize = 4;
const MARKETING: usize = 5;
const SALES: usize = 6;
const SERVICE: usize = 7;

pub const LIFECYCLE: TemplateSpec = TemplateSpec {
    id: "lifecycle",
    map_title: ["Customer lifecycle", "客户生命周期旅程", "顧客生命週期旅程"],
    sample_project: [
        "Sample: online shop",
        "示例：网店客户旅程",
        "範例：網店顧客旅程",
    ],
    stages: &[
        StageSpec {
            title: ["Reach", "触达", "觸達"],
            description: [
                "The customer first notices the brand: an ad, a search result, a friend's post.",
                "客户第一次注意到品牌：广告、搜索结果或朋友的分享。",
                "顧客第一次注意到品牌：廣告、搜尋結果或朋友的分享。",
            ],
            color: "blue",
            phase: Phase::PreSale,
        },
        StageSpec {
            title: ["Acquisition", "获客", "獲客"],
            description: [
                "They visit the website, compare options and sign up.",
                "访问网站、比较方案并注册。",
                "造訪網站、比較方案並註冊。",
            ],
            color: "teal",
            phase: Phase::PreSale,
        },
        StageSpec {
            title: ["Conversion", "转化", "轉換"],
            description: [
                "They choose a product and pay.",
                "选择商品并完成支付。",
                "選擇商品並完成付款。",
            ],
            color: "green",
            phase: Phase::PreSale,
        },
        StageSpec {
            title: ["Retention", "留存", "留存"],
            description: [
                "Delivery, first use and after-sales service.",
                "收货、首次使用和售后服务。",
                "收貨、首次使用與售後服務。",
            ],
            color: "orange",
            phase: Phase::PostSale,
        },
        StageSpec {
            title: ["Loyalty", "忠诚", "忠誠"],
            description: [
                "They buy again, leave feedback and recommend us.",
                "复购、反馈并推荐给他人。",
                "回購、回饋並推薦給他人。",
            ],
            color: "purple",
            phase: Phase::PostSale,
        },
    ],
    lanes: &[
        LaneSpec {
            title: ["Customer actions", "客户行为", "顧客行為"],
            kind: LaneKind::Cards,
            role: "actions",
            department: "",
            separator: Separator::None,
        },
        LaneSpec {
            title: ["Touchpoints", "触点", "接觸點"],
            kind: LaneKind::Cards,
            role: "touchpoints",
            department: "",
            separator: Separator::None,
        },
        LaneSpec {
            title: ["Emotions", "情绪曲线", "情緒曲線"],
            kind: LaneKind::Emotion,
            role: "",
            department: "",
            separator: Separator::None,
        },
        LaneSpec {
            title: ["Pain points", "痛点", "痛點"],
            kind: LaneKind::Cards,
            role: "pain_points",
            department: "",
            separator: Separator::None,
        },
        LaneSpec {
            title: ["Opportunities", "机会点", "機會點"],
            kind: LaneKind::Cards,
            role: "opportunities",
            department: "",
            separator: Separator::None,
        },
        LaneSpec {
            title: ["Marketing", "市场部", "行銷部"],
            kind: LaneKind::Department,
            role: "backstage",
            department: "marketing",
            separator: Separator::Visibility,
        },
        LaneSpec {
            title: ["Sales", "销售部", "業務部"],
            kind: LaneKind::Department,
            role: "backstage",
            department: "sales",
            separator: Separator::None,
        },
        LaneSpec {
            title: ["Service", "客服部", "客服部"],
            kind: LaneKind::Department,
            role: "backstage",
            department: "service",
            separator: Separator::None,
        },
    ],
    cards: &[
        CardSpec {
            stage: 0,
            lane: ACTIONS,
            color: "yellow",
            text: [
                "Sees a social media ad for running shoes",
                "在社交媒体上看到跑鞋广告",
                "在社群媒體上看到跑鞋廣告",
            ],
        },
        CardSpec {
            stage: 0,
            lane: TOUCHPOINTS,
            color: "blue",
            text: [
                "Social media ad\nSearch results",
                "社交媒体广告\n搜索结果",
                "社群媒體廣告\n搜尋結果",
            ],
        },
        CardSpec {
            stage: 0,
            lane: PAIN,
            color: "pink",
            text: [
                "The ad does not show the price",
                "广告里看不到价格",
                "廣告裡看不到價格",
            ],
        },
        CardSpec {
            stage: 0,
            lane: MARKETING,
            color: "purple",
            text: [
                "Targeted campaigns on social media",
                "社交媒体精准投放",
                "社群媒體精準投放",
            ],
        },
        CardSpec {
            stage: 1,
            lane: ACTIONS,
            color: "yellow",
            text: [
                "Compares sizes and reviews on the website",
                "在官网比较尺码和评价",
                "在官網比較尺碼與評價",
            ],
        },
        CardSpec {
            stage: 1,
            lane: TOUCHPOINTS,
            color: "blue",
            text: [
                "Website, FAQ, chatbot",
                "官网、常见问题、聊天机器人",
                "官網、常見問題、聊天機器人",
            ],
        },
        CardSpec {
            stage: 1,
            lane: PAIN,
            color: "pink",
            text: [
                "The size guide is hard to find",
                "尺码指南很难找到",
                "尺碼指南很難找到",
            ],
        },
        CardSpec {
            stage: 1,
            lane: OPPORTUNITIES,
            color: "green",
            text: [
                "Put the size guide next to the Buy button",
                "把尺码指南放在“购买”按钮旁边",
                "把尺碼指南放在「購買」按鈕旁邊",
            ],
        },
        CardSpec {
            stage: 2,
            lane: ACTIONS,
            color: "yellow",
            text: [
                "Adds to cart and pays with a mobile wallet",
                "加入购物车并用移动支付付款",
                "加入購物車並用行動支付付款",
            ],
        },
        CardSpec {
            stage: 2,
            lane: PAIN,
            color: "pink",
            text: [
                "Checkout asks for an account first",
                "结账前必须先注册账号",
                "結帳前必須先註冊帳號",
            ],
        },
        CardSpec {
            stage: 2,
            lane: OPPORTUNITIES,
            color: "green",
            text: ["Offer guest checkout", "提供免注册结账", "提供免註冊結帳"],
        },
        CardSpec {
            stage: 2,
            lane: SALES,
            color: "teal",
            text: [
                "Follows up abandoned carts within a day",
                "一天内跟进放弃的购物车",
                "一天內追蹤放棄的購物車",
            ],
        },
        CardSpec {
            stage: 3,
            lane: ACTIONS,
            color: "yellow",
            text: [
                "Tracks the delivery and asks about returns",
                "查询物流，咨询退换货",
                "查詢物流，詢問退換貨",
            ],
        },
        CardSpec {
            stage: 3,
            lane: TOUCHPOINTS,
            color: "blue",
            text: [
                "Order e-mail, phone hotline, knowledge base",
                "订单邮件、客服热线、知识库",
                "訂單郵件、客服專線、知識庫",
            ],
        },
        CardSpec {
            stage: 3,
            lane: PAIN,
            color: "pink",
            text: [
                "Waits 12 minutes on hold",
                "电话排队等了 12 分钟",
                "電話等候了 12 分鐘",
            ],
        },
        CardSpec {
            stage: 3,
            lane: SERVICE,
            color: "orange",
            text: [
                "Answers calls and chats; keeps the FAQ up to date",
                "接听电话和在线咨询；更新常见问题",
                "接聽電話與線上諮詢；更新常見問題",
            ],
        },
        CardSpec {
            stage: 4,
            lane: ACTIONS,
            color: "yellow",
            text: [
                "Writes a review and refers a friend",
                "写评价并推荐给朋友",
                "寫評價並推薦給朋友",
            ],
        },
        CardSpec {
            stage: 4,
            lane: OPPORTUNITIES,
            color: "green",
            text: ["Loyalty points for reviews", "评价送积分", "評價送點數"],
        },
        CardSpec {
            stage: 4,
            lane: SERVICE,
            color: "orange",
            text: [
                "Sends a satisfaction survey (CSAT)",
                "发送满意度调查（CSAT）",
                "發送滿意度調查（CSAT）",
            ],
        },
    ],
    ratings: &[
        (["Alex", "小李", "小林"], &[1, 0, -1, -2, 1]),
        (["Sam", "小王", "小陳"], &[2, -1, -1, -1, 2]),
    ],
};
