// Build and test configuration for the Wayline web UI. `base: "./"` keeps asset URLs relative so the
// same build works when the host serves it at `/` and when Tauri embeds it at `tauri://localhost/`.
import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

/**
 * The bundled CJK fonts come as WOFF2 and as a WOFF fallback that every supported engine
 * (Chromium, WebKitGTK) never asks for; dropping the fallback halves what the app carries.
 */
function dropWoffFallback(): Plugin {
  return {
    name: "wayline-drop-woff-fallback",
    generateBundle(_options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (name.endsWith(".woff")) delete bundle[name];
      }
    },
  };
}

/**
 * Starts fetching Loro's WebAssembly with the page instead of after the script has run (it is
 * 3.6 MB; src/doc/loroWasm.ts then finds it in the preload cache). `crossorigin` makes the preload
 * match the script's own `fetch`, or the browser would fetch it twice.
 */
function preloadLoroWasm(): Plugin {
  return {
    name: "wayline-preload-loro-wasm",
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const wasm = Object.keys(ctx.bundle ?? {}).find((name) => name.endsWith(".wasm"));
        if (!wasm) return [];
        return [
          {
            tag: "link",
            attrs: { rel: "preload", href: `./${wasm}`, as: "fetch", crossorigin: "anonymous" },
            injectTo: "head",
          },
        ];
      },
    },
  };
}

export default defineConfig(({ mode }) => ({
  base: "./",
  plugins: [react(), dropWoffFallback(), preloadLoroWasm()],
  resolve: {
    // The app loads Loro's WebAssembly asynchronously (src/doc/loroWasm.ts); Vitest runs in Node,
    // where the package's Node entry loads it on import.
    alias: mode === "test" ? [] : [{ find: /^loro-crdt$/, replacement: "loro-crdt/web" }],
  },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    setupFiles: ["./test/setup.ts"],
  },
}));
