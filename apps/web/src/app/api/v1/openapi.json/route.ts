import { openApiDocument } from "@/api-v1/openapi";

export const dynamic = "force-static";

/** The OpenAPI 3.1 document of /api/v1, public (it holds no data), generated from the request and response schemas. */
export function GET(): Response {
  return Response.json(openApiDocument());
}
