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
