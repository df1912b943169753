import { clsx, type ClassValue } from "clsx";

/** Join class names; falsy values are dropped. Callers' classes come last so they can extend. */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
