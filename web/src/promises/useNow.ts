import { useEffect, useState } from "react";

/** The browser's clock, re-read every `intervalMs` so countdowns move on their own. */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const handle = window.setInterval(() => {
      setNow(Date.now());
    }, intervalMs);
    return () => {
      window.clearInterval(handle);
    };
  }, [intervalMs]);
  return now;
}
