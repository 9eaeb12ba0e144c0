import type { StageEntry, StageExit, strategySteps } from "../../schema";

type StepSeed = Omit<typeof strategySteps.$inferInsert, "id" | "stageId" | "ordinal">;
export interface StageSeed {
  kind: "pre_due" | "first_reminder" | "follow_up" | "legal";
  entry: StageEntry;
  exit: StageExit;
  steps: StepSeed[];
}
export interface StrategySeed {
  name: string;
  version: number;
  ruleSet: "US-FDCPA" | "CN-CBA";
  segment: string;
  stages: StageSeed[];
}

const STOP: StageExit["onEvents"] = ["paid_in_full", "dispute_opened", "hold_placed", "plan_created"];

/** US consumer (FDCPA / Reg F). Day offsets: pre-due relative to the due date; others to stage entry. */
export const US_CONSUMER: StrategySeed = {
  name: "US consumer default",
  version: 1,
  ruleSet: "US-FDCPA",
  segment: "consumer",
  stages: [
    {
      kind: "pre_due",
      entry: { dpdMin: -7, dpdMax: 0 },
      exit: { onEvents: STOP, dpdAbove: 0 },
      steps: [{ dayOffset: -3, channel: "sms", templateCode: "us_predue_sms", preferredFrom: "10:00", preferredTo: "12:00" }],
    },
    {
      kind: "first_reminder",
      entry: { dpdMin: 1, dpdMax: 14 },
      exit: { onEvents: STOP, dpdAbove: 14 },
      steps: [
        { dayOffset: 0, channel: "email", templateCode: "us_first_email", preferredFrom: "09:00", preferredTo: "12:00" },
        { dayOffset: 0, channel: "sms", templateCode: "us_first_sms", preferredFrom: "12:00", preferredTo: "14:00" },
        // calls from day 3 past due (the stage starts on day 1), every other day
        { dayOffset: 2, channel: "call", templateCode: "us_call_script", preferredFrom: "10:00", preferredTo: "19:00", repeatEveryDays: 2, repeatTimes: 6, autodialed: true },
      ],
    },
    {
      kind: "follow_up",
      entry: { dpdMin: 15, dpdMax: 89, onEvents: ["promise_broken", "installment_missed"] },
      exit: { onEvents: STOP, dpdAbove: 89 },
      steps: [
        { dayOffset: 0, channel: "call", templateCode: "us_call_script", preferredFrom: "11:00", preferredTo: "19:00", repeatEveryDays: 3, repeatTimes: 25, autodialed: true },
        { dayOffset: 1, channel: "sms", templateCode: "us_followup_sms", preferredFrom: "12:00", preferredTo: "14:00", repeatEveryDays: 7, repeatTimes: 11 },
        // weekly follow-up letters
        { dayOffset: 2, channel: "letter", templateCode: "us_followup_letter", preferredFrom: "09:00", preferredTo: "17:00", repeatEveryDays: 7, repeatTimes: 10 },
        // final notice around day 60 past due (the stage starts on day 15)
        { dayOffset: 45, channel: "letter", templateCode: "us_final_notice_letter", preferredFrom: "09:00", preferredTo: "17:00" },
      ],
    },
    {
      // Legal escalation around day 90: a written notice; the case moves to the legal queue and
      // automated calls stop (advance-case-stage); the legal team works it by hand.
      kind: "legal",
      entry: { dpdMin: 90 },
      exit: { onEvents: ["paid_in_full", "dispute_opened", "hold_placed"] },
      steps: [{ dayOffset: 0, channel: "letter", templateCode: "us_legal_notice_letter", purpose: "litigation", preferredFrom: "09:00", preferredTo: "17:00" }],
    },
  ],
};

/** China consumer (CN-CBA). Emergency contacts only through the location-only script; the engine
 *  blocks them unless the debtor is unreachable (CN-3P-CONTACTS), and more than once in 30 days
 *  (CN-3P-ONCE). Version 2: version 1 asked them every 14 days, so two asks in three were refused. */
export const CN_CONSUMER: StrategySeed = {
  name: "China consumer default",
  version: 2,
  ruleSet: "CN-CBA",
  segment: "consumer",
  stages: [
    {
      kind: "pre_due",
      entry: { dpdMin: -7, dpdMax: 0 },
      exit: { onEvents: STOP, dpdAbove: 0 },
      steps: [
        { dayOffset: -3, channel: "sms", templateCode: "cn_predue_sms", preferredFrom: "10:00", preferredTo: "12:00" },
        { dayOffset: -1, channel: "call", templateCode: "cn_predue_voice", preferredFrom: "10:00", preferredTo: "18:00", autodialed: true },
      ],
    },
    {
      kind: "first_reminder",
      entry: { dpdMin: 1, dpdMax: 7 },
      exit: { onEvents: STOP, dpdAbove: 7 },
      steps: [
        { dayOffset: 0, channel: "sms", templateCode: "cn_first_sms", preferredFrom: "09:30", preferredTo: "12:00" },
        { dayOffset: 0, channel: "call", templateCode: "cn_call_script", preferredFrom: "10:00", preferredTo: "20:00", repeatEveryDays: 1, repeatTimes: 7, autodialed: true },
      ],
    },
    {
      kind: "follow_up",
      entry: { dpdMin: 8, dpdMax: 89, onEvents: ["promise_broken", "installment_missed"] },
      exit: { onEvents: STOP, dpdAbove: 89 },
      steps: [
        { dayOffset: 0, channel: "call", templateCode: "cn_call_script", preferredFrom: "10:00", preferredTo: "20:00", repeatEveryDays: 1, repeatTimes: 80, autodialed: true },
        { dayOffset: 1, channel: "sms", templateCode: "cn_followup_sms", preferredFrom: "12:00", preferredTo: "14:00", repeatEveryDays: 3, repeatTimes: 27 },
        // Emergency contacts: location only, while the debtor is unreachable, at most once per 30 days
        // (CN-3P-ONCE): days 3, 33 and 63 of the stage, which lasts to day 89 past due.
        { dayOffset: 3, channel: "call", templateCode: "cn_ec_location_call", purpose: "location", partyRole: "emergency_contact", preferredFrom: "14:00", preferredTo: "18:00", repeatEveryDays: 30, repeatTimes: 3, autodialed: true },
      ],
    },
    {
      kind: "legal",
      entry: { dpdMin: 90 },
      exit: { onEvents: ["paid_in_full", "dispute_opened", "hold_placed"] },
      steps: [{ dayOffset: 0, channel: "letter", templateCode: "cn_legal_letter", purpose: "litigation", preferredFrom: "09:00", preferredTo: "17:00" }],
    },
  ],
};
