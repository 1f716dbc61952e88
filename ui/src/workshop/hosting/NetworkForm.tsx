// Where to host: the network interface (from the host's list, loopback ones explained and
// disabled, or an address typed by hand) and, when starting, the role newcomers get. Used to start
// a workshop and to move a running one to another network (same link and code).
import { useEffect, useId, useRef, useState } from "react";
import { useErrorText } from "../../api/useErrorText";
import type { WorkshopApi } from "../../api/workshop";
import { useTranslation } from "../../i18n/useTranslation";
import type { NetworkInterface } from "../../wire/NetworkInterface";
import type { Role } from "../../wire/Role";
import { chosenAddress, defaultChoice, OTHER_ADDRESS } from "./addresses";
import { RoleSelect } from "./RoleSelect";

interface Props {
  api: WorkshopApi;
  busy: boolean;
  /** Ask for the newcomers' role (when starting); otherwise `role` is passed through. */
  withRole?: boolean;
  role?: Role;
  /** The address in use, preselected when moving. */
  current?: string;
  submitLabel: string;
  onSubmit: (address: string, role: Role) => Promise<boolean>;
}

export function NetworkForm({
  api,
  busy,
  withRole,
  role: given,
  current,
  submitLabel,
  onSubmit,
}: Props) {
  const { t } = useTranslation();
  const describe = useErrorText();
  const [list, setList] = useState<NetworkInterface[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [choice, setChoice] = useState<string | null>(null);
  const [typed, setTyped] = useState(current ?? "");
  const [role, setRole] = useState<Role>(given ?? "editor");
  const [tried, setTried] = useState(false);
  const name = useId();
  const typedInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let alive = true;
    api.interfaces().then(
      (l) => {
        if (!alive) return;
        setList(l);
        setChoice((c) => c ?? defaultChoice(l, current));
      },
      (e: unknown) => {
        if (!alive) return;
        setLoadError(describe(e));
        setList([]);
        setChoice(OTHER_ADDRESS);
      },
    );
    return () => {
      alive = false;
    };
  }, [api, current, describe]);

  const picked = choice === null ? null : chosenAddress(choice, typed);
  const problem = picked && !picked.ok ? picked.problem : null;

  return (
    <form
      className="hosting-network"
      data-testid="hosting-network-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (picked?.ok && !busy) void onSubmit(picked.address, role);
      }}
    >
      <fieldset className="hosting-interfaces">
        <legend>{t("hosting.network")}</legend>
        <p className="muted hosting-hint">{t("hosting.networkHint")}</p>
        {list === null && <p className="muted">{t("hosting.loadingInterfaces")}</p>}
        {loadError && (
          <p className="hosting-error">{t("hosting.noInterfaceList", { message: loadError })}</p>
        )}
        {list?.length === 0 && !loadError && <p className="muted">{t("hosting.noInterfaces")}</p>}
        {list?.map((i) => (
          <label
            key={`${i.name}-${i.address}`}
            className="hosting-choice"
            data-testid="hosting-interface"
            data-address={i.address}
            aria-disabled={i.loopback || undefined}
          >
            <input
              type="radio"
              name={name}
              value={i.address}
              checked={choice === i.address}
              disabled={i.loopback}
              onChange={() => setChoice(i.address)}
            />
            <span className="hosting-choice-name">{i.name}</span>
            <code>{i.address}</code>
            {i.loopback && <span className="muted">{t("hosting.loopback")}</span>}
          </label>
        ))}
        {list !== null && (
          <label className="hosting-choice" data-testid="hosting-interface-other">
            <input
              type="radio"
              name={name}
              value={OTHER_ADDRESS}
              checked={choice === OTHER_ADDRESS}
              onChange={() => {
                setChoice(OTHER_ADDRESS);
                setTimeout(() => typedInput.current?.focus(), 0);
              }}
            />
            <span className="hosting-choice-name">{t("hosting.otherAddress")}</span>
          </label>
        )}
        {choice === OTHER_ADDRESS && (
          <input
            ref={typedInput}
            className="hosting-other-input"
            data-testid="hosting-other-address"
            aria-label={t("hosting.otherAddressLabel")}
            placeholder={t("hosting.otherAddressPlaceholder")}
            value={typed}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => setTyped(e.target.value)}
          />
        )}
        {problem && tried && (
          <p className="hosting-error" role="alert" data-testid="hosting-address-problem">
            {t(`hosting.addressProblem.${problem}`)}
          </p>
        )}
      </fieldset>
      {withRole && (
        <RoleSelect
          value={role}
          onChange={setRole}
          disabled={busy}
          label={t("hosting.newcomers")}
        />
      )}
      <div className="dialog-actions">
        <button
          type="submit"
          className="primary-button hosting-submit"
          data-testid="hosting-submit"
          disabled={busy || choice === null}
        >
          {busy ? t("hosting.working") : submitLabel}
        </button>
      </div>
    </form>
  );
}
