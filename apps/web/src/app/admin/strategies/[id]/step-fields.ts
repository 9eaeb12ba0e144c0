import type { FieldSpec } from "@/components/action-form";

type Options = Array<{ value: string; label: string }>;
export interface StepFieldOptions { channels: Options; purposes: Options; parties: Options; labels: Record<string, string> }
interface StepValues { dayOffset: number; channel: string; templateCode: string; purpose: string; partyRole: string; preferredFrom: string | null; preferredTo: string | null; repeatEveryDays: number | null; repeatTimes: number; autodialed: boolean }

/** The fields of one step form (editing a step or adding one), named by the verb's input paths. */
export function stepFields(o: StepFieldOptions, v?: StepValues): FieldSpec[] {
  const l = o.labels;
  return [
    { name: "step.dayOffset", label: l.offset!, type: "number", defaultValue: v ? String(v.dayOffset) : "0" },
    { name: "step.channel", label: l.channel!, type: "select", options: o.channels, defaultValue: v?.channel ?? "sms" },
    { name: "step.templateCode", label: l.template!, defaultValue: v?.templateCode ?? "" },
    { name: "step.partyRole", label: l.party!, type: "select", options: o.parties, defaultValue: v?.partyRole ?? "consumer" },
    { name: "step.purpose", label: l.purpose!, type: "select", options: o.purposes, defaultValue: v?.purpose ?? "collection" },
    { name: "step.preferredFrom", label: l.from!, placeholder: "10:00", defaultValue: v?.preferredFrom ?? "" },
    { name: "step.preferredTo", label: l.to!, placeholder: "12:00", defaultValue: v?.preferredTo ?? "" },
    { name: "step.repeatTimes", label: l.repeat!, type: "number", defaultValue: String(v?.repeatTimes ?? 1) },
    { name: "step.repeatEveryDays", label: l.every!, type: "number", defaultValue: v?.repeatEveryDays ? String(v.repeatEveryDays) : "" },
    { name: "step.autodialed", label: l.autodialed!, type: "checkbox", defaultValue: v?.autodialed ? "on" : "" },
  ];
}
