// Other people's carets in the card being edited, and publishing this person's caret, through a
// presence channel the app provides (`CardPresence`). Carets travel as encoded Loro cursors
// (`LoroText.getCursor(pos).encode()`), which stay on the same character whatever is typed before
// them; the editor shows only those that point into its own card's text.
//
// The app's channel is the map's EphemeralStore relayed over the host's %EPH messages
// (presence/sync.ts, adapted in presence/cardPresence.ts); without a `CardPresence` the card
// editor shows and sends nothing.
// loro-codemirror's LoroEphemeralPlugin was not used: it keeps one caret per peer under
// `<peer>-cm-cursor` for the whole document, so a caret in one card would be drawn in every other.
import { type Extension, StateEffect, StateField } from "@codemirror/state";
import {
  Decoration,
  type DecorationSet,
  EditorView,
  type PluginValue,
  ViewPlugin,
  type ViewUpdate,
  WidgetType,
} from "@codemirror/view";
import { Cursor, type LoroDoc, type LoroText } from "loro-crdt";

export interface RemoteCaret {
  /** Stable per person and device (e.g. the presence key). */
  key: string;
  name: string;
  /** A CSS colour for the caret and the name label. */
  color: string;
  /** `LoroText.getCursor(pos).encode()` in whichever card the person is editing. */
  cursor: Uint8Array;
}

export interface CardPresence {
  /** Everyone else's carets (any card); the editor keeps those in its own text. */
  carets: () => readonly RemoteCaret[];
  /** Calls `onChange` whenever `carets()` changes; returns the unsubscribe function. */
  subscribe: (onChange: () => void) => () => void;
  /** This person's caret in the card being edited, or null when the editor closes or blurs. */
  publish: (cursor: Uint8Array | null) => void;
}

/**
 * How long a co-editor's name stays over their caret after the caret comes into this card (then it
 * fades; hovering the caret shows it again). A name that stayed would sit on the line above the
 * caret and hide what the person typing there wrote; the card's corner already names everyone in
 * it, in the same colour as their caret. The last fifth of it is editor.css's fade.
 */
export const CARET_NAME_SHOWN_MS = 2_400;

class CaretWidget extends WidgetType {
  constructor(
    readonly name: string,
    readonly color: string,
    /** `performance.now()` when this caret came into the card. */
    readonly appearedAt: number,
  ) {
    super();
  }

  eq(other: CaretWidget): boolean {
    return (
      other.name === this.name && other.color === this.color && other.appearedAt === this.appearedAt
    );
  }

  toDOM(): HTMLElement {
    const caret = document.createElement("span");
    caret.className = "cm-remote-caret";
    caret.style.borderLeftColor = this.color;
    caret.setAttribute("aria-hidden", "true");
    caret.title = this.name;
    const label = document.createElement("span");
    label.className = "cm-remote-caret-name";
    label.style.backgroundColor = this.color;
    label.textContent = this.name;
    // The fade runs from when the caret appeared, not from when this element was drawn: a caret
    // that moves is redrawn, and its name must not come back with every key the person types.
    const shownFor = Math.max(0, performance.now() - this.appearedAt);
    label.style.animationDuration = `${CARET_NAME_SHOWN_MS}ms`;
    label.style.animationDelay = `${-Math.round(shownFor)}ms`;
    caret.append(label);
    return caret;
  }

  ignoreEvent(): boolean {
    return true;
  }
}

const setCarets = StateEffect.define<DecorationSet>();

const caretField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    let next = value.map(tr.changes);
    for (const e of tr.effects) if (e.is(setCarets)) next = e.value;
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** Where each caret that belongs to `text` is now, as widget decorations. */
export function caretDecorations(
  doc: LoroDoc,
  text: LoroText,
  carets: readonly RemoteCaret[],
  length: number,
  appearedAt: (key: string) => number = () => performance.now(),
): DecorationSet {
  const ranges = [];
  for (const c of carets) {
    try {
      const cursor = Cursor.decode(c.cursor);
      if (cursor.containerId() !== text.id) continue;
      const pos = doc.getCursorPos(cursor)?.offset;
      if (pos === undefined) continue;
      const at = Math.max(0, Math.min(length, pos));
      ranges.push(
        Decoration.widget({
          widget: new CaretWidget(c.name, c.color, appearedAt(c.key)),
          side: 1,
        }).range(at),
      );
    } catch {
      // a caret from an older or foreign document: not shown
    }
  }
  return Decoration.set(ranges, true);
}

class CaretPlugin implements PluginValue {
  private scheduled = false;
  private closed = false;
  /** When each caret shown now came into this card; a caret that leaves is forgotten. */
  private readonly appeared = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly view: EditorView,
    private readonly doc: LoroDoc,
    private readonly text: LoroText,
    private readonly presence: CardPresence,
  ) {
    this.unsubscribe = presence.subscribe(this.schedule);
    this.schedule();
  }

  update(u: ViewUpdate): void {
    if (!(u.selectionSet || u.focusChanged || u.docChanged)) return;
    // Mid-composition the view is ahead of the document; publish once the text is written.
    if (this.view.compositionStarted || this.text.isDeleted()) return;
    const pos = Math.min(u.state.selection.main.head, this.text.length);
    this.presence.publish(this.view.hasFocus ? (this.text.getCursor(pos)?.encode() ?? null) : null);
  }

  destroy(): void {
    this.closed = true;
    this.unsubscribe();
    this.presence.publish(null);
  }

  /** Presence may change inside another update: redraw in a microtask. */
  private schedule = (): void => {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.closed || this.text.isDeleted()) return;
      const length = this.view.state.doc.length;
      const now = performance.now();
      const shown = new Map<string, number>();
      const set = caretDecorations(this.doc, this.text, this.presence.carets(), length, (key) => {
        const at = this.appeared.get(key) ?? now;
        shown.set(key, at);
        return at;
      });
      this.appeared.clear();
      for (const [key, at] of shown) this.appeared.set(key, at);
      this.view.dispatch({ effects: setCarets.of(set) });
    });
  };
}

/** Shows other people's carets in `text` and publishes this person's. */
export function remoteCarets(doc: LoroDoc, text: LoroText, presence: CardPresence): Extension {
  return [caretField, ViewPlugin.define((view) => new CaretPlugin(view, doc, text, presence))];
}
