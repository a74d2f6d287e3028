import { z } from "zod";

export const Session = z.discriminatedUnion("role", [
  z.object({ role: z.literal("user"), id: z.string().min(1), secret: z.string().min(1) }),
  z.object({ role: z.literal("provider"), id: z.string().min(1), secret: z.string().min(1) }),
  z.object({ role: z.literal("admin"), secret: z.string().min(1) }),
]);
export type Session = z.infer<typeof Session>;
export type Role = Session["role"];

// sessionStorage: credentials die with the tab and never reach URLs, cookies or logs.
const KEY = "cxmpute.session";

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = Session.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
