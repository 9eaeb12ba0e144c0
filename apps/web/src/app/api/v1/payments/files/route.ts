import { handle } from "@/api-v1/handler";
import { createPaymentFile } from "@/api-v1/operations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = handle(createPaymentFile);
