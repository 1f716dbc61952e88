// Starts `wayline serve` on a fresh temporary data folder and finds the address it prints.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "../../..");
export const waylineBin = process.env.WAYLINE_BIN ?? join(repoRoot, "target/debug/wayline");

export interface Host {
  /** The browser address, token included. */
  url: string;
  dataDir: string;
  stop: () => Promise<void>;
  /** Ends the host abruptly, as a power cut or `kill -9` would; the data folder stays. */
  kill: () => Promise<void>;
}

/**
 * `port` 0 picks a free one; pass a previous host's port to restart it at the same origin (the
 * browser's storage, IndexedDB included, is per origin).
 */
export async function startHost(extraArgs: string[] = ["--no-sample"], dataDir?: string, port = 0): Promise<Host> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "wayline-e2e-"));
  const proc: ChildProcess = spawn(waylineBin, ["serve", "--data", dir, "--port", String(port), ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  proc.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`wayline serve printed no address: ${out}${stderr}`)), 15_000);
    proc.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith("http://"));
      if (line) {
        clearTimeout(timer);
        resolveUrl(line.trim());
      }
    });
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`wayline serve exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    dataDir: dir,
    kill: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGKILL");
        await exited;
      }
    },
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        await exited;
      }
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
