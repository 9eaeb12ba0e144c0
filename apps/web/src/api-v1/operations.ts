import { checkPlacementRecord, getAccountHistory, getApiAccount, listApiAccounts, openApiDispute, placeAccount, placeApiHold, postApiPayment, recallApiAccount, reverseApiPayment } from "@casebook/domain";
import { defineOperation } from "./handler";
import { fieldError, FieldProblems } from "./problem";
import * as S from "./schemas";

// Every endpoint of /api/v1, once: the route files export handle(op), the OpenAPI document lists them.

export const createPlacement = defineOperation({
  operationId: "createPlacement", method: "POST", path: "/api/v1/placements", tag: "Placements", scope: "accounts:write",
  summary: "Place one account",
  description: "Idempotent by accountReference: a reference placed already (by API or file) is updated, never duplicated; a changed balance is recorded as a balance adjustment.",
  body: S.PlacementRequest,
  responses: { 201: S.PlacementResult, 200: S.PlacementResult },
  async run(ctx, { body }) {
    // Every field's problem at once (the verb reports the first): the same checks as a file's rows.
    const checked = checkPlacementRecord(ctx.now.toISOString().slice(0, 10), body);
    if (!checked.ok) throw new FieldProblems(checked.problems.map((p) => fieldError(p.field.split("."), p.reason)));
    const r = await placeAccount(ctx, body);
    return { status: r.created ? 201 : 200, body: { accountReference: r.accountReference, created: r.created, balanceChanged: r.balanceChanged } };
  },
});

export const listAccounts = defineOperation({
  operationId: "listAccounts", method: "GET", path: "/api/v1/accounts", tag: "Accounts", scope: "accounts:read",
  summary: "List your accounts, a page at a time", query: S.AccountListQuery,
  responses: { 200: S.AccountPage },
  async run(ctx, { query }) {
    return { status: 200, body: await listApiAccounts(ctx, query ?? {}) };
  },
});

export const getAccount = defineOperation({
  operationId: "getAccount", method: "GET", path: "/api/v1/accounts/{accountReference}", tag: "Accounts", scope: "accounts:read", params: ["accountReference"],
  summary: "An account's status and balance",
  responses: { 200: S.Account },
  async run(ctx, { params }) {
    return { status: 200, body: await getApiAccount(ctx, params.accountReference!) };
  },
});

export const getHistory = defineOperation({
  operationId: "getAccountHistory", method: "GET", path: "/api/v1/accounts/{accountReference}/history", tag: "Accounts", scope: "accounts:read", params: ["accountReference"],
  summary: "An account's history, newest first", query: S.PageQuery,
  responses: { 200: S.HistoryPage },
  async run(ctx, { params, query }) {
    return { status: 200, body: await getAccountHistory(ctx, { accountReference: params.accountReference!, ...query }) };
  },
});

export const createPayment = defineOperation({
  operationId: "createPayment", method: "POST", path: "/api/v1/payments", tag: "Payments", scope: "accounts:write",
  summary: "Report a payment received",
  description: "Idempotent by reference: the same reference again answers the payment recorded (200, duplicate: true).",
  body: S.PaymentRequest,
  responses: { 201: S.Payment, 200: S.Payment },
  async run(ctx, { body }) {
    const r = await postApiPayment(ctx, body);
    return { status: r.duplicate ? 200 : 201, body: r };
  },
});

export const createReversal = defineOperation({
  operationId: "createReversal", method: "POST", path: "/api/v1/payments/{paymentId}/reversals", tag: "Payments", scope: "accounts:write", params: ["paymentId"],
  summary: "Reverse a payment (returned, NSF, chargeback)",
  description: "Reopens what the payment closed: the balance, a paid-off account, plan installments, a kept promise.",
  body: S.ReversalRequest,
  responses: { 200: S.Reversal },
  async run(ctx, { params, body }) {
    return { status: 200, body: await reverseApiPayment(ctx, { paymentId: params.paymentId!, reason: body.reason }) };
  },
});

export const createRecall = defineOperation({
  operationId: "recallAccount", method: "POST", path: "/api/v1/accounts/{accountReference}/recall", tag: "Accounts", scope: "accounts:write", params: ["accountReference"],
  summary: "Recall an account: closed, outreach stopped at once",
  body: S.RecallRequest,
  responses: { 200: S.RecallResult },
  async run(ctx, { params, body }) {
    return { status: 200, body: await recallApiAccount(ctx, { accountReference: params.accountReference!, reason: body.reason }) };
  },
});

export const createDispute = defineOperation({
  operationId: "openDispute", method: "POST", path: "/api/v1/accounts/{accountReference}/disputes", tag: "Accounts", scope: "accounts:write", params: ["accountReference"],
  summary: "Report a dispute the debtor raised with you: collection of the account pauses",
  body: S.DisputeRequest,
  responses: { 201: S.Dispute },
  async run(ctx, { params, body }) {
    return { status: 201, body: await openApiDispute(ctx, { accountReference: params.accountReference!, ...body }) };
  },
});

export const createHold = defineOperation({
  operationId: "placeHold", method: "POST", path: "/api/v1/accounts/{accountReference}/holds", tag: "Accounts", scope: "accounts:write", params: ["accountReference"],
  summary: "Place a hold (cease, bankruptcy, deceased...): outreach to the debtor stops",
  body: S.HoldRequest,
  responses: { 201: S.Hold },
  async run(ctx, { params, body }) {
    return { status: 201, body: await placeApiHold(ctx, { accountReference: params.accountReference!, ...body }) };
  },
});

export const OPERATIONS = [createPlacement, listAccounts, getAccount, getHistory, createPayment, createReversal, createRecall, createDispute, createHold];
