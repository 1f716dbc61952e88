// Entry point: bundled CJK fonts (so Chinese renders without system fonts), i18n, and the app.
import "@fontsource/noto-sans-sc/400.css";
import "@fontsource/noto-sans-sc/700.css";
import "@fontsource/noto-sans-tc/400.css";
import "@fontsource/noto-sans-tc/700.css";
import "./styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { resolveEndpoint } from "./api/endpoint";
import { initI18n, resolveLanguage } from "./i18n";

initI18n(resolveLanguage("auto", navigator.language));
const endpoint = resolveEndpoint();
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App endpoint={endpoint} />
    </StrictMode>,
  );
}
