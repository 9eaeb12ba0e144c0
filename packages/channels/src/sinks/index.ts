// The local peers (development and tests), kept out of the main entry so the worker's
// production import graph never loads an SMTP server.
export { startSmtpSink, type SmtpSink, type SmtpSinkOptions, type SinkMessage } from "./smtp-sink";
export {
  startProviderSimulator,
  type ProviderSimulator,
  type ProviderSimulatorOptions,
  type SimulatorRecord,
  type SimulatorHit,
  type WebhookPost,
  type DeliveryOutcome,
} from "./provider-simulator";
