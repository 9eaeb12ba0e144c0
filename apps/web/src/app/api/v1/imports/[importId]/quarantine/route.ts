import { handle } from "@/api-v1/handler";
import { getImportQuarantine } from "@/api-v1/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handle(getImportQuarantine);
