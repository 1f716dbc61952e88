// errorText for callbacks and effects: one function for the component's life that words an error
// in the language of the moment, so that switching the language neither makes new callbacks nor
// runs effects again (a settings load run again while the new language is being stored could
// bring the old one back).
import { useCallback, useRef } from "react";
import { useTranslation } from "../i18n/useTranslation";
import { errorText } from "./errorText";

export function useErrorText(): (e: unknown) => string {
  const { t } = useTranslation();
  const latest = useRef(t);
  latest.current = t;
  return useCallback((e: unknown) => errorText(e, latest.current), []);
}
