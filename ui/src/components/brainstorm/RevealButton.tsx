// The facilitator's "Reveal": asked twice, because ideas on everyone's board cannot be hidden
// again. Focus stays in the panel (on the button again) when the confirmation goes.
import { useEffect, useRef, useState } from "react";
import type { MapStore } from "../../doc/store";
import { useStoreSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";

export function RevealButton({
  waiting,
  lane,
  store,
  onReveal,
}: {
  waiting: number;
  lane: string;
  store: MapStore;
  onReveal: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const laneTitle = useStoreSlice(store, (v) => v.lanes.find((l) => l.id === lane)?.title ?? "");
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (confirming || !asked.current) return;
    asked.current = false;
    first.current?.focus();
  }, [confirming]);
  const settle = () => {
    asked.current = true;
    setConfirming(false);
  };
  if (!confirming) {
    return (
      <button
        ref={first}
        type="button"
        className="small-button"
        data-testid="brainstorm-reveal"
        onClick={() => setConfirming(true)}
      >
        {t("brainstorm.reveal")}
      </button>
    );
  }
  return (
    <div className="brainstorm-confirm">
      <p role="alert">{t("brainstorm.revealConfirm", { count: waiting, lane: laneTitle })}</p>
      <button
        type="button"
        className="small-button"
        data-testid="brainstorm-reveal-confirm"
        // biome-ignore lint/a11y/noAutofocus: the person just asked to reveal; this confirms it
        autoFocus
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void onReveal().finally(() => {
            setBusy(false);
            settle();
          });
        }}
      >
        {t("brainstorm.reveal")}
      </button>
      <button type="button" className="small-button" onClick={settle}>
        {t("brainstorm.keepWriting")}
      </button>
    </div>
  );
}
