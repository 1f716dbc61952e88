// Joining with the invitation: sends this browser's participant id (and the token it was given
// before, so coming back keeps the same seat), keeps the host's answer, and turns the host's
// refusals into what the join page says. If the host says the id belongs to someone else (this
// browser lost its token), a new id is made and the join tried once more.
import type { TFunction } from "i18next";
import { codeSentence } from "../../api/errorText";
import { HostError } from "../../api/http";
import { textLength } from "../../doc/textLength";
import { MAX_PARTICIPANT_NAME_CHARS } from "../../wire/limits";
import type { ParticipantSession } from "../../wire/ParticipantSession";
import type { ParticipantApi } from "./api";
import {
  clearInvite,
  type KeyValue,
  loadIdentity,
  loadSession,
  renewParticipantId,
  saveSession,
} from "./storage";

export interface Profile {
  name: string;
  color: string;
}

/** The name as the host will keep it, or null when it would be refused. */
export function cleanName(name: string): string | null {
  const n = name.trim();
  const chars = textLength(n);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (chars === 0 || chars > MAX_PARTICIPANT_NAME_CHARS || /[\u0000-\u001f\u007f-\u009f]/.test(n))
    return null;
  return n;
}

export async function joinWorkshop(
  api: ParticipantApi,
  invite: string,
  profile: Profile,
  local?: KeyValue | null,
  session?: KeyValue | null,
): Promise<ParticipantSession> {
  const attempt = (participantId: string, token?: string) =>
    api.join({
      invite,
      participant_id: participantId,
      name: profile.name,
      color: profile.color,
      ...(token ? { participant_token: token } : {}),
    });
  const identity = loadIdentity(local);
  const kept = loadSession(local);
  const token =
    kept && kept.session.participant_id === identity.participantId
      ? kept.session.participant_token
      : undefined;
  let joined: ParticipantSession;
  try {
    joined = await attempt(identity.participantId, token);
  } catch (e) {
    if (!(e instanceof HostError && e.code === "participant_taken")) throw e;
    joined = await attempt(renewParticipantId(local).participantId);
  }
  saveSession(joined, local);
  clearInvite(session);
  return joined;
}

/** What the join page says when joining failed. */
export function joinProblem(e: unknown, t: TFunction): string {
  if (e instanceof HostError) {
    if (e.code === "unauthorized") return t("participant.error.unauthorized");
    if (e.code === "workshop_ended" || e.status === 410) return t("participant.error.ended");
    if (e.code === "revoked") return t("participant.error.revoked");
    if (e.code === "network") return t("participant.error.network");
    const said = codeSentence(t, e.code, e.message);
    if (said) return said;
  }
  const message = e instanceof Error ? e.message : String(e);
  return t("participant.error.generic", { message });
}
