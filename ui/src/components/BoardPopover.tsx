// A popover anchored under its opener; closes on Escape (anywhere) or a pointer press outside it.
import { type ReactNode, useEffect, useRef } from "react";

interface Props {
  label: string;
  testId?: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}

export function BoardPopover({ label, testId, onClose, children, className }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      const el = ref.current;
      if (el && e.target instanceof Node && !el.contains(e.target)) onClose();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.isComposing) onClose();
    };
    // Registered after the opening click has finished.
    const id = window.setTimeout(() => window.addEventListener("pointerdown", onDown), 0);
    window.addEventListener("keydown", onKey);
    return () => {
      window.clearTimeout(id);
      window.removeEventListener("pointerdown", onDown);
      window.removeEventListener("keydown", onKey);
    };
  }, [onClose]);
  return (
    <div
      ref={ref}
      className={`popover ${className ?? ""}`}
      role="dialog"
      aria-label={label}
      data-testid={testId}
    >
      {children}
    </div>
  );
}
