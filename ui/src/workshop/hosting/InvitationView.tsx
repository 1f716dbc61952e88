// The invitation, made to be read from a projector: the QR code (the host's SVG shown as an image),
// the short code in large type with the address of the code page to type it at (the bare address
// would open the facilitator's app, which asks for a token), and the join link with a copy
// button that also works on plain http (where there is no clipboard API).
import { useRef, useState } from "react";
import { useTranslation } from "../../i18n/useTranslation";
import type { WorkshopStatus } from "../../wire/WorkshopStatus";
import { type CopyResult, copyText } from "./copyText";
import { qrImageSource } from "./qrImage";

export function InvitationView({ status }: { status: WorkshopStatus }) {
  const { t } = useTranslation();
  const link = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<CopyResult | null>(null);
  const qr = qrImageSource(status.qr_svg);

  const copy = async () => {
    const result = await copyText(status.join_url, link.current);
    setCopied(result);
    if (result === "copied") setTimeout(() => setCopied(null), 2_000);
  };

  return (
    <div className="hosting-invitation" data-testid="hosting-invitation">
      <h3 className="hosting-invite-title">{t("hosting.inviteTitle")}</h3>
      {qr ? (
        <img
          className="hosting-qr"
          src={qr}
          width={220}
          height={220}
          alt={t("hosting.qrLabel", { url: status.join_url })}
          data-testid="hosting-qr"
        />
      ) : (
        <p className="muted">{t("hosting.noQr")}</p>
      )}
      <p className="hosting-code-label">{t("hosting.codeLabel")}</p>
      <p className="hosting-code-url" data-testid="hosting-code-url">
        {status.code_url}
      </p>
      <p className="hosting-code" data-testid="hosting-code">
        {status.short_code}
      </p>
      <div className="hosting-link">
        <label className="sr-only" htmlFor="hosting-join-url">
          {t("hosting.linkLabel")}
        </label>
        <input
          id="hosting-join-url"
          ref={link}
          readOnly
          value={status.join_url}
          data-testid="hosting-join-url"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="small-button"
          data-testid="hosting-copy"
          onClick={() => void copy()}
        >
          {copied === "copied" ? t("hosting.copied") : t("hosting.copy")}
        </button>
      </div>
      {copied === "selected" && (
        <p className="muted hosting-hint" role="status">
          {t("hosting.copyByHand")}
        </p>
      )}
      <p className="muted hosting-hint">{t("hosting.linkWarning")}</p>
    </div>
  );
}
