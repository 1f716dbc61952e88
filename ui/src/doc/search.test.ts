// Pins card search: Chinese substrings in either script (Simplified finds Traditional and back),
// Latin case-insensitivity, board order, empty queries; and prints how long a search over a
// 2,000-card map takes.
import { describe, expect, it } from "vitest";
import { makeMapDoc } from "../../test/doc/fixture";
import { addCard } from "./actions";
import { matches, searchCards } from "./search";
import { MapStore } from "./store";

describe("card search", () => {
  it("matches Chinese substrings and Latin text in any case", () => {
    expect(matches("客户在网站上比较价格", "比较")).toBe(true);
    expect(matches("客戶在網站上比較價格", "網站")).toBe(true);
    expect(matches("Checks the PRICE", "price")).toBe(true);
    expect(matches("ＡＢＣ full width", "abc")).toBe(true);
    expect(matches("anything", "  ")).toBe(false);
  });

  it("matches Simplified and Traditional writing of the same text", () => {
    expect(matches("客戶在網站上比較價格", "客户")).toBe(true);
    expect(matches("客户在网站上比较价格", "客戶")).toBe(true);
    expect(matches("价格", "價格")).toBe(true);
    expect(matches("選擇支付方式", "支付")).toBe(true);
    expect(matches("选择支付方式", "支付")).toBe(true);
    expect(matches("後台審核訂單", "后台")).toBe(true);
    expect(matches("后台审核订单", "後台")).toBe(true);
    expect(matches("等著客服回覆", "等着")).toBe(true);
    // Taiwan's 帳 is the mainland's 账 (结账, 账号), and the other way round.
    expect(matches("結帳頁面一直轉圈", "结账")).toBe(true);
    expect(matches("註冊帳號太麻煩", "注册账号")).toBe(true);
    expect(matches("结账页面一直转圈", "結帳")).toBe(true);
    expect(matches("结帐", "结账")).toBe(true);
    expect(matches("客户", "客人")).toBe(false);
    expect(matches("後台", "前台")).toBe(false);
  });

  it("matches one-character queries in either script", () => {
    expect(matches("退貨流程", "货")).toBe(true);
    expect(matches("退货流程", "貨")).toBe(true);
    expect(matches("退货流程", "流")).toBe(true);
    expect(matches("退货流程", "款")).toBe(false);
  });

  it("matches mixed Chinese and English in either script and any case", () => {
    expect(matches("在 Chrome Extension 設定付款", "extension 设定")).toBe(true);
    expect(matches("App v3.2 後台登入失敗", "V3.2 后台")).toBe(true);
    expect(matches("App v3.2 後台登入失敗", "v3.3")).toBe(false);
    expect(matches("𠮷野家 𩸽 👍 好評", "好评")).toBe(true);
    expect(matches("𠮷野家 𩸽 👍 好評", "𩸽")).toBe(true);
  });

  it("searches a 2,000-card map", () => {
    const doc = makeMapDoc(
      ["s1", "s2", "s3", "s4"],
      [{ id: "l1", title: "Actions", kind: "cards" }],
    );
    const samples = [
      "客戶在網站上比較價格，發現 Chrome Extension v3.2 無法安裝。",
      "客户在后台提交退货申请，等待客服审核（约 3 天）。",
      "Customer compares prices on the website and asks for a refund.",
      "會員登入後到「我的訂單」查看物流狀態；部分用戶找不到入口！",
    ];
    for (let i = 0; i < 2000; i++) {
      const text = `${samples[i % samples.length]} #${i}`;
      addCard(doc, {
        lane: "l1",
        department: "",
        author: "Ann",
        stage: `s${(i % 4) + 1}`,
        afterPos: null,
        text,
      });
    }
    const view = new MapStore(doc).getView();
    const time = (query: string) => {
      const start = performance.now();
      const hits = searchCards(view, query);
      return { hits: hits.length, ms: Math.round((performance.now() - start) * 10) / 10 };
    };
    const cold = time("客户");
    const warm = time("客户在");
    const latin = time("refund");
    console.log(
      `search over 2,000 cards: first ${cold.ms} ms, next keystroke ${warm.ms} ms, Latin ${latin.ms} ms`,
    );
    expect(cold.hits).toBe(1000);
    expect(warm.hits).toBe(1000);
    expect(latin.hits).toBe(500);
  });

  it("returns matching cards in board order", () => {
    const doc = makeMapDoc(["s1", "s2"], [{ id: "l1", title: "Actions", kind: "cards" }]);
    const base = { lane: "l1", department: "", author: "Ann" };
    const late = addCard(doc, { ...base, stage: "s2", afterPos: null, text: "退款 refund" });
    const second = addCard(doc, { ...base, stage: "s1", afterPos: "a0", text: "Refund asked" });
    const first = addCard(doc, { ...base, stage: "s1", afterPos: null, text: "no match" });
    addCard(doc, { ...base, stage: "s1", afterPos: null, text: "退款 first" });
    const view = new MapStore(doc).getView();
    const hits = searchCards(view, "REFUND");
    expect(hits).toEqual([second, late]);
    expect(searchCards(view, "退款").length).toBe(2);
    expect(hits).not.toContain(first);
  });
});
