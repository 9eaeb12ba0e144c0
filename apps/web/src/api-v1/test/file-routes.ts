// The file endpoints' route handlers and the fixture, loaded only once a test file has set the import
// disk and its size limit (the app's env is read when first loaded): `await import("./file-routes")`.

export const { POST: postFile } = await import("@/app/api/v1/placements/files/route");
export const { POST: postPaymentFile } = await import("@/app/api/v1/payments/files/route");
export const { GET: getImport } = await import("@/app/api/v1/imports/[importId]/route");
export const { GET: getQuarantine } = await import("@/app/api/v1/imports/[importId]/quarantine/route");
export const { GET: openapi } = await import("@/app/api/v1/openapi.json/route");
