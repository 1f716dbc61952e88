// The card text editor: CodeMirror 6 bound to the card's LoroText (editor/cardEditorView.ts). Each
// keystroke is a Loro operation at its own position, other people's changes move the caret, an IME
// composition is written only once committed, the text is capped at 10,000 characters with a
// visible message, and Enter, Escape or leaving the field finishes editing (Shift+Enter: a new
// line, which a small hint under the text says). Undo is the app's (Ctrl/Cmd+Z).
// If someone else deletes the card meanwhile, the editor closes and says so.
//
// `presence` (optional): other people's carets in this card and where to publish this person's
// caret — see CardPresence in editor/remoteCarets.ts. CardView and Inspector pass the open map's
// adapter (presence/cardPresence.ts, via presence/context.ts). Keep the object stable (one per
// open map): a new object opens a new editor view.
import type { LoroDoc } from "loro-crdt";
import { useContext, useId, useLayoutEffect, useRef, useState } from "react";
import { cardText } from "../../doc/actions";
import { MAX_CARD_TEXT } from "../../doc/schema";
import { createCardEditorView } from "../../editor/cardEditorView";
import type { CardPresence } from "../../editor/remoteCarets";
import { MapStoreContext } from "../../hooks/mapSlice";
import { useTranslation } from "../../i18n/useTranslation";
import { formatCount } from "../shared/limitMessages";
import { showCardNotice } from "./cardNotice";

interface Props {
  doc: LoroDoc;
  cardId: string;
  onDone: () => void;
  presence?: CardPresence;
}

export function CardEditor({ doc, cardId, onDone, presence }: Props) {
  const { t, i18n } = useTranslation();
  const [cut, setCut] = useState(false);
  const host = useRef<HTMLDivElement>(null);
  const hintId = useId();
  // Read at event time, so a parent's new callback or a language switch needs no new view.
  const store = useContext(MapStoreContext);
  const latest = useRef({ onDone, t, store });
  latest.current = { onDone, t, store };

  // A layout effect, so the view is closed before React removes its element: a focused element
  // that is removed fires blur, which must not finish editing a second time.
  useLayoutEffect(() => {
    const parent = host.current;
    const text = cardText(doc, cardId);
    // The card as it was when editing began, for an offer back if it goes before the store's own
    // record can be read (lostCards.ts).
    const opened = latest.current.store?.getView().cards[cardId];
    if (!parent || !text) {
      latest.current.onDone();
      return;
    }
    const editor = createCardEditorView({
      parent,
      doc,
      text,
      label: latest.current.t("card.edit"),
      describedBy: hintId,
      onDone: () => latest.current.onDone(),
      onGone: (remote, unsent) => {
        const lostCards = latest.current.store?.lostCards;
        // Deleted in the middle of a composition: its words never reached the document, so the
        // board offers the card back as this editor showed it, those words included.
        const record =
          lostCards?.get().find((c) => c.id === cardId) ??
          latest.current.store?.getView().cards[cardId] ??
          opened;
        if (remote && unsent !== null && record && lostCards)
          lostCards.add([{ ...record, text: unsent }], true);
        // Deleted over words the deleter had not seen: the board offers them back instead.
        const offered = lostCards?.get().some((c) => c.id === cardId);
        if (remote && !offered)
          showCardNotice(latest.current.t("card.deletedWhileEditing"), "card-gone");
        latest.current.onDone();
      },
      onCut: setCut,
      presence,
    });
    const { view } = editor;
    view.dispatch({ selection: { anchor: view.state.doc.length }, scrollIntoView: true });
    view.focus();
    return editor.close;
  }, [doc, cardId, presence, hintId]);

  return (
    <div className="card-editor-wrap">
      <div ref={host} />
      <p className="card-editor-hint" id={hintId} data-testid="card-editor-hint">
        {t("card.editHint")}
      </p>
      {cut && (
        <p className="card-warning" role="status">
          {t("card.truncated", { max: formatCount(MAX_CARD_TEXT, i18n.language) })}
        </p>
      )}
    </div>
  );
}
