// The facilitator's form for a new brainstorm round: the question, and the card lane the revealed
// ideas go to (the pain points at first). The host starts it (and first reveals whatever still
// waits of the last round), so no idea is left in a round nobody can reveal any more.
import { useId, useState } from "react";
import { defaultBrainstormLane } from "../../doc/brainstorm";
import type { MapStore } from "../../doc/store";
import { useStoreSlice } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import type { BrainstormStarted } from "../../wire/BrainstormStarted";
import { MAX_BRAINSTORM_PROMPT_CHARS } from "../../wire/limits";
import { charLimit } from "../shared/charLimit";

export function StartBrainstorm({
  store,
  onStart,
}: {
  store: MapStore;
  /** Asks the host; rejected with what to show when it refuses. */
  onStart: (prompt: string, lane: string) => Promise<BrainstormStarted>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const lanes = useStoreSlice(store, (v) => v.lanes);
  const cardLanes = lanes.filter((l) => l.kind === "cards");
  const [prompt, setPrompt] = useState("");
  const [lane, setLane] = useState<string | null>(null);
  const chosen = lane ?? defaultBrainstormLane(lanes);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="brainstorm-start"
      onSubmit={(e) => {
        e.preventDefault();
        if (!chosen || busy) return;
        setBusy(true);
        onStart(prompt, chosen)
          .then(
            () => setPrompt(""),
            () => {},
          )
          .finally(() => setBusy(false));
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
