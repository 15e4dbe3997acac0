import { useEffect, useRef } from "react";

/** Calls `reload` whenever `key` changes after the first render (the first load is useGet's own). */
export function useReloadOn(key: unknown, reload: () => void): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reload();
  }, [key, reload]);
}
