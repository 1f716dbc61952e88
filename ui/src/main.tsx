// Entry point: bundled fonts (so Chinese, rare CJK characters and emoji render without system fonts),
// i18n, and the app: the facilitator's, or a workshop participant's (api/endpoint.ts resolveAppMode).
import "./startup/startupMarks";
import "@fontsource/noto-sans-sc/400.css";
import "@fontsource/noto-sans-sc/700.css";
import "@fontsource/noto-sans-tc/400.css";
import "@fontsource/noto-sans-tc/700.css";
import "@fontsource/noto-emoji/400.css";
import "./fonts/extensionB.css";
import "./styles";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { resolveAppMode } from "./api/endpoint";
import { registerShippedFonts } from "./fonts/shippedFonts";
import { initI18n, resolveLanguage } from "./i18n";
import type { StartupFailure } from "./startup/recovery";
import { StartupScreen } from "./startup/StartupScreen";
import { ParticipantApp } from "./workshop/participant/ParticipantApp";

const language = resolveLanguage("auto", navigator.language);
initI18n(language);
// Until the settings arrive (settings/useSettings.ts), so the first paint already uses its fonts.
document.documentElement.lang = language;
declare global {
  interface Window {
    __WAYLINE_STARTUP_ERROR__?: StartupFailure;
  }
}

const failure = window.__WAYLINE_STARTUP_ERROR__;
// A participant's page needs nothing of the desktop shell's own host, even when it failed.
const mode = resolveAppMode();
registerShippedFonts(mode.kind === "participant" ? mode.base : mode.endpoint.base);
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      {mode.kind === "participant" ? (
        <ParticipantApp base={mode.base} entry={mode.entry} />
      ) : failure ? (
        <StartupScreen failure={failure} />
      ) : (
        <App endpoint={mode.endpoint} />
      )}
    </StrictMode>,
  );
}
