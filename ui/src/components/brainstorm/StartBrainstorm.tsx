// The facilitator's side of the brainstorm: the form for a new round (the question, and the card
// lane the revealed ideas go to) and "Reveal", asked twice because it cannot be taken back.
import type { LoroDoc } from "loro-crdt";
import { useId, useState } from "react";
import { defaultBrainstormLane, startBrainstorm } from "../../doc/brainstorm";
import type { MapStore } from "../../doc/store";
import { useStoreSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_BRAINSTORM_PROMPT_CHARS } from "../../wire/limits";
import { charLimit } from "../shared/charLimit";

export function StartBrainstorm({
  doc,
  store,
  onStarted,
}: {
  doc: LoroDoc;
  store: MapStore;
  onStarted: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const lanes = useStoreSlice(store, (v) => v.lanes);
  const cardLanes = lanes.filter((l) => l.kind === "cards");
  const [prompt, setPrompt] = useState("");
  const [lane, setLane] = useState<string | null>(null);
  const chosen = lane ?? defaultBrainstormLane(lanes);
  return (
    <form
      className="brainstorm-start"
      onSubmit={(e) => {
        e.preventDefault();
        if (!chosen) return;
        startBrainstorm(doc, prompt, chosen);
        onStarted();
      }}
    >
      <strong>{t("brainstorm.title")}</strong>
      <p className="brainstorm-hint">{t("brainstorm.intro")}</p>
      <label className="field">
        <span>{t("brainstorm.prompt")}</span>
        <input
          data-testid="brainstorm-prompt-input"
          value={prompt}
          placeholder={t("brainstorm.promptPlaceholder")}
          {...charLimit(MAX_BRAINSTORM_PROMPT_CHARS, setPrompt)}
        />
      </label>
      <label className="field" htmlFor={`${id}-lane`}>
        <span>{t("brainstorm.lane")}</span>
        <select
          id={`${id}-lane`}
          data-testid="brainstorm-lane"
          value={chosen ?? ""}
          onChange={(e) => setLane(e.target.value)}
        >
          {cardLanes.map((l) => (
            <option key={l.id} value={l.id}>
              {l.title}
            </option>
          ))}
        </select>
      </label>
      {!chosen && <p className="brainstorm-hint">{t("brainstorm.noLane")}</p>}
      <button
        type="submit"
        className="small-button"
        data-testid="brainstorm-start"
        disabled={!chosen}
      >
        {t("brainstorm.start")}
      </button>
    </form>
  );
}

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
  if (!confirming) {
    return (
      <button
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
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void onReveal().finally(() => {
            setBusy(false);
            setConfirming(false);
          });
        }}
      >
        {t("brainstorm.reveal")}
      </button>
      <button type="button" className="small-button" onClick={() => setConfirming(false)}>
        {t("brainstorm.keepWriting")}
      </button>
    </div>
  );
}
