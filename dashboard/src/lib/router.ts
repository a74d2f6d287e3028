import { useEffect, useState } from "preact/hooks";

export type Route = "/" | "/user" | "/provider" | "/admin";
const ROUTES: readonly Route[] = ["/", "/user", "/provider", "/admin"];

function current(): Route {
  const path = location.pathname.replace(/\/+$/, "") || "/";
  return ROUTES.find((r) => r === path) ?? "/";
}

export function navigate(to: Route): void {
  if (location.pathname !== to) history.pushState(null, "", to);
  dispatchEvent(new PopStateEvent("popstate"));
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(current);
  useEffect(() => {
    const onPop = () => setRoute(current());
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
  return route;
}
