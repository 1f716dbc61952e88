// Picks the team of a department lane: Marketing, Sales, Service or a custom team name. Also gives
// every team its tint: built-in teams have theirs, custom teams a stable hue from their name.
import { useState } from "react";
import { TEAMS } from "../../doc/schema";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_TITLE_CHARS } from "../../wire/limits";
import { charLimit } from "../shared/charLimit";

export function isBuiltInTeam(team: string): boolean {
  return (TEAMS as readonly string[]).includes(team);
}

/** A stable hue (0–359) for a custom team name (FNV-1a over UTF-16 code units). */
export function teamHue(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 360;
}

export function teamLabel(team: string, t: (k: string) => string): string {
  return isBuiltInTeam(team) ? t(`dept.${team}`) : team;
}

/** Calls onChange with a built-in team id or a trimmed custom name (never mid-composition). */
export function TeamField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const [custom, setCustom] = useState(!isBuiltInTeam(value));
  const [name, setName] = useState(isBuiltInTeam(value) ? "" : value);
  return (
    <label className="field">
      <span>{t("board.lane.team")}</span>
      <select
        data-testid="lane-team-select"
        value={custom ? "custom" : value}
        onChange={(e) => {
          const v = e.target.value;
          setCustom(v === "custom");
          if (v !== "custom") onChange(v);
        }}
      >
        {TEAMS.map((team) => (
          <option key={team} value={team}>
            {t(`dept.${team}`)}
          </option>
        ))}
        <option value="custom">{t("board.lane.customTeam")}</option>
      </select>
      {custom && (
        <input
          data-testid="lane-team-input"
          aria-label={t("board.lane.teamName")}
          placeholder={t("board.lane.teamName")}
          value={name}
          {...charLimit(MAX_TITLE_CHARS, setName)}
          // written on blur or Enter, never during an IME composition
          onBlur={() => name.trim() && onChange(name.trim())}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.nativeEvent.isComposing && name.trim()) {
              e.preventDefault();
              onChange(name.trim());
            }
          }}
        />
      )}
    </label>
  );
}
