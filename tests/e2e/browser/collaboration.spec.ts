// Two people in two browsers on one map: each sees the other's cards without reloading.
import { expect, test } from "@playwright/test";
import { cell, createMap, createProject, expectSaved, openApp } from "../support/board";
import { type Host, startHost } from "../support/host";

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

test("two browser contexts see each other's cards", async ({ browser }) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openApp(alice, host.url, "Alice");
  await createProject(alice, "共同编辑");
  await createMap(alice, "共同编辑", "zh-CN");

  await openApp(bob, host.url, "Bob");
  await bob.getByTestId("map-item").first().click();
  await expect(bob.getByTestId("board")).toHaveAttribute("data-ready", "true");

  const aliceCell = await cell(alice, "获客", "痛点");
  await aliceCell.getByTestId("add-card").click();
  await alice.keyboard.type("来自 Alice 的卡片");
  await alice.keyboard.press("Escape");
  await expectSaved(alice);
  const bobCell = await cell(bob, "获客", "痛点");
  await expect(bobCell.getByTestId("card").filter({ hasText: "来自 Alice 的卡片" })).toBeVisible();

  await bobCell.getByTestId("add-card").click();
  await bob.keyboard.type("Bob's card");
  await bob.keyboard.press("Escape");
  await expect(aliceCell.getByTestId("card").filter({ hasText: "Bob's card" })).toBeVisible();
  await expect(aliceCell.getByTestId("card").filter({ hasText: "Bob's card" })).toContainText("Bob");
});

test("a reloaded tab draws the map from the copy it fetched at once, then follows the others", async ({
  browser,
}) => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openApp(alice, host.url, "Alice");
  await createProject(alice, "重新载入");
  await createMap(alice, "重新载入", "zh-CN");
  const aliceCell = await cell(alice, "获客", "痛点");
  await aliceCell.getByTestId("add-card").click();
  await alice.keyboard.type("重新载入之前的卡片");
  await alice.keyboard.press("Escape");
  await expectSaved(alice);

  await openApp(bob, host.url, "Bob");
  await bob.getByTestId("map-item").first().click();
  await expect(bob.getByTestId("board")).toHaveAttribute("data-ready", "true");
  // Reloaded with the map open: the copy is asked for before the app has rendered.
  const copy = bob.waitForResponse((r) => /\/api\/maps\/[^/]+\/snapshot$/.test(new URL(r.url()).pathname));
  await bob.reload();
  expect((await copy).status()).toBe(200);
  await expect(bob.getByTestId("board")).toHaveAttribute("data-ready", "true");
  const bobCell = await cell(bob, "获客", "痛点");
  await expect(bobCell.getByTestId("card").filter({ hasText: "重新载入之前的卡片" })).toHaveCount(1);

  // Both ways, live, after a start from the copy.
  await aliceCell.getByTestId("add-card").click();
  await alice.keyboard.type("重新载入之后的卡片");
  await alice.keyboard.press("Escape");
  await expect(bobCell.getByTestId("card").filter({ hasText: "重新载入之后的卡片" })).toBeVisible();
  await bobCell.getByTestId("add-card").click();
  await bob.keyboard.type("Bob 的回复");
  await bob.keyboard.press("Escape");
  await expectSaved(bob);
  await expect(aliceCell.getByTestId("card").filter({ hasText: "Bob 的回复" })).toBeVisible();
});
