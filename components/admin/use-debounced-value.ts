"use client";
import { useEffect, useState } from "react";

/** `value`, but only once it has stopped changing for `ms` (search boxes that query the server). */
export function useDebouncedValue<T>(value: T, ms = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}
