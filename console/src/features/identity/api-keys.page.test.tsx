import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { CombinedError, Provider } from "urql";
import { vi } from "vitest";
import { fromValue } from "wonka";
import { openResult, routedMockClient, variablesOf, type MockRoute } from "../../test/mock-client.js";
import { ApiKeysPage } from "./api-keys.page.js";
import { apiKeyRow, viewerOf, withSession } from "./identity.testing.js";
import type { SessionState } from "./console-session.provider.js";

const NEW_KEY = "plk_00000000000000c3_theWholeSecretShownOnce";
const KEYS = [
  apiKeyRow({ id: "00000000000000a1", name: "first admin key", role: "ADMIN", lastUsedAt: "2026-12-06T15:40:00.000Z" }),
  apiKeyRow({ id: "00000000000000b2", name: "ci", role: "MEMBER" }),
  apiKeyRow({ id: "00000000000000d4", name: "old laptop", revokedAt: "2026-12-03T08:00:00.000Z" }),
];

/** A mutation the server refuses with `code`, as urql hands it over. */
const refusal = (code: string, message: string) =>
  fromValue({ error: new CombinedError({ graphQLErrors: [{ message, extensions: { code } }] }) });

function setup(options: { state?: SessionState; mutation?: MockRoute } = {}) {
  const state = options.state ?? { kind: "cloud", viewer: viewerOf("00000000000000a1", ["ADMIN"]) };
  const mock = routedMockClient({
    query: (name) => (name === "ApiKeys" ? openResult({ data: { apiKeys: KEYS } }) : undefined),
    mutation:
      options.mutation ??
      ((name, variables) => {
        if (name === "CreateApiKey") {
          const input = variables.input as { name: string; role: "ADMIN" | "MEMBER" };
          return fromValue({ data: { createApiKey: { key: NEW_KEY, apiKey: apiKeyRow({ id: "00000000000000c3", ...input }) } } });
        }
        if (name === "RevokeApiKey") {
          const key = KEYS.find((k) => k.id === variables.id)!;
          return fromValue({ data: { revokeApiKey: { ...key, revokedAt: "2026-12-06T16:00:00.000Z" } } });
        }
        return undefined;
      }),
  });
  const { session, Wrapper } = withSession(state);
  const user = userEvent.setup();
  render(<ApiKeysPage />, {
    wrapper: ({ children }: { children: ReactNode }) => (
      <Provider value={mock.client}>
        <Wrapper>{children}</Wrapper>
      </Provider>
    ),
  });
  return { ...mock, session, user };
}

describe("ApiKeysPage for an ADMIN", () => {
  it("lists the tenant's keys: name, role, hint, created, last used, revoked; the session's own key marked", () => {
    setup();
    const rows = within(screen.getByRole("table")).getAllByRole("row");
    expect(
      rows.map((r) =>
        within(r)
          .queryAllByRole("columnheader")
          .map((c) => c.textContent),
      )[0],
    ).toEqual(["Name", "Role", "Key", "Created", "Last used", "Revoked", "Actions"]);
    expect(rows[1]).toHaveTextContent("first admin key (this session)");
    expect(rows[1]).toHaveTextContent("plk_00000000000000a1_…");
    expect(rows[1]).toHaveTextContent("2026-12-01 09:30 UTC");
    expect(rows[1]).toHaveTextContent("2026-12-06 15:40 UTC");
    expect(rows[2]).toHaveTextContent("ci");
    expect(rows[2]).toHaveTextContent("never");
    expect(rows[3]).toHaveTextContent("2026-12-03 08:00 UTC");
    // Only keys still working can be revoked.
    expect(within(rows[2]).getByRole("button", { name: "Revoke ci" })).toBeInTheDocument();
    expect(within(rows[3]).queryByRole("button")).not.toBeInTheDocument();
  });

  it("creates a key and shows it once, with a copy button and a warning; Done forgets it", async () => {
    const { user, executeMutation } = setup();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });

    await user.type(screen.getByLabelText("Name"), " deploy bot ");
    await user.selectOptions(screen.getByLabelText("Role"), "ADMIN");
    await user.click(screen.getByRole("button", { name: "Create key" }));

    expect(variablesOf(executeMutation, "CreateApiKey")).toEqual([{ input: { name: "deploy bot", role: "ADMIN" } }]);
    const notice = await screen.findByRole("region", { name: "New key “deploy bot”" });
    expect(within(notice).getByRole("heading", { name: "New key “deploy bot”" })).toHaveFocus();
    expect(within(notice).getByLabelText("New API key")).toHaveValue(NEW_KEY);
    expect(notice).toHaveTextContent("it will not be shown again");
    await user.click(within(notice).getByRole("button", { name: "Copy" }));
    expect(writeText).toHaveBeenCalledWith(NEW_KEY);
    expect(await within(notice).findByText("Copied to the clipboard.")).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveValue("");

    await user.click(within(notice).getByRole("button", { name: "Done" }));
    expect(screen.queryByRole("region", { name: /New key/ })).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(NEW_KEY);
    expect(screen.getByLabelText("Name")).toHaveFocus();
  });

  it("selects the key for Ctrl+C when the clipboard is refused", async () => {
    const { user } = setup();
    Object.defineProperty(navigator, "clipboard", {
      value: { writeText: () => Promise.reject(new Error("denied")) },
      configurable: true,
    });
    await user.type(screen.getByLabelText("Name"), "ci 2");
    await user.click(screen.getByRole("button", { name: "Create key" }));
    await user.click(await screen.findByRole("button", { name: "Copy" }));
    expect(await screen.findByText(/The key is selected/)).toBeInTheDocument();
    const field = screen.getByLabelText<HTMLInputElement>("New API key");
    expect(field.selectionStart).toBe(0);
    expect(field.selectionEnd).toBe(NEW_KEY.length);
  });

  it("explains a missing or too long name before sending anything", async () => {
    const { user, executeMutation } = setup();
    await user.click(screen.getByRole("button", { name: "Create key" }));
    expect(screen.getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Name")).toHaveAccessibleDescription(/Give the key a name/);
    await user.type(screen.getByLabelText("Name"), "x".repeat(101));
    await user.click(screen.getByRole("button", { name: "Create key" }));
    expect(screen.getByLabelText("Name")).toHaveAccessibleDescription(/at most 100 characters \(this one has 101\)/);
    expect(executeMutation).not.toHaveBeenCalled();
  });

  it("shows a refused creation with its meaning and code", async () => {
    const { user } = setup({
      mutation: (name) => (name === "CreateApiKey" ? refusal("FORBIDDEN", "Only an ADMIN may create API keys") : undefined),
    });
    await user.type(screen.getByLabelText("Name"), "ci");
    await user.click(screen.getByRole("button", { name: "Create key" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Only an ADMIN may create or revoke API keys, and the key you signed in with is not an ADMIN key.");
    expect(alert).toHaveTextContent("Code: FORBIDDEN");
    expect(screen.queryByLabelText("New API key")).not.toBeInTheDocument();
  });

  it("revokes after a keyboard-operable confirmation that keeps the focus", async () => {
    const { user, executeMutation } = setup();
    const revoke = screen.getByRole("button", { name: "Revoke ci" });
    revoke.focus();
    await user.keyboard("{Enter}");

    const dialog = screen.getByRole("alertdialog", { name: "Revoke the key “ci”?" });
    expect(dialog).toHaveAccessibleDescription(/stops working within 30 seconds/);
    // The safe choice has the focus, and Tab cycles inside the dialog.
    const cancel = within(dialog).getByRole("button", { name: "Cancel" });
    expect(cancel).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole("button", { name: "Revoke key" })).toHaveFocus();
    await user.tab();
    expect(cancel).toHaveFocus();

    // Escape cancels, nothing is sent, and the focus is back on the row's button.
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(revoke).toHaveFocus();
    expect(executeMutation).not.toHaveBeenCalled();

    await user.keyboard("{Enter}");
    await user.tab({ shift: true });
    expect(screen.getByRole("button", { name: "Revoke key" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(variablesOf(executeMutation, "RevokeApiKey")).toEqual([{ id: "00000000000000b2" }]);
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
    const status = screen.getByText("The key “ci” is revoked: it stops working within 30 seconds.");
    expect(status).toHaveFocus();
  });

  it("shows a refused revocation inside the dialog", async () => {
    const { user } = setup({ mutation: (name) => (name === "RevokeApiKey" ? refusal("NOT_FOUND", 'No API key "x"') : undefined) });
    await user.click(screen.getByRole("button", { name: "Revoke ci" }));
    await user.click(screen.getByRole("button", { name: "Revoke key" }));
    const dialog = screen.getByRole("alertdialog");
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "This key does not exist in your organisation any more: reload the list.",
    );
    expect(within(dialog).getByRole("alert")).toHaveTextContent("Code: NOT_FOUND");
  });

  it("revoking the key this session uses warns first, then signs out with the reason", async () => {
    const { user, session } = setup();
    await user.click(screen.getByRole("button", { name: "Revoke first admin key" }));
    expect(screen.getByRole("alertdialog")).toHaveTextContent("This is the key you are signed in with");
    await user.click(screen.getByRole("button", { name: "Revoke key" }));
    await waitFor(() => expect(session.signOut).toHaveBeenCalledWith("refused"));
  });
});

describe("ApiKeysPage for others", () => {
  it("tells a MEMBER they cannot manage keys, and lists none", () => {
    const { executeQuery } = setup({ state: { kind: "cloud", viewer: viewerOf("00000000000000b2", ["MEMBER"]) } });
    expect(screen.getByText(/Your role \(MEMBER\) cannot manage API keys: ask an ADMIN of Acme Labs/)).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Name")).not.toBeInTheDocument();
    expect(executeQuery).not.toHaveBeenCalled();
  });

  it("says a self-hosted Prelabel needs no keys", () => {
    setup({ state: { kind: "self-hosted" } });
    expect(screen.getByText(/self-hosted: it needs no API keys/)).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });
});
