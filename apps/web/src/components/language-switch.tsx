"use client";
import { useRef } from "react";
import { setLocaleAction } from "@/app/session-actions";

export function LanguageSwitch({ current, label }: { current: string; label: string }) {
  const form = useRef<HTMLFormElement>(null);
  return (
    <form action={setLocaleAction} ref={form}>
      <label className="small">
        <span className="skip">{label}</span>
        <select name="locale" aria-label={label} defaultValue={current} onChange={() => form.current?.requestSubmit()} data-testid="language-switch">
          <option value="en">English</option>
          <option value="zh-CN">中文（简体）</option>
        </select>
      </label>
    </form>
  );
}
