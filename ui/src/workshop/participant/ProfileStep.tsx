// The join page's profile step: the display name and colour others will see, filled in with what
// this browser remembers, then "Join". The name field holds as many characters as the host keeps
// (counted as the host counts them: 𠮷 is one character, not two UTF-16 units).
import { type FormEvent, useEffect, useRef, useState } from "react";
import { charLimit } from "../../components/shared/charLimit";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_PARTICIPANT_NAME_CHARS } from "../../wire/limits";
import { ColorPicker } from "./ColorPicker";
import { cleanName, type Profile } from "./joinFlow";

interface Props {
  /** What to start with; its colour follows until the person picks one. */
  initial: Profile;
  /** Colours people on the map wear now. */
  taken: readonly string[];
  busy: boolean;
  problem: string | null;
  onJoin: (p: Profile) => void;
}

export function ProfileStep({ initial, taken, busy, problem, onJoin }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial.name);
  const [picked, setPicked] = useState<string | null>(null);
  const color = picked ?? initial.color;
  const [empty, setEmpty] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const clean = cleanName(name);
    if (!clean) {
      setEmpty(true);
      input.current?.focus();
      return;
    }
    setEmpty(false);
    onJoin({ name: clean, color });
  };
  const message = empty ? t("participant.name.empty") : problem;
  return (
    <form className="participant-step" onSubmit={submit} noValidate>
      <label className="participant-field">
        <span>{t("participant.name.label")}</span>
        <input
          ref={input}
          data-testid="join-name"
          value={name}
          {...charLimit(MAX_PARTICIPANT_NAME_CHARS, setName)}
          autoComplete="nickname"
          aria-invalid={empty}
          aria-describedby="join-name-hint"
        />
        <small id="join-name-hint" className="muted">
          {t("participant.name.hint")}
        </small>
      </label>
      <ColorPicker value={color} taken={taken} onChange={setPicked} />
      {message && (
        <p className="participant-problem" role="alert" data-testid="join-problem">
          {message}
        </p>
      )}
      <button type="submit" className="primary-button" data-testid="join-submit" disabled={busy}>
        {busy ? t("participant.joiningNow") : t("participant.join")}
      </button>
    </form>
  );
}
