// The facilitator's form for a new brainstorm round: the question, and the card lane the revealed
// ideas go to (the pain points at first).
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
