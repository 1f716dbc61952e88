// A minimal W3C WebDriver client (plain fetch) for driving the real desktop window through
// WebKitWebDriver: sessions, element lookup, clicks, typing, scripts and screenshots.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

export const KEY_ESCAPE = "\uE00C";

export class WebDriver {
  private constructor(
    private readonly base: string,
    private readonly session: string,
  ) {}

  static async start(server: string, capabilities: Record<string, unknown>): Promise<WebDriver> {
    const res = await call(`${server}/session`, "POST", { capabilities: { alwaysMatch: capabilities } });
    const id = (res as { sessionId: string }).sessionId;
    return new WebDriver(server, id);
  }

  private cmd(path: string, method = "GET", body?: unknown): Promise<unknown> {
    return call(`${this.base}/session/${this.session}${path}`, method, body);
  }

  async script<T>(source: string, ...args: unknown[]): Promise<T> {
    return (await this.cmd("/execute/sync", "POST", { script: source, args })) as T;
  }

  /** Runs an async script body; it calls `arguments[arguments.length - 1]` with its result. */
  async scriptAsync<T>(source: string, ...args: unknown[]): Promise<T> {
    return (await this.cmd("/execute/async", "POST", { script: source, args })) as T;
  }

  /** Polls `source` (a script body returning a value) until it is truthy. */
  async waitFor<T>(source: string, what: string, timeoutMs = 20_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.script<T>(source);
      if (value) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async find(css: string): Promise<string> {
    const res = (await this.cmd("/element", "POST", { using: "css selector", value: css })) as Record<string, string>;
    const id = Object.values(res)[0];
    if (!id) throw new Error(`no element ${css}`);
    return id;
  }

  async click(css: string): Promise<void> {
    await this.cmd(`/element/${await this.find(css)}/click`, "POST", {});
  }

  async type(css: string, text: string): Promise<void> {
    await this.cmd(`/element/${await this.find(css)}/value`, "POST", { text });
  }

  /** A PNG of the window, after two animation frames so it is not a stale frame. */
  async screenshot(): Promise<Buffer> {
    await this.cmd("/execute/async", "POST", {
      script: "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
      args: [],
    });
    return Buffer.from((await this.cmd("/screenshot")) as string, "base64");
  }

  async quit(): Promise<void> {
    await call(`${this.base}/session/${this.session}`, "DELETE").catch(() => undefined);
  }
}

async function call(url: string, method: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as { value: unknown };
  if (!res.ok) throw new Error(`${method} ${url}: ${JSON.stringify(json.value)}`);
  return json.value;
}

/** A running WebKitWebDriver: its process (stop it with SIGTERM, see FACTS) and its address. */
export interface Driver {
  proc: ChildProcess;
  url: string;
}

const DRIVER_ATTEMPTS = 3;
const DRIVER_START_MS = 60_000;

/**
 * Starts WebKitWebDriver on a free loopback port and waits until it answers. A driver that
 * exits before answering (its port taken between the pick and its bind) is started again on
 * another port; a slow first start on a busy machine is waited for, not failed at once.
 */
export async function startDriver(env: NodeJS.ProcessEnv): Promise<Driver> {
  const failures: string[] = [];
  for (let attempt = 1; attempt <= DRIVER_ATTEMPTS; attempt++) {
    const port = await freeLoopbackPort();
    const proc = spawn("WebKitWebDriver", [`--port=${port}`, "--host=127.0.0.1"], {
      env: { ...process.env, ...env, TAURI_WEBVIEW_AUTOMATION: "true" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const url = `http://127.0.0.1:${port}`;
    const outcome = await waitUntilAnswering(proc, url);
    if (outcome === "answering") return { proc, url };
    proc.kill("SIGTERM");
    failures.push(`port ${port}: ${outcome}`);
  }
  throw new Error(`WebKitWebDriver did not start (${failures.join("; ")})`);
}

async function waitUntilAnswering(proc: ChildProcess, url: string): Promise<string> {
  let exited: string | undefined;
  proc.once("exit", (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  proc.once("error", (err) => {
    exited = `could not run: ${err.message}`;
  });
  const until = Date.now() + DRIVER_START_MS;
  for (;;) {
    if (exited) return exited;
    try {
      const res = await fetch(`${url}/status`);
      if (res.ok) return "answering";
    } catch {
      // not listening yet
    }
    if (Date.now() > until) return `no answer within ${DRIVER_START_MS / 1000} s`;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A port the system just handed out for 127.0.0.1 (free at the time of asking). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no port was given"))));
    });
  });
}
