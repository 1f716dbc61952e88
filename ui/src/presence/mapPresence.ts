// Everything the UI needs of one map's presence, in one object that stays the same while the map
// is open: the channel (sync.ts), follow mode (followController.ts), the card editor's adapter
// (cardPresence.ts) and the setters for what this person publishes.
import type { CardPresence } from "../editor/remoteCarets";
import { cardPresence } from "./cardPresence";
import { FollowController } from "./followController";
import type { Viewport } from "./state";
import type { PresenceSync } from "./sync";

export class MapPresence {
  readonly follow: FollowController;
  /** Pass to CardEditor's `presence` prop. */
  readonly cards: CardPresence;

  constructor(
    readonly mapId: string,
    readonly sync: PresenceSync,
  ) {
    this.follow = new FollowController(sync);
    this.cards = cardPresence(sync);
  }

  /** This person's presence key. */
  get key(): string {
    return this.sync.key;
  }

  /** The card this person edits (null: none); the caret goes with it. */
  setEditing = (cardId: string | null): void => {
    if (cardId === this.sync.me().editing) return;
    this.sync.update(cardId ? { editing: cardId } : { editing: null, caret: undefined });
  };

  setViewport = (viewport: Viewport | null): void => this.sync.update({ viewport });

  /** "Everyone follow me" (only a facilitator's lead is followed). */
  setLeading = (leading: boolean): void => this.sync.update({ leading });

  dispose(): void {
    this.follow.dispose();
  }
}
