import { useEffect, useState } from "react";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

const toDate = (value: Date | string | number) => (value instanceof Date ? value : new Date(value));

/** "just now", "5 minutes ago", "yesterday", "in 3 days". */
export function formatRelativeTime(
  date: Date | string | number,
  now: Date | string | number,
): string {
  const diff = toDate(date).getTime() - toDate(now).getTime();
  if (Math.abs(diff) < 45_000) return "just now";
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === "minute")
      return format.format(Math.round(diff / ms), unit);
  }
  return "just now";
}

/** "Nov 29, 2026, 3:04:05 PM CST" in the given time zone (the browser's when omitted). */
export function formatAbsoluteTime(date: Date | string | number, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-US", {
    dateStyle: "medium",
    timeStyle: "long",
    timeZone,
  }).format(toDate(date));
}

export interface RelativeTimeProps {
  date: Date | string | number;
  /**
   * The server's "now" when the page was rendered, so the server and the browser render the same
   * text; after hydration the component switches to the browser's clock and keeps itself fresh.
   */
  now: Date | string | number;
  /** Time zone of the absolute time on hover; the browser's own zone once hydrated if omitted. */
  timeZone?: string;
  className?: string;
}

/** A relative time ("3 days ago") with the absolute time on hover and in `dateTime`. */
export function RelativeTime({ date, now, timeZone, className }: RelativeTimeProps) {
  const [clock, setClock] = useState<{ now: number; zone: string | undefined }>({
    now: toDate(now).getTime(),
    zone: timeZone ?? "UTC",
  });
  useEffect(() => {
    setClock({ now: Date.now(), zone: timeZone });
    const timer = window.setInterval(() => setClock({ now: Date.now(), zone: timeZone }), 30_000);
    return () => window.clearInterval(timer);
  }, [timeZone]);
  const iso = toDate(date).toISOString();
  return (
    <time dateTime={iso} title={formatAbsoluteTime(date, clock.zone)} className={className}>
      {formatRelativeTime(date, clock.now)}
    </time>
  );
}
