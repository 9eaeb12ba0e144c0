import type { RuleId } from "../rule-ids";

/** A rule's message: `text` stands alone (the console shows it by id); variants add the particular cause. */
export interface RuleMessage {
  text: string;
  variants?: Record<string, string>;
}

export const en: Record<RuleId, RuleMessage> = {
  "US-REGF-TIME": {
    text: "It is outside the allowed calling hours where the consumer lives.",
    variants: {
      default: "It is {local} in {zone}, outside the allowed hours {start}–{end}.",
      empty: "No time in {zones} falls inside the allowed hours {start}–{end}.",
    },
  },
  "US-REGF-TIME-MULTITZ": {
    text: "The consumer's location is uncertain, so the time must be convenient in every time zone they may be in.",
    variants: {
      default: "The consumer may be in {zones}; it is {local} in {zone}, outside {start}–{end} there.",
      empty: "The consumer may be in {zones}, and no time is inside {start}–{end} in all of them.",
      noZone: "Nothing tells us the consumer's time zone, so no contact time can be judged convenient.",
    },
  },
  "US-REGF-FREQ-7IN7": {
    text: "Seven calls about this debt have already been placed to this person in the last seven days.",
    variants: { default: "{count} calls about debt {debtId} were placed to this person in the last {days} local days (limit {limit}); the next call may be placed on {nextDay}." },
  },
  "US-REGF-FREQ-CONV7": {
    text: "There was a telephone conversation about this debt within the last seven days.",
    variants: { default: "A telephone conversation about debt {debtId} took place on {conversationDay}; the next call may be placed on {nextDay}." },
  },
  "US-REGF-PATTERN": {
    text: "This number was called without an answer a few minutes ago.",
    variants: {
      default: "This number was called without an answer less than {gap} minutes ago.",
      noAddress: "The number to call is missing, so repeated calls to it cannot be checked.",
    },
  },
  "US-REGF-WORK": {
    text: "The consumer may not be contacted at work.",
    variants: { unknown: "The consumer may not be contacted at work, and this address is not known to be a personal one." },
  },
  "US-REGF-PLACE": {
    text: "The consumer said this time is inconvenient for them.",
    variants: {
      default: "The consumer named {windows} as inconvenient.",
      allDay: "The consumer named every hour of the day as inconvenient.",
      replied: "The consumer named {windows} as inconvenient; the one reply to the message they sent in that window has already gone.",
      allDayReplied: "The consumer named every hour of the day as inconvenient; the one reply to the message they sent today has already gone.",
    },
  },
  "US-REGF-ATTY": { text: "The consumer has an attorney for this debt: contact the attorney only." },
  "US-REGF-CEASE": { text: "The consumer asked in writing that we stop contacting them; only a confirmation or a notice of a specific remedy may be sent." },
  "US-REGF-MEDIUM": {
    text: "The consumer opted out of being contacted this way.",
    variants: {
      default: "The consumer opted out of {channel} contact at this address.",
      writtenOnly: "The consumer asked to be contacted in writing only (letter or email): no calls, voicemails, texts or visits.",
    },
  },
  "US-REGF-EOPTOUT": {
    text: "Every email and text must tell the consumer how to opt out, and this one does not.",
    variants: { noContent: "The content of this email or text is not given, so its opt-out instruction cannot be checked." },
  },
  "US-REGF-3P": {
    text: "Nothing about the debt may be communicated to a third party.",
    variants: {
      discloses: "This message would reveal the debt to a third party.",
      purpose: "A third party may only be asked where the consumer can be reached, not contacted for {purpose}.",
      noContent: "The content for this third party is not given, so it cannot be checked for disclosure of the debt.",
      notThisConsumer: "The party is marked as the consumer but is not this case's consumer.",
    },
  },
  "US-REGF-LOC": {
    text: "A location request to a third party may only confirm or correct location, once, and never reveal the debt.",
    variants: {
      discloses: "A location request must not mention the debt.",
      postcard: "A location request may not be sent on a postcard.",
      again: "This third party was already asked once and did not ask to be contacted again.",
      noContent: "The content of this location request is not given, so it cannot be checked.",
    },
  },
  "US-REGF-LCM": {
    text: "A voicemail may only be a limited-content message (name, request to reply, phone number, nothing else).",
    variants: { noContent: "The voicemail's content is not given, so it cannot be checked as a limited-content message." },
  },
  "US-REGF-DISPUTE": {
    text: "The consumer disputed this debt in writing; collection stops until verification is sent.",
    variants: { default: "Debt {debtIds} is disputed in writing; collection stops until verification is sent." },
  },
  "US-REGF-TIMEBAR": {
    text: "This debt is time-barred: no lawsuit may be filed or threatened.",
    variants: { default: "Debt {debtIds} is time-barred: no lawsuit may be filed or threatened." },
  },
  "US-REGF-MM": {
    text: "The message must say that it is from a debt collector.",
    variants: {
      initial: "The first communication must carry the mini-Miranda notice (we are a debt collector, attempting to collect a debt).",
      subsequent: "The message must say that it is from a debt collector.",
      noContent: "The message content is not given, so the debt-collector notice cannot be checked.",
    },
  },
  "US-REGF-VALID": { text: "A validation notice is due within five days of the initial communication." },
  "US-BK-STAY": { text: "The consumer is in bankruptcy: the automatic stay stops all collection." },
  "US-DECEASED": { text: "The consumer has died: only the estate's representative may be contacted." },
  "US-TCPA-CONSENT": {
    text: "Autodialled or prerecorded calls and texts need the consumer's prior express consent for this number.",
    variants: {
      revoked: "The consumer withdrew consent to autodialled or prerecorded contact at this number.",
      noAddress: "The number is missing, so consent for autodialled contact cannot be checked.",
    },
  },
  "US-MA-FREQ": {
    text: "Massachusetts allows at most two collection calls or texts per debt in seven days (thirty for non-personal numbers).",
    variants: { default: "{count} calls or texts about debt {debtId} in the last {days} local days (Massachusetts limit {limit}); the next may be made on {nextDay}." },
  },
  "CN-TIME": {
    text: "No collection contact between 22:00 and 08:00 China time.",
    variants: {
      default: "It is {local} in {zone}, outside the allowed hours {start}–{end}.",
      empty: "No time in {zones} falls inside the allowed hours {start}–{end}.",
      noZone: "Nothing tells us the debtor's time zone, so no contact time can be judged.",
    },
  },
  "CN-FREQ-NUMBER": {
    text: "This number has already been called the maximum number of times today.",
    variants: {
      default: "This number was called {count} times today (limit {limit}); the next call may be made on {nextDay}.",
      noAddress: "The number to call is missing, so the daily limit per number cannot be checked.",
    },
  },
  "CN-FREQ-DAILY": {
    text: "The debtor has already been contacted by voice the maximum number of times today.",
    variants: { default: "{count} voice contacts with the debtor today (limit {limit}); the next may be made on {nextDay}." },
  },
  "CN-3P-CONTACTS": {
    text: "Emergency contacts and other third parties may only be asked to help reach an unreachable debtor, never told about the debt.",
    variants: {
      refused: "This contact refused before and may never be contacted again.",
      discloses: "The message would reveal the debt to a third party.",
      purpose: "A third party may not be contacted for {purpose}; only to help reach the debtor.",
      reachable: "The debtor is not unreachable: there was a conversation or fewer than {minimum} failed calls in the last {days} days.",
      noContent: "The content for this third party is not given, so it cannot be checked for disclosure of the debt.",
    },
  },
  "CN-ID": {
    text: "The collector must identify themselves by name, staff number and agency.",
    variants: { noContent: "The message content is not given, so the collector's identification cannot be checked." },
  },
  "CN-PROHIB": {
    text: "The contact would expose the debt publicly.",
    variants: {
      postcard: "A postcard exposes the message to anyone who handles it.",
      exposure: "Telling a third party about the debt is public shaming.",
    },
  },
  "CN-PIPL": {
    text: "A third party's personal information may be used only for its logged purpose of reaching the debtor.",
    variants: { default: "A third party's number may not be used for {purpose}; its logged purpose is reaching the debtor." },
  },
  "CN-DISPUTE": {
    text: "The debtor objected to this debt; collection stops until the objection is answered.",
    variants: { default: "The debtor objected to debt {debtIds}; collection stops until the objection is answered." },
  },
  "CN-WRITTEN": {
    text: "The debtor asked for written notice only, or refused collection calls: write by letter or email instead.",
    variants: {
      writtenOnly: "The debtor asked to be contacted in writing only: no calls, voicemails, texts or visits; a letter or an email may go.",
      cease: "The debtor refused collection contact: no calls, voicemails, texts or visits; a letter or an email may go.",
    },
  },
  "CN-3P-ONCE": {
    text: "This third party was already asked to pass on a message within the last 30 days.",
    variants: { default: "This third party was asked to pass on a message on {asked} (China time); they may not be asked again before {until}." },
  },
  "CN-WORK": { text: "The debtor or their employer asked that the debtor not be contacted at work." },
  "UK-CONC-TIME": {
    text: "The time or way of contact is unreasonable for the customer.",
    variants: {
      default: "It is {local} in {zone}, outside the reasonable hours {start}–{end} or a time the customer asked us to avoid.",
      empty: "No time in {zones} is both within {start}–{end} and outside the times the customer asked us to avoid.",
      noZone: "Nothing tells us the customer's time zone, so no contact time can be judged reasonable.",
      optOut: "The customer asked not to be contacted this way.",
    },
  },
  "UK-CONC-3P": {
    text: "Details of the debt may be given only to the verified customer.",
    variants: { noContent: "The content for this person is not given, so it cannot be checked for disclosure of the debt." },
  },
  "UK-CONC-CAPACITY": { text: "The customer may lack mental capacity: recovery is suspended." },
  "UK-CONC-HOW": {
    text: "The customer asked to be contacted in writing only: no calls, voicemails, texts or visits.",
    variants: { default: "The customer asked to be contacted in writing only, so no {channel} contact." },
  },
  "CASEBOOK-OPTOUT": { text: "The person opted out of this channel for this address." },
};
