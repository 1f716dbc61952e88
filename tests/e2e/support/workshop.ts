// Starts `wayline serve --workshop --bind 127.0.0.2` on a fresh data folder (with the sample
// project, whose most recent map is workshopped) and reads what it prints: the facilitator's
// address, the join link and the short code. Participants reach that door through the name
// `wayline.test`, mapped to 127.0.0.2 by Chromium's resolver rules, because Chromium treats
// 127.0.0.0/8 as a secure context and a teammate on the room's network is not in one.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, expect, type Page } from "@playwright/test";
import { chromiumArgs } from "../playwright.config";
import { openApp, openMap } from "./board";
import { waylineBin } from "./host";

export const WORKSHOP_ADDRESS = "127.0.0.2";
export const PARTICIPANT_HOST = "wayline.test";

/** Chromium flags for a browser whose participants join by the non-secure name. */
export const participantChromiumArgs = [...chromiumArgs, `--host-resolver-rules=MAP ${PARTICIPANT_HOST} ${WORKSHOP_ADDRESS}`];

/** For `test.use`: Debian's Chromium with those flags. */
export const participantBrowser = {
  launchOptions: { executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: participantChromiumArgs },
};

export interface WorkshopHost {
  /** The facilitator's address on 127.0.0.1, launch token included. */
  facilitatorUrl: string;
  launchToken: string;
  port: number;
  /** The invitation token of the join link. */
  invite: string;
  /** The short code as printed, e.g. `VC5-CB3`. */
  code: string;
  dataDir: string;
  /** A participant's page by the non-secure name: `http://wayline.test:PORT/` plus `hash`. */
  participantUrl: (hash?: string) => string;
  /** Calls the facilitator's API (launch token, loopback); returns the status and parsed body. */
  api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;
  stop: () => Promise<void>;
}

export async function startWorkshopHost(role: "editor" | "viewer" = "editor"): Promise<WorkshopHost> {
  const dir = mkdtempSync(join(tmpdir(), "wayline-workshop-"));
  const proc: ChildProcess = spawn(
    waylineBin,
    ["serve", "--data", dir, "--port", "0", "--workshop", "--bind", WORKSHOP_ADDRESS, "--role", role],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  proc.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const printed = await new Promise<{ facilitator: string; link: string; code: string }>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`wayline serve --workshop printed no invitation: ${out}${stderr}`)), 20_000);
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const lines = out.split("\n").map((l) => l.trim());
      const facilitator = lines.find((l) => l.startsWith("http://127.0.0.1"));
      const link = lines.find((l) => l.startsWith(`http://${WORKSHOP_ADDRESS}`));
      const code = /type the code ([A-Z0-9]{3}-[A-Z0-9]{3})/.exec(out)?.[1];
      if (facilitator && link && code) {
        clearTimeout(timer);
        resolve({ facilitator, link, code });
      }
    });
    proc.on("exit", (exit) => {
      clearTimeout(timer);
      reject(new Error(`wayline serve exited with ${exit}: ${stderr}`));
    });
  });
  const facilitator = new URL(printed.facilitator);
  const link = new URL(printed.link);
  const launchToken = facilitator.searchParams.get("token") ?? "";
  const port = Number(link.port);
  return {
    facilitatorUrl: printed.facilitator,
    launchToken,
    port,
    invite: link.hash.replace(/^#invite=/, ""),
    code: printed.code,
    dataDir: dir,
    participantUrl: (hash = "") => `http://${PARTICIPANT_HOST}:${port}/${hash}`,
    api: async (method, path, body) => {
      const res = await fetch(`${facilitator.origin}${path}`, {
        method,
        headers: { Authorization: `Bearer ${launchToken}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface WorkshopStatus {
  map_title: string;
  locked: boolean;
  participants: { id: string; name: string; color: string; role: string; online: boolean }[];
}

export async function workshopStatus(h: WorkshopHost): Promise<WorkshopStatus> {
  const r = await h.api("GET", "/api/workshop");
  expect(r.status).toBe(200);
  return r.body as WorkshopStatus;
}

/** Joins through the link by the non-secure name, with a name and a colour. */
export async function joinByLink(h: WorkshopHost, context: BrowserContext, name: string, color = "teal"): Promise<Page> {
  const page = await context.newPage();
  await page.goto(h.participantUrl(`#invite=${h.invite}`));
  await expect(page.getByTestId("join-page")).toBeVisible();
  await page.getByTestId("join-name").fill(name);
  await page.getByTestId(`participant-color-${color}`).check();
  await page.getByTestId("join-submit").click();
  await expect(page.getByTestId("board")).toHaveAttribute("data-ready", "true");
  return page;
}

/** The facilitator's page on 127.0.0.1 with the workshop's map open. */
export async function facilitatorPage(h: WorkshopHost, context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await openApp(page, h.facilitatorUrl, "Facilitator");
  await openMap(page, (await workshopStatus(h)).map_title);
  return page;
}
