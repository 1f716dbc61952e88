// One cell of a channels lane: the stage's channel chips (built-in, with a small glyph, or custom)
// and a popover to toggle them. Each chip is a flat key `stage:lane:channel` (map-document.md).
import { useRef, useState } from "react";
import { restsOfCell } from "../../doc/cellKey";
import { CHANNELS, channelKey } from "../../doc/schema";
import { cellKey } from "../../doc/store";
import { textHead } from "../../doc/textLength";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_CHANNEL_NAME_CHARS } from "../../wire/limits";
import { BoardPopover } from "../board/BoardPopover";
import type { BoardActions } from "../board/boardActions";
import { useDrawnNearView } from "../cards/cellWindow";
import { charLimit } from "../shared/charLimit";
import { useMapT } from "../shared/mapLanguage";
import { useReadOnly } from "../shared/readOnly";

/** Plain glyphs (emoji fonts are missing on many workshop machines). */
const GLYPH: Record<string, string> = {
  ads: "Ad",
  website: "www",
  store: "⌂",
  phone: "☎",
  email: "@",
  chat: "❝",
  social: "#",
  knowledge_base: "KB",
  faq: "?",
  tutorials: "▶",
  chatbot_ivr: "IVR",
  community_forum: "⚑",
};

interface Props {
  stageId: string;
  laneId: string;
  /** Channel ids set for this stage, in display order. */
  active: string[];
  actions: BoardActions;
  className?: string;
}

/** The channels shown in one cell (stage and channels lane): built-in ones first, in order. */
export function channelsOfCell(keys: Set<string>, stageId: string, laneId: string): string[] {
  const set = restsOfCell(keys, stageId, laneId);
  const builtIn = CHANNELS.filter((c) => set.includes(c));
  const custom = set.filter((c) => c.startsWith("custom:")).sort();
  return [...builtIn, ...custom];
}

export function ChannelCell({ stageId, laneId, active, actions, className }: Props) {
  const { t } = useTranslation();
  const mapT = useMapT();
  const readOnly = useReadOnly();
  const [open, setOpen] = useState(false);
  const picker = useRef<HTMLButtonElement>(null);
  const [custom, setCustom] = useState("");
  const label = (c: string) =>
    c.startsWith("custom:") ? c.slice(7) : mapT(`board.channel.${c}`, { defaultValue: c });
  const addCustom = () => {
    const name = textHead(custom.trim(), MAX_CHANNEL_NAME_CHARS);
    if (!name) return;
    actions.channel(stageId, laneId, `custom:${name}`, true);
    setCustom("");
  };
  const customs = active.filter((c) => c.startsWith("custom:"));
  const [el, setEl] = useState<HTMLDivElement | null>(null);
  // On a large board, from when it first comes near the view (cellWindow.ts).
  const drawn = useDrawnNearView(cellKey(stageId, laneId), el, true);
  return (
    <div
      ref={setEl}
      className={`cell channel-cell ${className ?? ""}`}
      data-testid="cell"
      data-stage-id={stageId}
      data-lane-id={laneId}
      tabIndex={-1}
    >
      <div className="chips">
        {drawn && (
          <>
            {active.map((c) => (
              <span
                key={c}
                className="chip"
                data-testid={`channel-active-${c}`}
                data-key={channelKey(stageId, laneId, c)}
              >
                <span className="chip-glyph" aria-hidden="true">
                  {GLYPH[c] ?? "+"}
                </span>
                {label(c)}
              </span>
            ))}
            <button
              ref={picker}
              type="button"
              className="chip chip-add"
              hidden={readOnly}
              data-testid="channel-picker"
              aria-expanded={open}
              aria-label={t("board.channel.pick")}
              title={t("board.channel.pick")}
              onClick={() => setOpen((o) => !o)}
            >
              {active.length === 0 ? `+ ${t("board.channel.pick")}` : "+"}
            </button>
          </>
        )}
      </div>
      {open && !readOnly && (
        <BoardPopover
          label={t("board.channel.pick")}
          testId="channel-popover"
          onClose={() => setOpen(false)}
          toggle={picker}
          className="channel-popover"
        >
          <div className="chips">
            {[...CHANNELS, ...customs].map((c) => {
              const on = active.includes(c);
              return (
                <button
                  key={c}
                  type="button"
                  className={`chip toggle${on ? " on" : ""}`}
                  data-testid={`channel-chip-${c}`}
                  aria-pressed={on}
                  onClick={() => actions.channel(stageId, laneId, c, !on)}
                >
                  <span className="chip-glyph" aria-hidden="true">
                    {GLYPH[c] ?? "+"}
                  </span>
                  {label(c)}
                </button>
              );
            })}
          </div>
          <div className="row">
            <input
              data-testid="channel-custom-input"
              aria-label={t("board.channel.custom")}
              placeholder={t("board.channel.custom")}
              value={custom}
              {...charLimit(MAX_CHANNEL_NAME_CHARS, setCustom)}
              onKeyDown={(e) => {
                // Escape goes on to the popover, which closes; every other key stays in the field.
                if (e.key === "Escape") return;
                e.stopPropagation();
                if (e.key === "Enter" && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  addCustom();
                }
              }}
            />
            <button type="button" className="small-button" onClick={addCustom}>
              {t("board.channel.addCustom")}
            </button>
          </div>
        </BoardPopover>
      )}
    </div>
  );
}
