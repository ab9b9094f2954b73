// Sign-in: an API key, kept in this tab's session storage (never in the URL or a cookie),
// sent as a bearer token on every call.
import type { JSX } from "preact";
import { useState } from "preact/hooks";

export function SignInPage(props: { readonly onSignIn: (apiKey: string) => void }): JSX.Element {
  const [apiKey, setApiKey] = useState("");
  const submit = (event: Event): void => {
    event.preventDefault();
    if (apiKey.trim() !== "") props.onSignIn(apiKey.trim());
  };
  return (
    <main id="main" class="sign-in">
      <h1>Folio console</h1>
      <form onSubmit={submit}>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          value={apiKey}
          onInput={(event) => {
            setApiKey(event.currentTarget.value);
          }}
        />
        <p class="hint">
          The key stays in this browser tab's session storage and is sent only to this Folio.
        </p>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
