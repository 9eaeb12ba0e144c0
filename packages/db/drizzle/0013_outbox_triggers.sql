-- Events out (issue 16): the outbox row is written by the change's own transaction, whichever verb, job or
-- import made it, so an event commits with its change or not at all (no event lost, none invented).
-- Payment and dispute events are constraint triggers deferred to commit: a payment's allocations and
-- an account's final status are written after the row that starts the event. A client with no active
-- webhook endpoint gets no rows (there is nowhere to deliver them; the seed's bulk load stays cheap).
CREATE OR REPLACE FUNCTION "public"."casebook_outbox_wants"(p_client uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE client_id = p_client AND active)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."casebook_outbox_write"(p_client uuid, p_type text, p_payload jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF casebook_outbox_wants(p_client) THEN
    INSERT INTO outbox_events (client_id, type, payload) VALUES (p_client, p_type, p_payload);
  END IF;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."casebook_outbox_account"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM casebook_outbox_write(NEW.client_id, 'account.status_changed', jsonb_build_object(
    'accountId', NEW.id, 'accountReference', NEW.client_reference, 'caseId', NEW.case_id,
    'from', OLD.status, 'to', NEW.status, 'closeCode', NEW.close_code, 'balanceMinor', NEW.balance_minor, 'currency', NEW.currency));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "accounts_outbox" AFTER UPDATE OF "status" ON "public"."accounts"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION "public"."casebook_outbox_account"();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."casebook_outbox_payment"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_client uuid;
  v_allocations jsonb;
BEGIN
  -- Deferred to commit: read the row as committed (a payment posted and reversed in one transaction
  -- reports both, each once).
  SELECT client_id INTO v_client FROM cases WHERE id = NEW.case_id;
  SELECT coalesce(jsonb_agg(jsonb_build_object('accountReference', a.client_reference, 'amountMinor', pa.amount_minor) ORDER BY a.client_reference), '[]'::jsonb)
    INTO v_allocations FROM payment_allocations pa JOIN accounts a ON a.id = pa.account_id WHERE pa.payment_id = NEW.id;
  IF TG_OP = 'INSERT' THEN
    PERFORM casebook_outbox_write(v_client, 'payment.posted', jsonb_build_object(
      'paymentId', NEW.id, 'caseId', NEW.case_id, 'amountMinor', NEW.amount_minor, 'currency', NEW.currency,
      'method', NEW.method, 'reference', NEW.reference, 'receivedAt', NEW.received_at, 'allocations', v_allocations));
  ELSIF NEW.status = 'reversed' AND OLD.status IS DISTINCT FROM 'reversed' THEN
    PERFORM casebook_outbox_write(v_client, 'payment.reversed', jsonb_build_object(
      'paymentId', NEW.id, 'caseId', NEW.case_id, 'amountMinor', NEW.amount_minor, 'currency', NEW.currency,
      'reference', NEW.reference, 'reason', NEW.reversal_reason, 'reversedAt', NEW.reversed_at, 'allocations', v_allocations));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "payments_outbox" AFTER INSERT OR UPDATE OF "status" ON "public"."payments"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "public"."casebook_outbox_payment"();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."casebook_outbox_dispute"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  v_client uuid;
  v_reference text;
BEGIN
  SELECT client_id, client_reference INTO v_client, v_reference FROM accounts WHERE id = NEW.account_id;
  IF TG_OP = 'INSERT' THEN
    PERFORM casebook_outbox_write(v_client, 'dispute.opened', jsonb_build_object(
      'disputeId', NEW.id, 'caseId', NEW.case_id, 'accountReference', v_reference, 'ground', NEW.ground, 'receivedVia', NEW.received_via, 'openedAt', NEW.opened_at));
  ELSIF OLD.status IS DISTINCT FROM NEW.status THEN
    PERFORM casebook_outbox_write(v_client, 'dispute.status_changed', jsonb_build_object(
      'disputeId', NEW.id, 'caseId', NEW.case_id, 'accountReference', v_reference, 'from', OLD.status, 'to', NEW.status));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "disputes_outbox" AFTER INSERT OR UPDATE OF "status" ON "public"."disputes"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_outbox_dispute"();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."casebook_outbox_hold"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  -- A hold is on the person: every client with a case of theirs stops, so each is told (its own cases only).
  FOR r IN SELECT client_id, array_agg(id ORDER BY id) AS case_ids FROM cases WHERE person_id = NEW.person_id GROUP BY client_id LOOP
    IF TG_OP = 'INSERT' THEN
      PERFORM casebook_outbox_write(r.client_id, 'hold.placed', jsonb_build_object('holdId', NEW.id, 'kind', NEW.kind, 'caseIds', to_jsonb(r.case_ids), 'placedAt', NEW.placed_at));
    ELSIF OLD.released_at IS NULL AND NEW.released_at IS NOT NULL THEN
      PERFORM casebook_outbox_write(r.client_id, 'hold.released', jsonb_build_object('holdId', NEW.id, 'kind', NEW.kind, 'caseIds', to_jsonb(r.case_ids), 'releasedAt', NEW.released_at));
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "holds_outbox" AFTER INSERT OR UPDATE OF "released_at" ON "public"."holds"
  FOR EACH ROW EXECUTE FUNCTION "public"."casebook_outbox_hold"();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "public"."casebook_outbox_case"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM casebook_outbox_write(NEW.client_id, 'case.legal_escalated', jsonb_build_object(
    'caseId', NEW.id,
    'accountReferences', (SELECT coalesce(jsonb_agg(client_reference ORDER BY client_reference), '[]'::jsonb) FROM accounts WHERE case_id = NEW.id)));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "cases_outbox" AFTER UPDATE OF "queue" ON "public"."cases"
  FOR EACH ROW WHEN (NEW.queue = 'legal' AND OLD.queue IS DISTINCT FROM 'legal') EXECUTE FUNCTION "public"."casebook_outbox_case"();
