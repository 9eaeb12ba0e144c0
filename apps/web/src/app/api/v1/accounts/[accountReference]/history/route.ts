import { handle } from "@/api-v1/handler";
import { getHistory } from "@/api-v1/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handle(getHistory);
