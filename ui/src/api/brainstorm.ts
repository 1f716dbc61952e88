// The host's brainstorm routes (crates/host/src/brainstorm/routes.rs), the same paths for the
// facilitator (launch token, loopback) and a participant (their token, the workshop's address):
// each side passes the way it calls its host.
import type { BrainstormOverview } from "../wire/BrainstormOverview";
import type { BrainstormStarted } from "../wire/BrainstormStarted";
import type { IdeaSaved } from "../wire/IdeaSaved";
import type { IdeasRevealed } from "../wire/IdeasRevealed";
import type { PutIdea } from "../wire/PutIdea";
import type { RevealIdeas } from "../wire/RevealIdeas";
import type { StartBrainstorm } from "../wire/StartBrainstorm";

/** One request to the host; failures become HostError (a network failure: status 0). */
export type HostCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

export interface IdeasApi {
  overview(mapId: string): Promise<BrainstormOverview>;
  put(mapId: string, ideaId: string, idea: PutIdea): Promise<IdeaSaved>;
  remove(mapId: string, ideaId: string): Promise<void>;
  /** The facilitator's only. */
  reveal(mapId: string, round: number): Promise<IdeasRevealed>;
  /** The facilitator's only: the next round (what still waits of the last is revealed first). */
  start(mapId: string, round: StartBrainstorm): Promise<BrainstormStarted>;
}

const enc = encodeURIComponent;

export function ideasApi(call: HostCall): IdeasApi {
  const base = (mapId: string) => `/api/maps/${enc(mapId)}/brainstorm`;
  return {
    overview: (mapId) => call("GET", base(mapId)),
    put: (mapId, ideaId, idea) => call("PUT", `${base(mapId)}/ideas/${enc(ideaId)}`, idea),
    remove: async (mapId, ideaId) => {
      await call("DELETE", `${base(mapId)}/ideas/${enc(ideaId)}`);
    },
    reveal: (mapId, round) => {
      const body: RevealIdeas = { round };
      return call("POST", `${base(mapId)}/reveal`, body);
    },
    start: (mapId, round) => call("POST", `${base(mapId)}/start`, round),
  };
}
