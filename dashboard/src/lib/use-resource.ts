import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api/client";

export interface Resource<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): Promise<void>;
}

/**
 * Loads `load()` now, again on reload(), and every `refreshMs` when given, so figures follow
 * the network without a page refresh. A refused credential is reported through `onAuthError`.
 */
export function useResource<T>(load: () => Promise<T>, options: { refreshMs?: number; onAuthError?: (e: ApiError) => void } = {}): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const authRef = useRef(options.onAuthError);
  authRef.current = options.onAuthError;
  const alive = useRef(true);

  const reload = useCallback(async () => {
    try {
      const value = await loadRef.current();
      if (!alive.current) return;
      setData(value);
      setError(null);
    } catch (err) {
      if (!alive.current) return;
      const e = err instanceof ApiError ? err : new ApiError(err instanceof Error ? err.message : "Something went wrong.", 0);
      if (e.isAuth && authRef.current) authRef.current(e);
      setError(e);
    } finally {
      if (alive.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    alive.current = true;
    void reload();
    const timer = options.refreshMs ? setInterval(() => void reload(), options.refreshMs) : undefined;
    return () => {
      alive.current = false;
      if (timer) clearInterval(timer);
    };
  }, [reload, options.refreshMs]);

  return { data, error, loading, reload };
}
