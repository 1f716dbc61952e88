// The app a workshop participant's browser runs (see api/endpoint.ts resolveAppMode): the join
// page until they joined, then their board of the workshop's map, or what happened when their seat
// is gone and nothing is left to show.
import { useCallback, useMemo, useState } from "react";
import type { ParticipantSession } from "../../wire/ParticipantSession";
import { ParticipantApi } from "./api";
import type { ParticipantEntry } from "./entry";
import { FinishedPage } from "./FinishedPage";
import { JoinPage } from "./JoinPage";
import { ParticipantBoard } from "./ParticipantBoard";
import { type Finished, loadInvite, loadSession } from "./storage";
import { useLocalPrefs } from "./useLocalPrefs";

type Stage =
  | { kind: "join"; invite: string | null; code: string }
  | { kind: "board"; session: ParticipantSession }
  | { kind: "finished"; reason: Finished };

function firstStage(entry: ParticipantEntry): Stage {
  if (entry.kind === "invite") return { kind: "join", invite: entry.invite, code: "" };
  if (entry.kind === "code") return { kind: "join", invite: null, code: entry.code };
  const kept = loadSession();
  if (!kept) return { kind: "join", invite: loadInvite(), code: "" };
  if (kept.finished) return { kind: "finished", reason: kept.finished };
  return { kind: "board", session: kept.session };
}

function showHash(hash: string): void {
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, "", `${pathname}${search}${hash}`);
}

export function ParticipantApp({ base, entry }: { base: string; entry: ParticipantEntry }) {
  const api = useMemo(() => new ParticipantApi(base), [base]);
  const { prefs, update } = useLocalPrefs();
  const [stage, setStage] = useState<Stage>(() => firstStage(entry));
  const onGone = useCallback((reason: Finished) => setStage({ kind: "finished", reason }), []);

  if (stage.kind === "join") {
    return (
      <JoinPage
        api={api}
        invite={stage.invite}
        code={stage.code}
        language={prefs.language}
        onLanguage={(language) => update({ language })}
        onJoined={(session) => {
          showHash("");
          setStage({ kind: "board", session });
        }}
      />
    );
  }
  if (stage.kind === "finished") {
    return (
      <FinishedPage
        reason={stage.reason}
        language={prefs.language}
        onLanguage={(language) => update({ language })}
        onEnterCode={() => {
          showHash("#join");
          setStage({ kind: "join", invite: null, code: "" });
        }}
      />
    );
  }
  return (
    <ParticipantBoard
      key={stage.session.participant_token}
      api={api}
      base={base}
      session={stage.session}
      prefs={prefs}
      onPrefs={update}
      onGone={onGone}
    />
  );
}
