// Runs the follow state machine (follow.ts) against one map's presence: feeds it everyone's
// presence as it changes, and lets the top bar (avatars, "stop") and the board (which scrolls to
// the target's viewport) share one follow state.
import { FOLLOW_IDLE, type FollowState, followStep } from "./follow";
import type { Peer } from "./state";
import type { PresenceSync } from "./sync";

export class FollowController {
  private state: FollowState = FOLLOW_IDLE;
  private listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(private readonly sync: PresenceSync) {
    this.unsubscribe = sync.subscribeFaces(this.onPresence);
    this.onPresence();
  }

  getState = (): FollowState => this.state;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** The person being followed, viewport included. */
  target(): Peer | undefined {
    return this.state.target ? this.sync.peer(this.state.target) : undefined;
  }

  follow(key: string): void {
    if (key === this.sync.key) return;
    this.set(followStep(this.state, { type: "follow", key }));
  }

  stop(): void {
    if (this.state.target) this.set(followStep(this.state, { type: "stop" }));
  }

  /** Asks everyone to follow this person (facilitators only), or ends that. */
  setLeading(leading: boolean): void {
    this.sync.update({ leading });
  }

  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private onPresence = (): void => {
    this.set(
      followStep(this.state, {
        type: "peers",
        peers: this.sync.others(),
        selfLeading: this.sync.me().leading,
      }),
    );
  };

  private set(next: FollowState): void {
    if (next === this.state) return;
    this.state = next;
    for (const fn of [...this.listeners]) fn();
  }
}
