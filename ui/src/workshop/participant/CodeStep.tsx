// The code page's first step: the short code the facilitator shows, exchanged for the invitation.
// A code that cannot be right is not sent (so a typo does not count towards the lockout); a wrong
// code and a lockout are said in words, the lockout with a countdown during which nothing is sent.
import { type FormEvent, useEffect, useRef, useState } from "react";
import { HostError } from "../../api/http";
import { useTranslation } from "../../i18n/useTranslation";
import type { Invitation } from "../../wire/Invitation";
import type { ParticipantApi } from "./api";
import { lockoutSeconds, looksLikeCode, MAX_TYPED_CODE_LENGTH, normaliseCode } from "./code";
import { joinProblem } from "./joinFlow";

interface Props {
  api: ParticipantApi;
  /** A code handed over in the address (`#join=ABC234`): sent at once. */
  initialCode: string;
  /** This browser's participant id: the colour the host suggests is held for it. */
  participantId: string;
  onInvitation: (inv: Invitation) => void;
}

type Problem = { kind: "text"; text: string } | { kind: "lockout"; until: number | null };

export function CodeStep({ api, initialCode, participantId, onInvitation }: Props) {
  const { t } = useTranslation();
  const [code, setCode] = useState(initialCode);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [now, setNow] = useState(Date.now);
  const input = useRef<HTMLInputElement>(null);
  const sentInitial = useRef(false);

  const lockedFor =
    problem?.kind === "lockout" && problem.until !== null
      ? Math.max(0, Math.ceil((problem.until - now) / 1000))
      : null;
  const counting = lockedFor !== null && lockedFor > 0;
  useEffect(() => {
    if (!counting) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [counting]);

  const submit = async (typed: string) => {
    const c = normaliseCode(typed);
    if (!looksLikeCode(c)) {
      setProblem({ kind: "text", text: t("participant.code.invalid") });
      input.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      onInvitation(await api.redeemCode(c, participantId));
    } catch (e) {
      if (e instanceof HostError && e.code === "locked_out") {
        const s = lockoutSeconds(e.message);
        setNow(Date.now());
        setProblem({ kind: "lockout", until: s === null ? null : Date.now() + s * 1000 });
      } else if (e instanceof HostError && e.code === "wrong_code") {
        setProblem({ kind: "text", text: t("participant.code.wrong") });
      } else if (e instanceof HostError && e.code === "no_workshop") {
        setProblem({ kind: "text", text: t("participant.code.noWorkshop") });
      } else {
        setProblem({ kind: "text", text: joinProblem(e, t) });
      }
      input.current?.select();
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (sentInitial.current) return;
    sentInitial.current = true;
    if (initialCode) void submit(initialCode);
    else input.current?.focus();
  });

  // The field's own value, not the last rendered state: a submit that follows the typing at once
  // (a fast typist, a busy machine) still sends what is in the field.
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy && !counting) void submit(input.current?.value ?? code);
  };
  const message =
    problem?.kind === "text"
      ? problem.text
      : problem?.kind === "lockout"
        ? lockedFor !== null && lockedFor > 0
          ? t("participant.code.lockedOut", { seconds: lockedFor })
          : lockedFor === null
            ? t("participant.code.lockedOutLater")
            : null
        : null;
  return (
    <form className="participant-step" onSubmit={onSubmit} noValidate>
      <label className="participant-field">
        <span>{t("participant.code.label")}</span>
        <input
          ref={input}
          className="participant-code-input"
          data-testid="join-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={MAX_TYPED_CODE_LENGTH}
          placeholder="ABC-234"
          aria-invalid={problem !== null}
          aria-describedby="join-code-hint"
        />
        <small id="join-code-hint" className="muted">
          {t("participant.code.hint")}
        </small>
      </label>
      {message && (
        <p className="participant-problem" role="alert" data-testid="join-problem">
          {message}
        </p>
      )}
      <button
        type="submit"
        className="primary-button"
        data-testid="join-code-submit"
        disabled={busy || counting}
      >
        {busy ? t("participant.code.checking") : t("participant.code.submit")}
      </button>
    </form>
  );
}
