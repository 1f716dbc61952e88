// The card editor's view of presence (CardPresence in editor/remoteCarets.ts), over a map's
// presence channel: other people's carets, a change signal that fires only when those carets
// change (not on every scroll of someone's viewport), and publishing this person's caret.
import type { CardPresence, RemoteCaret } from "../editor/remoteCarets";
import type { PresenceSync } from "./sync";

export function cardPresence(sync: PresenceSync): CardPresence {
  return {
    carets: sync.carets,
    subscribe: (onChange) => {
      let last: readonly RemoteCaret[] = sync.carets();
      return sync.subscribeFaces(() => {
        const now = sync.carets();
        if (now === last) return;
        last = now;
        onChange();
      });
    },
    publish: (cursor) => sync.update({ caret: cursor ?? undefined }),
  };
}
