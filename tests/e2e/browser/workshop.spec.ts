// The whole workshop in one run, as a facilitator would hold it: the facilitator's window plus three
// teammates who join through the link by a non-secure name (wayline.test → 127.0.0.2). They see
// each other and each other's edits live, follow the facilitator, and the facilitator's controls
// (role, revoke, lock, end) reach every browser.
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import {
	cell,
	expectSaved,
	expectTopBarOnOneLine,
	openApp,
	openMap,
	setUiLanguage,
} from "../support/board";
import {
	participantChromiumArgs,
	startWorkshopHost,
	type WorkshopHost,
} from "../support/workshop";

test.use({
	launchOptions: {
		executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
		args: participantChromiumArgs,
	},
});

let host: WorkshopHost;
test.afterEach(async () => {
	await host?.stop();
});

interface Status {
	map_title: string;
	participants: { id: string; name: string; online: boolean }[];
}

async function status(): Promise<Status> {
	const r = await host.api("GET", "/api/workshop");
	expect(r.status).toBe(200);
	return r.body as Status;
}

async function join(
	context: BrowserContext,
	name: string,
	color: string,
): Promise<Page> {
	const page = await context.newPage();
	await page.goto(host.participantUrl(`#invite=${host.invite}`));
	expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
	await page.getByTestId("join-name").fill(name);
	await page.getByTestId(`participant-color-${color}`).check();
	await page.getByTestId("join-submit").click();
	await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
	return page;
}

function avatar(page: Page, name: string) {
	return page
		.getByTestId("presence-bar")
		.locator(`[data-testid="presence-avatar"][data-name="${name}"]`);
}

/** The centre of the visible board, in board pixels: what following lines up (boards differ in size). */
function centreOf(page: Page): Promise<{ x: number; y: number }> {
	return page.getByTestId("board").evaluate((el) => ({
		x: el.scrollLeft + el.clientWidth / 2,
		y: el.scrollTop + el.clientHeight / 2,
	}));
}

test("a facilitator and three teammates hold a workshop together", async ({
	browser,
}) => {
	test.setTimeout(150_000);
	host = await startWorkshopHost();
	const contexts = await Promise.all(
		[0, 1, 2, 3].map(() => browser.newContext()),
	);
	try {
		const [fc, ac, bc, cc] = contexts as [
			BrowserContext,
			BrowserContext,
			BrowserContext,
			BrowserContext,
		];
		const fac = await fc.newPage();
		await openApp(fac, host.facilitatorUrl, "主持人");
		await openMap(fac, (await status()).map_title);
		const ann = await join(ac, "安妮", "teal");
		const bo = await join(bc, "Bo", "purple");
		const cy = await join(cc, "陳怡", "red");

		// Everyone is there, in everyone's top bar; the facilitator's panel lists three online.
		for (const page of [fac, ann, bo, cy]) {
			for (const name of ["主持人", "安妮", "Bo", "陳怡"])
				await expect(avatar(page, name)).toBeVisible();
		}
		await expect
			.poll(
				async () =>
					(await status()).participants.filter((p) => p.online).length,
			)
			.toBe(3);
		// The facilitator's top bar counts them as soon as their faces show (not at the next slow
		// poll), and keeps one line in every language with the faces and the workshop's status.
		await expect(fac.getByTestId("workshop-status")).toContainText("3 online");
		for (const language of ["zh-CN", "zh-TW", "en"] as const) {
			await setUiLanguage(fac, language);
			await expectTopBarOnOneLine(fac);
		}

		// An edit by one reaches all the others, with its author.
		const target = await cell(ann, "获客", "痛点");
		await target.getByTestId("add-card").click();
		await ann.keyboard.type("安妮：运费说明不清楚");
		await ann.keyboard.press("Escape");
		await expectSaved(ann);
		for (const page of [fac, bo, cy]) {
			await expect(
				page.getByTestId("card").filter({ hasText: "安妮：运费说明不清楚" }),
			).toContainText("安妮");
		}

		// "Everyone follow me": the teammates' boards go where the facilitator scrolls.
		for (const page of [fac, ann, bo, cy]) {
			await page.getByTestId("zoom-in").click();
			await page.getByTestId("zoom-in").click();
		}
		await fac.getByTestId("presence-lead").click();
		for (const page of [ann, bo, cy])
			await expect(page.getByTestId("follow-chip")).toContainText("主持人");
		await fac.getByTestId("board").evaluate((el) => {
			el.scrollLeft = 240;
			el.scrollTop = 160;
		});
		const lead = await centreOf(fac);
		for (const page of [ann, bo, cy]) {
			// Centred on the facilitator's centre, as far as this board's own size lets it scroll.
			await expect
				.poll(() =>
					page.getByTestId("board").evaluate((el, c) => {
						const want = (centre: number, client: number, scroll: number) =>
							Math.min(
								Math.max(0, Math.round(centre - client / 2)),
								scroll - client,
							);
						return (
							Math.abs(
								el.scrollLeft - want(c.x, el.clientWidth, el.scrollWidth),
							) <= 2 &&
							Math.abs(
								el.scrollTop - want(c.y, el.clientHeight, el.scrollHeight),
							) <= 2
						);
					}, lead),
				)
				.toBe(true);
		}
		await fac.getByTestId("presence-lead").click();

		// Cy becomes a viewer: the host refuses her edits, her board says why.
		const cyId = (await status()).participants.find(
			(p) => p.name === "陳怡",
		)?.id;
		expect(
			(
				await host.api("PUT", `/api/workshop/participants/${cyId}/role`, {
					role: "viewer",
				})
			).status,
		).toBe(200);
		await expect(cy.getByTestId("access-banner")).toBeVisible();
		await expect(cy.getByTestId("add-card")).toHaveCount(0);

		// Bo is removed: cut off and told so; the others carry on.
		const boId = (await status()).participants.find((p) => p.name === "Bo")?.id;
		expect(
			(await host.api("POST", `/api/workshop/participants/${boId}/revoke`))
				.status,
		).toBe(200);
		await expect(bo.getByTestId("access-banner")).toHaveAttribute(
			"data-reason",
			"revoked",
			{ timeout: 15_000 },
		);
		await expect(avatar(ann, "Bo")).toHaveCount(0, { timeout: 15_000 });

		// The lock makes the map read-only for everyone but the facilitator; the end closes it.
		expect(
			(await host.api("PATCH", "/api/workshop", { locked: true })).status,
		).toBe(200);
		await expect(ann.getByTestId("access-banner")).toBeVisible();
		await expect(ann.getByTestId("add-card")).toHaveCount(0);
		await expect(fac.getByTestId("add-card").first()).toBeVisible();
		expect((await host.api("DELETE", "/api/workshop")).status).toBe(200);
		for (const page of [ann, cy]) {
			await expect(page.getByTestId("access-banner")).toHaveAttribute(
				"data-reason",
				"ended",
				{ timeout: 20_000 },
			);
		}
		// What they saw stays on their screen.
		await expect(
			ann.getByTestId("card").filter({ hasText: "安妮：运费说明不清楚" }),
		).toBeVisible();
	} finally {
		for (const c of contexts) await c.close();
	}
});
