// The statement of the chosen period as a file: JSON, CSV or camt.053 XML, exactly as the API
// sends it. The file is fetched with the signed-in client (the key goes in the Authorization
// header, never in a URL), then offered through a Blob object URL with a file name.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ConsoleError } from "../../api";
import { ErrorState } from "../../components/states";
import { useSession } from "../../session";
import { DOWNLOADS, downloadStatement, type DownloadFormat, type Period } from "./load";

/** statement-<account>-<from>-<to>.<suffix>, in characters safe in a file name. */
export function statementFilename(accountId: string, period: Period, suffix: string): string {
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9._-]+/g, "_");
  const day = (text: string): string => safe(text.slice(0, 10));
  return `statement-${safe(accountId)}-${day(period.from)}-${day(period.to)}.${suffix}`;
}

function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file; the URL may go once the click has been handled.
  window.setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

export function StatementDownloads(props: {
  readonly ledgerId: string;
  readonly accountId: string;
  readonly period: Period;
}): JSX.Element {
  const { client } = useSession();
  const [busy, setBusy] = useState<DownloadFormat | null>(null);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<ConsoleError | null>(null);
  const start = (format: DownloadFormat, suffix: string): void => {
    setBusy(format);
    setError(null);
    setStatus("");
    const filename = statementFilename(props.accountId, props.period, suffix);
    downloadStatement(client, props.ledgerId, props.accountId, props.period, format).then(
      (blob) => {
        save(blob, filename);
        setStatus(`Downloaded ${filename}.`);
        setBusy(null);
      },
      (failure: unknown) => {
        setError(
          failure instanceof ConsoleError
            ? failure
            : new ConsoleError("console_error", String(failure), 0),
        );
        setBusy(null);
      },
    );
  };
  return (
    <section aria-labelledby="account-export-title" class="account-export">
      <h2 id="account-export-title">Statement for the period</h2>
      <p class="controls">
        {DOWNLOADS.map(({ format, label, suffix }) => (
          <button
            key={format}
            type="button"
            class="secondary"
            disabled={busy !== null}
            onClick={() => {
              start(format, suffix);
            }}
          >
            Download {label}
          </button>
        ))}
        <span role="status" aria-live="polite" class="hint">
          {busy === null ? status : "Preparing the file…"}
        </span>
      </p>
      {error === null ? null : <ErrorState error={error} />}
    </section>
  );
}
