export { Badge, decisionTone, type Tone } from "./badge";
export { Panel } from "./panel";
