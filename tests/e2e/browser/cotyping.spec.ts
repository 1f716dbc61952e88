// Two people typing into the same card at the same time, each in their own browser: every key of
// both arrives, each person's keys stay in the order typed, an input-method composition reaches
// the other side only as its committed text, and both end with the same card. A card moved by
// someone else while it is being typed into stays open, and every key typed after the move lands.
import { type CDPSession, expect, type Page, test } from "@playwright/test";
import { cell, createMap, createProject, expectSaved, openApp } from "../support/board";
import { type Host, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

const ALICE = "甲一二三四五六七八九";
const BOB = "乙ABCDEFGHI";
/** The Latin letters an input method shows while composing "kehu" (none of them typed for real). */
const INTERMEDIATES = /[kehu]/;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = () => sleep(50 + Math.random() * 150);

/** Types `text` one key at a time, ~50–200 ms apart, starting after `startMs`. */
async function typeSlowly(page: Page, text: string, startMs = 0): Promise<void> {
  await sleep(startMs);
  for (const ch of Array.from(text)) {
    await page.keyboard.type(ch);
    await jitter();
  }
}

/** Whether the code points of `part` appear in `whole` in the same order. */
function inOrder(whole: string, part: string): boolean {
  const w = Array.from(whole);
  let i = 0;
  for (const ch of Array.from(part)) {
    i = w.indexOf(ch, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

/** The card's text as shown, line by line, without the other person's caret and name label. */
function editorText(page: Page): Promise<string> {
  return page.getByTestId("card-editor").evaluate((el) =>
    Array.from(el.querySelectorAll(".cm-line"), (line) => {
      const copy = line.cloneNode(true) as HTMLElement;
      for (const caret of copy.querySelectorAll(".cm-remote-caret")) caret.remove();
      return copy.textContent ?? "";
    }).join("\n"),
  );
}

/** Composes "kehu" step by step and commits 客户, as a pinyin input method does. */
async function composeKehu(cdp: CDPSession, onStep: () => Promise<void>): Promise<void> {
  for (const step of ["k", "ke", "keh", "kehu", "客户"]) {
    await cdp.send("Input.imeSetComposition", { text: step, selectionStart: step.length, selectionEnd: step.length });
    await onStep();
  }
  await cdp.send("Input.insertText", { text: "客户" });
}

test("two people typing into one card at once keep every key, in order", async ({ browser }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openApp(alice, host.url, "Alice");
  await createProject(alice, "同时输入");
  await createMap(alice, "同时输入", "zh-CN");
  await openApp(bob, host.url, "Bob");
  await bob.getByTestId("map-item").first().click();
  await expect(bob.getByTestId("board")).toHaveAttribute("data-ready", "true");

  // Alice adds the card; both open its editor.
  const aliceCell = await cell(alice, "获客", "痛点");
  await aliceCell.getByTestId("add-card").click();
  await alice.keyboard.type("共同：");
  await alice.keyboard.press("Escape");
  const cardId = await aliceCell.getByTestId("card").filter({ hasText: "共同：" }).getAttribute("data-card-id");
  expect(cardId).toBeTruthy();
  await expectSaved(alice);
  const theCard = (page: Page) => page.locator(`[data-testid="card"][data-card-id="${cardId}"]`);
  const aliceCard = theCard(alice);
  const bobCard = theCard(bob);
  await expect(bobCard).toContainText("共同：");
  await aliceCard.dblclick();
  await expect(alice.getByTestId("card-editor")).toBeFocused();
  await bobCard.dblclick();
  await expect(bob.getByTestId("card-editor")).toBeFocused();
  await alice.keyboard.press("End");
  await bob.keyboard.press("End");

  // Both type at once, one key each in turn (Bob half a beat behind), ~50–200 ms apart.
  await Promise.all([typeSlowly(alice, ALICE), typeSlowly(bob, BOB, 75)]);

  // Alice composes 客户 through an input method while Bob types Latin letters; Bob never sees the
  // composition's Latin intermediates.
  const cdp = await alice.context().newCDPSession(alice);
  const bobSaw: string[] = [];
  await Promise.all([
    composeKehu(cdp, async () => {
      await jitter();
      bobSaw.push(await editorText(bob));
    }),
    typeSlowly(bob, "xyz", 40),
  ]);
  await Promise.all([typeSlowly(alice, "𠮷"), typeSlowly(bob, "😀", 30)]);

  await expectSaved(alice);
  await expectSaved(bob);
  const mine = `共同：${ALICE}客户𠮷`;
  const theirs = `${BOB}xyz😀`;
  await expect.poll(async () => (await editorText(alice)) === (await editorText(bob))).toBe(true);
  const text = await editorText(alice);
  expect(Array.from(text).sort()).toEqual(Array.from(mine + theirs).sort());
  expect(inOrder(text, mine), `${mine} in order in ${text}`).toBe(true);
  expect(inOrder(text, theirs), `${theirs} in order in ${text}`).toBe(true);
  expect(text).not.toMatch(INTERMEDIATES);
  for (const seen of bobSaw) expect(seen).not.toMatch(INTERMEDIATES);

  // The cards on both boards, once the editors are closed, show the same text.
  await alice.keyboard.press("Escape");
  await bob.keyboard.press("Escape");
  await expectSaved(alice);
  await expectSaved(bob);
  await expect(aliceCard.locator(".card-body")).toHaveText(text);
  await expect(bobCard.locator(".card-body")).toHaveText(text);
});

test("a card someone else moves within its cell while it is typed into stays open and keeps every key", async ({
  browser,
}) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openApp(alice, host.url, "Alice");
  await createProject(alice, "移动中的卡片");
  await createMap(alice, "移动中的卡片", "zh-CN");
  await openApp(bob, host.url, "Bob");
  await bob.getByTestId("map-item").first().click();
  await expect(bob.getByTestId("board")).toHaveAttribute("data-ready", "true");

  // Two cards in one cell: the one Bob edits, and another below it.
  const aliceCell = await cell(alice, "转化", "触点");
  for (const text of ["正在写：", "另一张"]) {
    await aliceCell.getByTestId("add-card").click();
    await alice.keyboard.type(text);
    await alice.keyboard.press("Escape");
  }
  const texts = (page: Page) => page.locator(`[data-testid="cell"]`).getByTestId("card").locator(".card-body");
  const bobCell = await cell(bob, "转化", "触点");
  await expect(bobCell.getByTestId("card").locator(".card-body")).toHaveText(["正在写：", "另一张"]);
  const aliceCard = aliceCell.getByTestId("card").filter({ hasText: "正在写：" });
  await bobCell.getByTestId("card").filter({ hasText: "正在写：" }).dblclick();
  const editor = bob.getByTestId("card-editor");
  await expect(editor).toBeFocused();
  await bob.keyboard.press("End");

  // Alice moves it down (its element moves in Bob's page), up again, and down again while Bob
  // types a key between each move.
  const moves = ["Alt+ArrowDown", "Alt+ArrowUp", "Alt+ArrowDown"];
  const keys = ["一", "二", "三", "四"];
  await bob.keyboard.type(keys[0] as string);
  for (const [i, move] of moves.entries()) {
    await aliceCard.locator(".card-body").click();
    await alice.keyboard.press(move);
    const order = move === "Alt+ArrowDown" ? ["另一张", "正在写："] : ["正在写：", "另一张"];
    await expect(bobCell.getByTestId("card").first()).toContainText(order[0] as string);
    await expect(editor).toBeFocused();
    await bob.keyboard.type(keys[i + 1] as string);
  }
  await expect(editor).toHaveText("正在写：一二三四");
  await bob.keyboard.press("Escape");
  await expectSaved(bob);
  await expect(aliceCell.getByTestId("card").locator(".card-body")).toHaveText(["另一张", "正在写：一二三四"]);
  await expect(texts(bob).filter({ hasText: "正在写" })).toHaveText(["正在写：一二三四"]);
});
