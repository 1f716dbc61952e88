// Entry point: the host's fonts (so Chinese, rare CJK characters and emoji render without system
// fonts, fonts/shippedFonts.ts), i18n, and the app: the facilitator's, or a workshop
// participant's (api/endpoint.ts resolveAppMode).
import "./startup/startupMarks";
import { startupMode } from "./startup/earlyStart";
import "./styles";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { registerShippedFonts } from "./fonts/shippedFonts";
import { initI18n, resolveLanguage, UI_LANGUAGES } from "./i18n";
import { makeFormatsWhenIdle } from "./i18n/formats";
import type { StartupFailure } from "./startup/recovery";
import { StartupScreen } from "./startup/StartupScreen";
import { markShell } from "./startup/shellAttribute";
import { ParticipantApp } from "./workshop/participant/ParticipantApp";

const language = resolveLanguage("auto", navigator.language);
initI18n(language);
makeFormatsWhenIdle(language, UI_LANGUAGES);
// Until the settings arrive (settings/useSettings.ts), so the first paint already uses its fonts.
document.documentElement.lang = language;
markShell();
declare global {
  interface Window {
    __WAYLINE_STARTUP_ERROR__?: StartupFailure;
  }
}

const failure = window.__WAYLINE_STARTUP_ERROR__;
// A participant's page needs nothing of the desktop shell's own host, even when it failed.
const mode = startupMode;
// The page's own origin serves its fonts: the host, or in the desktop window the app itself.
registerShippedFonts(window.location.href);
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
