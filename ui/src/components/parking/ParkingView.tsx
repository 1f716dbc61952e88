// The map's parking lot beside the board (the toolbar switches between them): topics that come up
// in a workshop but do not belong to the discussion at hand, parked to come back to. Anyone who
// may edit the map parks a topic (Enter, and the field stays ready for the next one), corrects one
// in place, puts it back on the board as a card when its time comes (ToBoardForm.tsx) or takes it
// off the list; a reader sees the list. Everyone sees the others' topics as they are parked, and
// the PDF report lists them (crates/report/src/pdf/sections.rs).
import { useRef, useState } from "react";
import type { ParkedTopic, TextBase } from "../../doc/parkingLot";
import { useMapSlice } from "../../hooks/mapSlice";
import { formatDateTime } from "../../i18n/formats";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_PARKING_ITEMS_PER_MAP, MAX_PARKING_TEXT_CHARS } from "../../wire/limits";
import type { BoardActions } from "../board/boardActions";
import type { ConfirmRequest } from "../shared/BoardConfirm";
import { charLimit } from "../shared/charLimit";
import { useReadOnly } from "../shared/readOnly";
import { ToBoardForm, type ToBoardProps } from "./ToBoardForm";
import { TopicField } from "./TopicField";

interface Props {
  actions: Pick<
    BoardActions,
    "parkTopic" | "parkedBase" | "parkedText" | "unparkTopic" | "topicToCard"
  >;
  onConfirm: (req: ConfirmRequest) => void;
  /** Opens the board with the card selected and in view. */
  onShowCard: (cardId: string) => void;
}

/**
 * After a topic has gone from the list, the focus goes to the topic now in its place (or the last
 * one, or the field to park a new one): with the row gone it would fall to the page's body, and a
 * keyboard or screen-reader user would lose their place.
 */
function focusNear(section: HTMLElement | null, index: number): void {
  requestAnimationFrame(() => {
    if (!section?.isConnected) return;
    const rows = section.querySelectorAll<HTMLElement>("[data-testid=parked-text]");
    const next = rows[Math.min(index, rows.length - 1)];
    const field = section.querySelector<HTMLElement>("[data-testid=parking-input]");
    (next ?? field ?? section).focus({ preventScroll: false });
  });
}

export function ParkingView({ actions, onConfirm, onShowCard }: Props) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const topics = useMapSlice((v) => v.parking);
  const full = topics.length >= MAX_PARKING_ITEMS_PER_MAP;
  const section = useRef<HTMLElement>(null);
  return (
    <section
      ref={section}
      tabIndex={-1}
      className="parking-view"
      data-testid="parking-view"
      aria-label={t("parking.title")}
    >
      <header className="parking-head">
        <h2>{t("parking.title")}</h2>
        <span className="muted" data-testid="parking-count">
          {t("parking.count", { count: topics.length })}
        </span>
      </header>
      <p className="muted parking-hint">{t("parking.hint")}</p>
      {!readOnly && <ParkField onPark={actions.parkTopic} full={full} />}
      {topics.length === 0 ? (
        <p className="board-message" data-testid="parking-empty">
          {t("parking.empty")}
        </p>
      ) : (
        <ol className="parking-list">
          {topics.map((topic, index) => (
            <ParkedRow
              key={topic.id}
              topic={topic}
              readOnly={readOnly}
              onBegin={() => actions.parkedBase(topic.id)}
              onText={(text, base) => actions.parkedText(topic.id, text, base)}
              onRemove={() =>
                onConfirm({
                  message: t("parking.removeConfirm", { text: topic.text }),
                  okLabel: t("parking.remove"),
                  onOk: () => {
                    actions.unparkTopic(topic.id);
                    focusNear(section.current, index);
                  },
                })
              }
              onToBoard={(stage, lane, department, afterPos) => {
                const card = actions.topicToCard(topic.id, stage, lane, department, afterPos);
                if (card !== null) onShowCard(card);
              }}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

/** The field a topic is parked from: Enter parks it and empties the field for the next one. */
function ParkField({ onPark, full }: { onPark: (text: string) => string | null; full: boolean }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState("");
  const field = useRef<HTMLInputElement>(null);
  const park = () => {
    if (!draft.trim() || full) return;
    if (onPark(draft)) setDraft("");
    field.current?.focus();
  };
  return (
    <form
      className="parking-add"
      onSubmit={(e) => {
        e.preventDefault();
        park();
      }}
    >
      <input
        ref={field}
        data-testid="parking-input"
        value={draft}
        placeholder={t("parking.placeholder")}
        aria-label={t("parking.placeholder")}
        disabled={full}
        {...charLimit(MAX_PARKING_TEXT_CHARS, setDraft)}
        onKeyDown={(e) => {
          // Board shortcuts stay out of the field; Enter inside a composition only confirms it.
          e.stopPropagation();
          if (e.key === "Enter" && (e.nativeEvent.isComposing || e.keyCode === 229)) {
            e.preventDefault();
          }
        }}
      />
      <button
        type="submit"
        className="primary-button"
        data-testid="parking-add"
        disabled={full || !draft.trim()}
      >
        {t("parking.add")}
      </button>
      {full && (
        <span className="muted" role="status">
          {t("parking.full", { count: MAX_PARKING_ITEMS_PER_MAP })}
        </span>
      )}
    </form>
  );
}

function ParkedRow(p: {
  topic: ParkedTopic;
  readOnly: boolean;
  /** What a correction starts from, taken when the person starts typing it. */
  onBegin: () => TextBase | null;
  onText: (text: string, base: TextBase | null) => boolean;
  onRemove: () => void;
  onToBoard: ToBoardProps["onPut"];
}) {
  const { t, i18n } = useTranslation();
  const { topic } = p;
  const base = useRef<TextBase | null>(null);
  const [choosing, setChoosing] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <li className="parked-topic" data-testid="parked-topic" data-id={topic.id}>
      {p.readOnly ? (
        <span className="parked-text" data-testid="parked-text">
          {topic.text}
        </span>
      ) : (
        <TopicField
          className="parked-text"
          data-testid="parked-text"
          aria-label={t("parking.topic")}
          title={t("parking.fieldKeys")}
          value={topic.text}
          max={MAX_PARKING_TEXT_CHARS}
          onBegin={() => {
            base.current = p.onBegin();
          }}
          onCommit={(text) => p.onText(text, base.current)}
        />
      )}
      <span className="muted parked-by">
        {topic.author
          ? t("parking.by", {
              author: topic.author,
              time: formatDateTime(topic.createdAt, i18n.language),
            })
          : formatDateTime(topic.createdAt, i18n.language)}
      </span>
      {!p.readOnly && (
        <button
          ref={opener}
          type="button"
          className="small-button parked-to-board"
          data-testid="parked-to-board"
          aria-expanded={choosing}
          aria-label={t("parking.toBoardNamed", { text: topic.text })}
          onClick={() => setChoosing((c) => !c)}
        >
          {t("parking.toBoard")}
        </button>
      )}
      {!p.readOnly && (
        <button
          type="button"
          className="icon-button"
          data-testid="parked-remove"
          aria-label={t("parking.removeNamed", { text: topic.text })}
          title={t("parking.remove")}
          onClick={p.onRemove}
        >
          ×
        </button>
      )}
      {choosing && !p.readOnly && (
        <ToBoardForm
          onPut={p.onToBoard}
          onCancel={() => {
            setChoosing(false);
            opener.current?.focus();
          }}
        />
      )}
    </li>
  );
}
