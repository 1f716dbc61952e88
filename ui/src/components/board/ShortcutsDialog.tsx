// The list of the board's keyboard shortcuts (boardShortcuts.ts), opened with "?" or the toolbar's
// ? button so people can find the keys without a manual. A modal dialog: focus moves to its Close
// button and stays inside; Escape or Close shuts it and gives focus back to where it was.
import { Fragment, useId, useLayoutEffect, useRef } from "react";
import { useEscape } from "../../hooks/useEscape";
import { useTranslation } from "../../i18n/useTranslation";
import { type Chord, onMac, shortcutGroups } from "./boardShortcuts";

function Keys({ chord }: { chord: Chord }) {
  const { t } = useTranslation();
  return (
    <span className="shortcut-chord">
      {chord.map((part, i) => (
        <Fragment key={part}>
          {i > 0 && "+"}
          {part.startsWith("shortcuts.") ? <span>{t(part)}</span> : <kbd>{part}</kbd>}
        </Fragment>
      ))}
    </span>
  );
}

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const close = useRef<HTMLButtonElement>(null);
  // Also when a click on the backdrop has taken the focus out of the dialog.
  useEscape(onClose);
  useLayoutEffect(() => {
    const back = document.activeElement;
    close.current?.focus();
    return () => {
      // Opened with "?" from the page itself: the focus goes to the toolbar's "?" button, a
      // place on the board, rather than back to the page.
      const to =
        back instanceof HTMLElement && back.isConnected && back !== document.body
          ? back
          : document.querySelector<HTMLElement>("[data-testid='open-shortcuts']");
      to?.focus({ preventScroll: true });
    };
  }, []);
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog shortcuts-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="shortcuts-dialog"
        onKeyDown={(e) => {
          // Its keys are its own: the board behind must not act on them.
          e.stopPropagation();
          if (e.key === "Escape" && !e.nativeEvent.isComposing) {
            e.preventDefault();
            onClose();
          } else if (e.key === "Tab") {
            // Close is the only control: Tab keeps the focus in the dialog.
            e.preventDefault();
            close.current?.focus();
          }
        }}
      >
        <h2 id={titleId}>{t("shortcuts.title")}</h2>
        {shortcutGroups(onMac()).map((group) => (
          <section key={group.title} className="shortcut-group">
            <h3>{t(group.title)}</h3>
            <dl>
              {group.shortcuts.map((s) => (
                <div key={s.does} className="shortcut-row">
                  <dt>
                    {s.chords.map((chord, i) => (
                      <Fragment key={chord.join("+")}>
                        {i > 0 && <span className="shortcut-or"> / </span>}
                        <Keys chord={chord} />
                      </Fragment>
                    ))}
                  </dt>
                  <dd>{t(s.does)}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <div className="dialog-actions">
          <button
            ref={close}
            type="button"
            className="small-button"
            data-testid="shortcuts-close"
            onClick={onClose}
          >
            {t("shortcuts.close")}
          </button>
        </div>
      </div>
    </div>
  );
}
