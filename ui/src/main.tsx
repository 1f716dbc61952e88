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
import { StartupError, type StartupFailure } from "./components/StartupError";
import { initI18n, resolveLanguage } from "./i18n";

initI18n(resolveLanguage("auto", navigator.language));
declare global {
  interface Window {
    __WAYLINE_STARTUP_ERROR__?: StartupFailure;
  }
}

const failure = window.__WAYLINE_STARTUP_ERROR__;
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      {failure ? <StartupError failure={failure} /> : <App endpoint={resolveEndpoint()} />}
    </StrictMode>,
  );
}
