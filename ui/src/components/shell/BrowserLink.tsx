// Shows the address where teammates and other windows can open this workshop, with copy-to-clipboard.
import { useState } from "react";
import { useTranslation } from "../../i18n/useTranslation";

export function BrowserLink({ url }: { url: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  if (!url) return null;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="browser-link" title={t("browser.hint")}>
      <span className="muted">{t("browser.label")}</span>
      <code className="browser-url">{url}</code>
      <button type="button" className="small-button" onClick={copy} data-testid="copy-browser-url">
        {copied ? t("browser.copied") : t("browser.copy")}
      </button>
    </div>
  );
}
