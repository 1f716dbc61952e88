// The participant's join page: the code step when they came through the code page, then their
// name and colour, then the join. Shows the map's title once known (from the code exchange, or
// asked for a link's invite), starts them on the colour the host suggests (one nobody on the map
// wears and nobody joining at the same moment was offered), the language menu, and a plain word
// about joining over an unencrypted room network.
import { useEffect, useState } from "react";
import { LanguageMenu } from "../../components/shell/LanguageMenu";
import { useTranslation } from "../../i18n/useTranslation";
import { colorFor } from "../../presence/identity";
import type { ParticipantSession } from "../../wire/ParticipantSession";
import type { ParticipantApi } from "./api";
import { CodeStep } from "./CodeStep";
import { joinProblem, joinWorkshop, type Profile } from "./joinFlow";
import { ProfileStep } from "./ProfileStep";
import { paletteColor } from "./palette";
import { loadIdentity } from "./storage";

interface Props {
  api: ParticipantApi;
  /** The invitation from the link; null: ask for the short code first. */
  invite: string | null;
  /** A code handed over in the address (`#join=ABC234`). */
  code: string;
  language: string;
  onLanguage: (l: string) => void;
  onJoined: (s: ParticipantSession) => void;
}

export function JoinPage(p: Props) {
  const { t } = useTranslation();
  const [invite, setInvite] = useState(p.invite);
  const [mapTitle, setMapTitle] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [taken, setTaken] = useState<string[]>([]);
  const [suggested, setSuggested] = useState<string | null>(null);
  const [identity] = useState(() => loadIdentity());
  // A colour this browser's person picked before stays theirs; otherwise the host's suggestion
  // (until it arrives, one drawn from their id).
  const initial: Profile = {
    name: identity.name,
    color:
      paletteColor(identity.color)?.hex ??
      paletteColor(suggested ?? "")?.hex ??
      colorFor(identity.participantId),
  };
  const linkInvite = p.invite;
  const participantId = identity.participantId;
  useEffect(() => {
    if (!linkInvite) return;
    let current = true;
    p.api.openInvitation(linkInvite, participantId).then(
      (inv) => {
        if (!current) return;
        setMapTitle(inv.map_title);
        setTaken(inv.colors_in_use);
        setSuggested(inv.suggested_color);
      },
      // Nothing to show: joining says what is wrong, should the invite be.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [p.api, linkInvite, participantId]);

  const join = async (profile: Profile) => {
    if (!invite) return;
    setBusy(true);
    setProblem(null);
    try {
      p.onJoined(await joinWorkshop(p.api, invite, profile));
    } catch (e) {
      setProblem(joinProblem(e, t));
      setBusy(false);
    }
  };

  return (
    <div className="participant-join" data-testid="join-page">
      <header className="participant-join-head">
        <strong className="brand">{t("app.title")}</strong>
        <LanguageMenu value={p.language} onChange={p.onLanguage} />
      </header>
      <main className="participant-join-card">
        <h1>{t("participant.title")}</h1>
        {mapTitle && (
          <p className="participant-map-title" data-testid="join-map-title">
            {t("participant.joining", { title: mapTitle })}
          </p>
        )}
        {invite ? (
          <ProfileStep
            initial={initial}
            taken={taken}
            busy={busy}
            problem={problem}
            onJoin={join}
          />
        ) : (
          <CodeStep
            api={p.api}
            initialCode={p.code}
            participantId={participantId}
            onInvitation={(inv) => {
              setMapTitle(inv.map_title);
              setTaken(inv.colors_in_use);
              setSuggested(inv.suggested_color);
              setInvite(inv.invite);
            }}
          />
        )}
        <p className="participant-note muted">{t("participant.plainHttp")}</p>
      </main>
    </div>
  );
}
