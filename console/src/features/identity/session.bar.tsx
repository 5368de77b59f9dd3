import { useConsoleSession } from "./console-session.provider.js";

/** Cloud mode's header: whose console this is (tenant and role) and Sign out. Self-hosted has no session to show. */
export function SessionBar() {
  const { state, signOut } = useConsoleSession();
  if (state.kind !== "cloud") return null;
  const { viewer } = state;
  return (
    <div className="session-bar">
      <p>
        Signed in to <strong className="tenant">{viewer.tenant.name}</strong> as <strong className="role">{viewer.roles.join(", ")}</strong>
      </p>
      <button type="button" onClick={() => signOut()}>
        Sign out
      </button>
    </div>
  );
}
