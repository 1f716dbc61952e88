// The participant's screen: the workshop's map only, synced over the participants' WebSocket with
// their token, on the same board as the facilitator's, read-only when the host says so (a viewer,
// a locked map) or once the seat is gone (ended, removed), with a banner that says why. Offline
// edits go through the same outbox as the facilitator's (IndexedDB, per origin and map). Presence
// (presence/) runs under the participant's id, name and colour while the seat exists.
import {
  type ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from "react";
import { ideasApi } from "../../api/brainstorm";
import { Board } from "../../components/board/Board";
import { BoardArea, MapPane } from "../../components/board/BoardArea";
import { Brainstorm } from "../../components/brainstorm/Brainstorm";
import { ReadOnlyContext } from "../../components/shared/readOnly";
import { WorkshopTimer } from "../../components/timer/WorkshopTimer";
import { DotVoting } from "../../components/voting/DotVoting";
import { useContributorRecord } from "../../hooks/useContributorRecord";
import { useBoardReady, useOpenMap, useRoomSlice } from "../../hooks/useOpenMap";
import { useUndo } from "../../hooks/useUndo";
import { languageFromLocale } from "../../i18n";
import { useTranslation } from "../../i18n/useTranslation";
import { PresenceContext } from "../../presence/context";
import { PresenceBar } from "../../presence/PresenceBar";
import { type PresenceMe, usePresence } from "../../presence/usePresence";
import { SyncClient } from "../../sync/client";
import type { ParticipantSession } from "../../wire/ParticipantSession";
import type { RoomAccess } from "../../wire/RoomAccess";
import { AccessBanner, readOnlyReason } from "./AccessBanner";
import { type ParticipantApi, participantSocketUrl } from "./api";
import { ParticipantTopBar } from "./ParticipantTopBar";
import { saveCopy } from "./saveCopy";
import { type Finished, markFinished, saveSession } from "./storage";
import { UnreachableBanner } from "./UnreachableBanner";
import type { LocalPrefs } from "./useLocalPrefs";
import { useSessionWatch } from "./useSessionWatch";

interface Props {
  api: ParticipantApi;
  base: string;
  session: ParticipantSession;
  prefs: LocalPrefs;
  onPrefs: (patch: Partial<LocalPrefs>) => void;
  /** The seat is gone and there is nothing to show (nothing of the map was ever loaded here). */
  onGone: (reason: Finished) => void;
}

const noop = () => () => {};

function accessOf(s: ParticipantSession): RoomAccess {
  return { role: s.role, locked: s.locked, can_edit: s.role !== "viewer" && !s.locked, now_ms: 0 };
}

export function ParticipantBoard({ api, base, session: initial, prefs, onPrefs, onGone }: Props) {
  const { t } = useTranslation();
  const [session, setSession] = useState(initial);
  const token = initial.participant_token;
  const sync = useMemo(
    () => new SyncClient({ url: participantSocketUrl(base, token), token }),
    [base, token],
  );
  useEffect(() => {
    sync.connect();
    return () => sync.destroy();
  }, [sync]);

  const open = useOpenMap(sync, initial.map_id);
  const brainstormApi = useMemo(() => ideasApi(api.callAs(token)), [api, token]);
  const room = open?.room ?? null;
  // Parts of the room's status and of the map, not all of them: both change on every keystroke.
  const roomAccess = useRoomSlice(room, (s) => s.access);
  const ready = useBoardReady(open);
  const onSession = useCallback((s: ParticipantSession) => {
    saveSession(s);
    setSession(s);
  }, []);
  const { finished, unreachable } = useSessionWatch(api, token, room, onSession);
  const meta = useSyncExternalStore(
    open ? open.store.subscribe : noop,
    open ? () => open.store.getView().meta : () => null,
  );
  const empty = useSyncExternalStore(
    open ? open.store.subscribe : noop,
    open ? () => open.store.getView().stages.length === 0 : () => true,
  );

  useEffect(() => {
    if (!finished) return;
    // The token is dead: stop reconnecting; what the browser holds stays on screen.
    sync.destroy();
    markFinished(finished);
  }, [finished, sync]);
  // Nothing to show is known only once the map is open (with what this browser kept): before,
  // it is still being opened, and edits kept offline must get their read-only board.
  const opened = open !== null;
  useEffect(() => {
    if (finished && opened && empty) onGone(finished);
  }, [finished, opened, empty, onGone]);

  const access = roomAccess ?? accessOf(session);
  const me = useMemo<PresenceMe>(
    () => ({
      id: session.participant_id,
      name: session.name,
      color: session.color,
      role: access.role,
    }),
    [session.participant_id, session.name, session.color, access.role],
  );
  const presence = usePresence(sync, finished ? null : initial.map_id, me);
  const rater = useMemo(
    () => ({ id: session.participant_id, name: session.name, color: session.color }),
    [session.participant_id, session.name, session.color],
  );
  useContributorRecord(open?.doc ?? null, rater);
  const people: ReactNode = <PresenceBar presence={presence} />;
  const reason = readOnlyReason(access, finished);
  const readOnly = reason !== null;
  const undo = useUndo(readOnly ? null : open);
  const title = meta?.title || session.map_title;

  useEffect(() => {
    document.title = `${title} · Wayline`;
  }, [title]);

  return (
    <div className="app participant-app" data-testid="participant-app">
      <ParticipantTopBar
        mapTitle={title}
        mapLanguage={meta?.locale ? languageFromLocale(meta.locale) : null}
        room={finished ? null : room}
        onDismissError={() => open?.room.dismissError()}
        name={session.name}
        color={session.color}
        role={access.role}
        readOnly={readOnly}
        history={readOnly ? null : undo}
        people={people}
        timer={
          open && (
            <>
              <WorkshopTimer
                key={open.session}
                doc={open.doc}
                hostNow={open.room.hostNow}
                canRun={false}
              />
              <Brainstorm
                key={`brainstorm-${open.session}`}
                doc={open.doc}
                store={open.store}
                api={brainstormApi}
                mapId={open.mapId}
                canRun={false}
                canWrite={!readOnly}
              />
              {!readOnly && (
                <DotVoting
                  key={`voting-${open.session}`}
                  doc={open.doc}
                  store={open.store}
                  participant={rater.id}
                  canRun={false}
                  hostNow={open.room.hostNow}
                />
              )}
            </>
          )
        }
        language={prefs.language}
        onLanguage={(language) => onPrefs({ language })}
        theme={prefs.theme}
        onTheme={(theme) => onPrefs({ theme })}
      />
      <AccessBanner reason={reason} onSaveCopy={() => open && saveCopy(open.doc, title)} />
      {unreachable && !finished && (
        <UnreachableBanner onSaveCopy={() => open && saveCopy(open.doc, title)} />
      )}
      <BoardArea>
        {open ? (
          <MapPane locale={meta?.locale}>
            <ReadOnlyContext.Provider value={readOnly}>
              <PresenceContext.Provider value={presence}>
                <Board
                  key={open.session}
                  open={open}
                  ready={ready}
                  author={session.name}
                  rater={rater}
                  clearsExamples={false}
                />
              </PresenceContext.Provider>
            </ReadOnlyContext.Provider>
          </MapPane>
        ) : (
          <p className="board-message">{t("participant.loading")}</p>
        )}
      </BoardArea>
    </div>
  );
}
