// The board of the open map: sticky stage headers as columns, lanes as rows, rendered from the
// map's normalised store. Holds the selection and the card being edited.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { OpenMap } from "../hooks/useOpenMap";
import type { RoomStatus } from "../sync/types";
import { makeBoardActions } from "./boardActions";
import { LaneRow } from "./LaneRow";

interface Props {
  open: OpenMap;
  status: RoomStatus;
  author: string;
}

export function Board({ open, status, author }: Props) {
  const { t } = useTranslation();
  const view = useSyncExternalStore(open.store.subscribe, open.store.getView);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const authorRef = useRef(author);
  authorRef.current = author;
  const actions = useMemo(
    () => makeBoardActions(open.doc, open.steps, () => authorRef.current),
    [open.doc, open.steps],
  );
  const onSelect = useCallback((id: string | null) => setSelectedId(id), []);
  const onEdit = useCallback(
    (id: string | null) => {
      actions.editing(id);
      setEditingId(id);
    },
    [actions],
  );
  const ready = status.joined && status.loaded;

  // clicking anywhere outside a card clears the selection
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (e.target instanceof Element && e.target.closest("[data-testid='card']")) return;
      setSelectedId(null);
    };
    window.addEventListener("pointerdown", onDown);
    return () => window.removeEventListener("pointerdown", onDown);
  }, []);
  const { stages, lanes } = view;

  return (
    <section
      className="board-scroll"
      data-testid="board"
      data-ready={ready ? "true" : "false"}
      aria-busy={!ready}
    >
      {!ready && stages.length === 0 && <p className="board-message">{t("board.loading")}</p>}
      {ready && stages.length === 0 && <p className="board-message">{t("board.noStages")}</p>}
      {ready && stages.length > 0 && lanes.length === 0 && (
        <p className="board-message">{t("board.noLanes")}</p>
      )}
      {stages.length > 0 && (
        <div
          className="board-grid"
          style={{
            gridTemplateColumns: `var(--lane-col) repeat(${stages.length}, minmax(var(--stage-col), 1fr))`,
          }}
        >
          <div className="corner" />
          {stages.map((s) => (
            <div
              key={s.id}
              className="stage-header"
              data-testid="stage-header"
              data-stage-id={s.id}
              style={{ borderTopColor: `var(--band-${s.color}, var(--band-gray))` }}
              title={s.description || undefined}
            >
              <span className="stage-title">{s.title}</span>
            </div>
          ))}
          {lanes.map((l) => (
            <LaneRow
              key={l.id}
              lane={l}
              stages={stages}
              view={view}
              participant={author}
              selectedId={selectedId}
              editingId={editingId}
              actions={actions}
              onSelect={onSelect}
              onEdit={onEdit}
            />
          ))}
        </div>
      )}
    </section>
  );
}
