import { useState } from "preact/hooks";
import type { ApiError } from "./api/client";
import { navigate, type Route, useRoute } from "./lib/router";
import { clearSession, loadSession, type Role, saveSession, type Session } from "./lib/session";
import { AdminView } from "./views/admin/admin-view";
import { ProviderView } from "./views/provider/provider-view";
import { SignIn } from "./views/sign-in/sign-in";
import { UserView } from "./views/user/user-view";

const ROUTE_OF: Record<Role, Route> = { user: "/user", provider: "/provider", admin: "/admin" };
const TITLE: Record<Role, string> = { user: "User dashboard", provider: "Provider dashboard", admin: "Network admin" };

function roleOf(route: Route): Role | null {
  return route === "/user" ? "user" : route === "/provider" ? "provider" : route === "/admin" ? "admin" : null;
}

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [notice, setNotice] = useState<string | null>(null);
  const wanted = roleOf(route);

  const signOut = (message: string | null) => {
    clearSession();
    setSession(null);
    setNotice(message);
  };
  const onAuthError = (e: ApiError) => signOut(`Your credentials were refused: ${e.message} Sign in again.`);

  const active = session && (wanted === null || wanted === session.role) ? session : null;
  if (active && route !== ROUTE_OF[active.role]) queueMicrotask(() => navigate(ROUTE_OF[active.role]));
  document.title = active ? `${TITLE[active.role]} · Cxmpute` : "Sign in · Cxmpute";

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="top-inner">
          <span class="brand">
            <span class="logo" aria-hidden="true">◆</span> Cxmpute
          </span>
          {active ? (
            <div class="who">
              <span class="role-tag">{active.role}</span>
              {active.role !== "admin" ? <code class="who-id">{active.id}</code> : null}
              <button type="button" class="btn btn-small btn-secondary" onClick={() => signOut(null)}>
                Sign out
              </button>
            </div>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {active ? (
          <>
            <h1 class="page-title">{TITLE[active.role]}</h1>
            {active.role === "user" ? <UserView userId={active.id} secret={active.secret} onAuthError={onAuthError} /> : null}
            {active.role === "provider" ? <ProviderView providerId={active.id} secret={active.secret} onAuthError={onAuthError} /> : null}
            {active.role === "admin" ? <AdminView token={active.secret} onAuthError={onAuthError} /> : null}
          </>
        ) : (
          <SignIn
            key={wanted ?? "any"}
            initialRole={wanted ?? session?.role ?? "user"}
            notice={notice}
            onSignedIn={(s) => {
              saveSession(s);
              setSession(s);
              setNotice(null);
              navigate(ROUTE_OF[s.role]);
            }}
          />
        )}
      </main>
    </>
  );
}
