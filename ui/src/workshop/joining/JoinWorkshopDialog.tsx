// "Join workshop": workshops announced nearby, or a pasted join link, or an address and the short
// code. Choosing one opens the workshop's own page in this window; nothing is sent anywhere before
// that, and only a Wayline join link or code page is ever opened.
import { useEffect, useRef, useState } from "react";
import type { WorkshopApi } from "../../api/workshop";
import { useEscape } from "../../hooks/useEscape";
import { useModalFocus } from "../../hooks/useModalFocus";
import { useTranslation } from "../../i18n/useTranslation";
import { joinTarget } from "./joinTarget";
import { useNearbyWorkshops } from "./useNearbyWorkshops";

interface Props {
  api: WorkshopApi;
  onClose: () => void;
  /** Opens the workshop's page (the window navigates away from this app). */
  go?: (url: string) => void;
}

const navigate = (url: string) => window.location.assign(url);

export function JoinWorkshopDialog({ api, onClose, go = navigate }: Props) {
  const dialogRef = useRef<HTMLElement>(null);
  const keepFocusInside = useModalFocus(dialogRef);
  const { t } = useTranslation();
  const nearby = useNearbyWorkshops(api);
  const [link, setLink] = useState("");
  const [code, setCode] = useState("");
  const [tried, setTried] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  useEscape(onClose);

  const target = joinTarget(link, code);
  const problem = !target.ok && tried ? target.problem : null;

  return (
    <div className="dialog-backdrop">
      <section
        ref={dialogRef}
        tabIndex={-1}
        onKeyDown={keepFocusInside}
        className="dialog join-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="join-title"
        data-testid="join-dialog"
      >
        <h2 id="join-title">{t("hosting.join.title")}</h2>
        <section
          className="join-nearby"
          aria-labelledby="join-nearby-title"
          aria-busy={nearby.searching}
        >
          <div className="join-nearby-head">
            <h3 id="join-nearby-title">{t("hosting.join.nearby")}</h3>
            <button
              type="button"
              className="link-button"
              data-testid="join-refresh"
              disabled={nearby.searching}
              onClick={nearby.search}
            >
              {t("hosting.join.refresh")}
            </button>
          </div>
          {nearby.searching ? (
            <p className="muted" data-testid="join-searching" role="status">
              {t("hosting.join.searching")}
            </p>
          ) : nearby.error ? (
            <p className="hosting-error">{t("hosting.failed", { message: nearby.error })}</p>
          ) : nearby.found.length === 0 ? (
            <p className="muted" data-testid="join-none">
              {t("hosting.join.none")}
            </p>
          ) : (
            <ul className="join-list">
              {nearby.found.map((w) => (
                <li key={`${w.address}:${w.port}`}>
                  <button
                    type="button"
                    className="join-item"
                    data-testid="join-nearby-item"
                    onClick={() => {
                      const chosen = joinTarget(w.code_url);
                      if (chosen.ok) go(chosen.url);
                    }}
                  >
                    <strong>{w.name}</strong>
                    <code>
                      {w.address}:{w.port}
                    </code>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <form
          className="join-manual"
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            if (target.ok) go(target.url);
          }}
        >
          <label className="field">
            <span>{t("hosting.join.linkLabel")}</span>
            <input
              ref={first}
              value={link}
              data-testid="join-link"
              placeholder={t("hosting.join.linkPlaceholder")}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setLink(e.target.value)}
            />
          </label>
          <label className="field">
            <span>{t("hosting.join.codeLabel")}</span>
            <input
              value={code}
              data-testid="join-code"
              placeholder="ABC-DEF"
              spellCheck={false}
              autoComplete="off"
              className="join-code-input"
              onChange={(e) => setCode(e.target.value)}
            />
          </label>
          {problem && (
            <p className="hosting-error" role="alert" data-testid="join-problem">
              {t(`hosting.join.problem.${problem}`)}
            </p>
          )}
          <p className="muted hosting-hint">{t("hosting.join.leaves")}</p>
          <div className="dialog-actions">
            <button type="button" className="small-button" onClick={onClose}>
              {t("hosting.close")}
            </button>
            <button type="submit" className="primary-button" data-testid="join-go">
              {t("hosting.join.go")}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
