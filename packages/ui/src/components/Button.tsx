import type { LucideIcon } from "lucide-react";
import { forwardRef, type ButtonHTMLAttributes } from "react";
import { cn } from "../cn.js";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";
export type ButtonSize = "sm" | "md" | "lg";

const base =
  "inline-flex items-center justify-center gap-2 rounded-md font-semibold whitespace-nowrap select-none " +
  "transition-colors duration-150 disabled:pointer-events-none disabled:opacity-55 aria-disabled:pointer-events-none aria-disabled:opacity-55";

const variants: Record<ButtonVariant, string> = {
  primary: "bg-brand-600 text-white shadow-xs hover:bg-brand-700 active:bg-brand-800",
  secondary:
    "border border-neutral-300 bg-white text-ink-800 shadow-xs hover:border-neutral-400 hover:bg-neutral-50 active:bg-neutral-100",
  ghost: "text-ink-700 hover:bg-neutral-100 hover:text-ink-900 active:bg-neutral-200",
  danger: "bg-danger-600 text-white shadow-xs hover:bg-danger-700 active:bg-danger-800",
};

const sizes: Record<ButtonSize, string> = {
  sm: "h-8 px-3 text-compact",
  md: "h-9 px-3.5 text-sm",
  lg: "h-11 px-5 text-base",
};

const iconSizes: Record<ButtonSize, string> = { sm: "size-3.5", md: "size-4", lg: "size-5" };

export interface ButtonStyleOptions {
  variant?: ButtonVariant;
  size?: ButtonSize;
  fullWidth?: boolean;
  className?: string;
}

/** The button look, for elements that are not <button> (e.g. a router link that acts as an action). */
export function buttonClasses({
  variant = "primary",
  size = "md",
  fullWidth,
  className,
}: ButtonStyleOptions = {}) {
  return cn(base, variants[variant], sizes[size], fullWidth && "w-full", className);
}

export interface ButtonProps
  extends ButtonHTMLAttributes<HTMLButtonElement>, Omit<ButtonStyleOptions, "className"> {
  /** Icon before the label (decorative; the label names the action). */
  icon?: LucideIcon;
  /** Icon after the label. */
  trailingIcon?: LucideIcon;
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  {
    variant,
    size = "md",
    fullWidth,
    icon: Icon,
    trailingIcon: TrailingIcon,
    className,
    type = "button",
    children,
    ...rest
  },
  ref,
) {
  return (
    <button
      ref={ref}
      type={type}
      className={buttonClasses({ variant, size, fullWidth, className })}
      {...rest}
    >
      {Icon ? <Icon aria-hidden="true" className={cn(iconSizes[size], "shrink-0")} /> : null}
      {children}
      {TrailingIcon ? (
        <TrailingIcon aria-hidden="true" className={cn(iconSizes[size], "shrink-0")} />
      ) : null}
    </button>
  );
});

/** Icon size that matches a button size, for icons inside `buttonClasses()` links. */
export function buttonIconClass(size: ButtonSize = "md") {
  return cn(iconSizes[size], "shrink-0");
}
