// A small in-app confirmation dialog (no window.confirm: it blocks the sync socket's event loop
// and cannot be styled or translated).
import { useEffect, useRef } from "react";
import type { MapView } from "../../doc/store";
import { useModalFocus } from "../../hooks/useModalFocus";
import { useTranslation } from "../../i18n/useTranslation";

/** How many cards are placed where `pred` holds (for "it holds N cards" confirmations). */
export function countCards(
  view: Pick<MapView, "cards">,
  pred: (stage: string, lane: string) => boolean,
): number {
  return Object.values(view.cards).filter(
    (c) => c.placement && pred(c.placement.stage, c.placement.lane),
  ).length;
}

export interface ConfirmRequest {
  message: string;
  okLabel: string;
  onOk: () => void;
}

export function BoardConfirm({ req, onClose }: { req: ConfirmRequest; onClose: () => void }) {
  const { t } = useTranslation();
  const ok = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  // Into the dialog, Tab kept inside, back to where it was on closing; the OK button first.
  const keepFocus = useModalFocus(dialog);
  useEffect(() => ok.current?.focus(), []);
  return (
    <div className="dialog-backdrop">
      <div
        ref={dialog}
        tabIndex={-1}
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        data-testid="confirm-dialog"
        onKeyDown={(e) => {
          keepFocus(e);
          e.stopPropagation();
          if (e.key === "Escape") onClose();
        }}
      >
        <p>{req.message}</p>
        <div className="dialog-actions">
          <button type="button" className="small-button" onClick={onClose}>
            {t("board.cancel")}
          </button>
          <button
            ref={ok}
            type="button"
            className="primary-button danger-fill"
            data-testid="confirm-ok"
            onClick={() => {
              onClose();
              req.onOk();
            }}
          >
            {req.okLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
