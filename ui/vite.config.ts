// Build and test configuration for the Wayline web UI. `base: "./"` keeps asset URLs relative so the
// same build works when the host serves it at `/` and when the desktop window loads it at
// `tauri://localhost/`.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";
import { mergeRanges, parseUnicodeRange } from "./src/fonts/placeholderFont.ts";
import { encodeRanges } from "./src/fonts/rangeCoding.ts";

const SLICE_COVERAGE = "virtual:slice-coverage";
/** The slicing the UI declares its font faces from (src/fonts/shippedFonts.ts) and the host cuts. */
const SLICING = path.resolve(import.meta.dirname, "../assets/fonts/web-slices.json");

/**
 * `virtual:slice-coverage`: for each family cut into slices, the characters its slices hold
 * together, worked out here from the slicing the faces are declared from (src/fonts/
 * sliceCoverage.ts says why), as src/fonts/rangeCoding.ts writes ranges.
 */
function sliceCoverage(): Plugin {
  return {
    name: "wayline-slice-coverage",
    resolveId: (id) => (id === SLICE_COVERAGE ? `\0${SLICE_COVERAGE}` : null),
    load(id) {
      if (id !== `\0${SLICE_COVERAGE}`) return null;
      const slicing = JSON.parse(fs.readFileSync(SLICING, "utf8")) as {
        faces: { family: string; slices: string[] }[];
      };
      this.addWatchFile(SLICING);
      const coverage = Object.fromEntries(
        slicing.faces.map((face) => [
          face.family,
          encodeRanges(mergeRanges(face.slices.flatMap((slice) => parseUnicodeRange(slice)))),
        ]),
      );
      return `export default ${JSON.stringify(coverage)};`;
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

/**
 * Writes a Brotli copy (best quality) beside each script, stylesheet, WebAssembly and SVG file of
 * the build. The host embeds those copies instead of the files (crates/host/src/assets.rs): a
 * browser that takes Brotli gets them as they are, any other gzip made once from them, so a
 * participant joining over the room's Wi-Fi loads ~1.6 MB instead of ~4.8 MB and the binaries
 * carry 1.1 MB of UI instead of gzip's 1.6 MB. The desktop window is served from the same copies
 * (src-tauri/src/shell_assets.rs).
 */
function brotliCopies(): Plugin {
  let outDir = "dist";
  return {
    name: "wayline-brotli-copies",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle() {
      const assets = path.join(outDir, "assets");
      for (const name of fs.readdirSync(assets)) {
        if (!/\.(js|css|wasm|svg)$/.test(name)) continue;
        const file = path.join(assets, name);
        const bytes = fs.readFileSync(file);
        const params = {
          [zlib.constants.BROTLI_PARAM_MODE]: name.endsWith(".wasm")
            ? zlib.constants.BROTLI_MODE_GENERIC
            : zlib.constants.BROTLI_MODE_TEXT,
          [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
          [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        };
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(bytes, { params }));
      }
    },
  };
}

export default defineConfig(({ mode }) => ({
  base: "./",
  plugins: [react(), preloadLoroWasm(), brotliCopies(), sliceCoverage()],
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
