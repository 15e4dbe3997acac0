import { useCallback, useEffect, useRef, useState } from "react";
import { messageOf } from "../api";
import { portalApi } from "./portalApi";

export interface PortalLoaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
}

/** GETs a portal path and reloads on demand; the previous data stays while reloading (no jumps). */
export function usePortalGet<T>(path: string): PortalLoaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const id = ++latest.current;
    setLoading(true);
    portalApi.get<T>(path).then(
      (value) => {
        if (id !== latest.current) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (id !== latest.current) return;
        setError(messageOf(err));
        setLoading(false);
      },
    );
  }, [path, tick]);

  const reload = useCallback(() => {
    setTick((t) => t + 1);
  }, []);
  return { data, error, loading, reload };
}

/** Moves to a portal page without a history entry; re-reads the route when the hash is already there. */
export function goTo(hash: string): void {
  if (window.location.hash === hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else window.location.replace(hash);
}
