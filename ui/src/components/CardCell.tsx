// One cell (stage × lane) of a card lane: its cards in position order and an "Add card" button.
import { useTranslation } from "react-i18next";
import type { CardRec } from "../doc/schema";
import type { BoardActions } from "./boardActions";
import { CardView } from "./CardView";

interface Props {
  stageId: string;
  laneId: string;
  department: string;
  cards: CardRec[] | undefined;
  selectedId: string | null;
  editingId: string | null;
  actions: BoardActions;
  onSelect: (id: string | null) => void;
  onEdit: (id: string | null) => void;
  canAdd: boolean;
}

export function CardCell(p: Props) {
  const { t } = useTranslation();
  const cards = p.cards ?? [];
  const add = () => {
    const last = cards[cards.length - 1];
    const id = p.actions.add(p.stageId, p.laneId, p.department, last?.placement?.pos ?? null);
    p.onSelect(id);
    p.onEdit(id);
  };
  return (
    <div
      className={cards.length === 0 ? "cell empty" : "cell"}
      data-testid="cell"
      data-stage-id={p.stageId}
      data-lane-id={p.laneId}
    >
      {cards.map((c) => (
        <CardView
          key={c.id}
          card={c}
          selected={p.selectedId === c.id}
          editing={p.editingId === c.id}
          actions={p.actions}
          onSelect={p.onSelect}
          onEdit={p.onEdit}
        />
      ))}
      {p.canAdd && (
        <button type="button" className="add-card" data-testid="add-card" onClick={add}>
          + {t("board.addCard")}
        </button>
      )}
    </div>
  );
}
