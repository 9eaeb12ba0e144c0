import { handle } from "@/api-v1/handler";
import { getImport } from "@/api-v1/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handle(getImport);
