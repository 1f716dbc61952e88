import { describe, expect, it } from "vitest";
import { markShell } from "./shellAttribute";

describe("markShell", () => {
  it("marks the desktop window and leaves a browser's page unmarked", () => {
    const root = document.createElement("html");
    const desktop = {
      __TAURI_INTERNALS__: { invoke: () => Promise.resolve(null) },
    } as unknown as Window;
    markShell(root, desktop);
    expect(root.dataset.shell).toBe("desktop");
    markShell(root, {} as Window);
    expect(root.dataset.shell).toBeUndefined();
  });
});
