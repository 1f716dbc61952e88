// A minimal W3C WebDriver client (plain fetch) for driving the real desktop window through
// WebKitWebDriver: sessions, element lookup, clicks, typing, scripts and screenshots.
import { type ChildProcess, spawn } from "node:child_process";

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

/** Starts WebKitWebDriver and waits until it answers. Stop it with SIGTERM (see FACTS). */
export async function startDriver(port: number, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const proc = spawn("WebKitWebDriver", [`--port=${port}`, "--host=127.0.0.1"], {
    env: { ...process.env, ...env, TAURI_WEBVIEW_AUTOMATION: "true" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const until = Date.now() + 15_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return proc;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error("WebKitWebDriver did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
}
