CREATE TYPE "public"."account_status" AS ENUM('active', 'promised', 'on_plan', 'disputed', 'legal', 'paid', 'settled', 'recalled', 'closed');--> statement-breakpoint
CREATE TYPE "public"."actor_kind" AS ENUM('user', 'system', 'api', 'debtor');--> statement-breakpoint
CREATE TYPE "public"."case_queue" AS ENUM('standard', 'legal', 'supervisor_review');--> statement-breakpoint
CREATE TYPE "public"."case_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."channel" AS ENUM('call', 'voicemail', 'sms', 'email', 'letter', 'visit');--> statement-breakpoint
CREATE TYPE "public"."close_code" AS ENUM('paid_in_full', 'settled', 'bankrupt', 'deceased', 'recalled', 'uncollectable');--> statement-breakpoint
CREATE TYPE "public"."contact_outcome" AS ENUM('sent', 'delivered', 'failed', 'not_connected', 'no_answer', 'voicemail', 'conversation', 'wrong_party', 'refused', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."contact_point_kind" AS ENUM('phone', 'email', 'address');--> statement-breakpoint
CREATE TYPE "public"."contact_point_status" AS ENUM('valid', 'wrong_number', 'bounced', 'disconnected');--> statement-breakpoint
CREATE TYPE "public"."contact_purpose" AS ENUM('collection', 'location', 'cease_confirmation', 'remedy_notice', 'validation', 'dispute_response', 'opt_out_confirmation', 'litigation');--> statement-breakpoint
CREATE TYPE "public"."contact_source" AS ENUM('client', 'debtor', 'skip_trace', 'agent', 'inbound');--> statement-breakpoint
CREATE TYPE "public"."decision_kind" AS ENUM('allow', 'defer', 'block');--> statement-breakpoint
CREATE TYPE "public"."direction" AS ENUM('outbound', 'inbound');--> statement-breakpoint
CREATE TYPE "public"."disclosure" AS ENUM('debt', 'location_only', 'limited_content', 'none');--> statement-breakpoint
CREATE TYPE "public"."dispute_status" AS ENUM('open', 'verification_sent', 'resolved', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."hold_kind" AS ENUM('cease', 'attorney', 'bankruptcy', 'deceased', 'hardship', 'fraud', 'lacks_capacity');--> statement-breakpoint
CREATE TYPE "public"."installment_status" AS ENUM('due', 'paid', 'partially_paid', 'missed');--> statement-breakpoint
CREATE TYPE "public"."locale" AS ENUM('en', 'zh-CN');--> statement-breakpoint
CREATE TYPE "public"."outreach_state" AS ENUM('planned', 'deferred', 'claimed', 'dispatched', 'delivered', 'failed', 'blocked', 'cancelled', 'reconcile');--> statement-breakpoint
CREATE TYPE "public"."party_role" AS ENUM('consumer', 'spouse', 'guardian', 'executor', 'attorney', 'third_party', 'emergency_contact', 'employer', 'creditor');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('card', 'ach', 'bank_transfer', 'check', 'cash', 'alipay', 'wechat_pay', 'unionpay');--> statement-breakpoint
CREATE TYPE "public"."payment_status" AS ENUM('posted', 'reversed');--> statement-breakpoint
CREATE TYPE "public"."phone_type" AS ENUM('mobile', 'landline', 'work');--> statement-breakpoint
CREATE TYPE "public"."plan_frequency" AS ENUM('weekly', 'biweekly', 'monthly');--> statement-breakpoint
CREATE TYPE "public"."plan_status" AS ENUM('pending_approval', 'active', 'completed', 'broken', 'cancelled', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."promise_status" AS ENUM('pending', 'kept', 'broken', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."relationship" AS ENUM('co_signer', 'guarantor', 'spouse', 'guardian', 'executor', 'emergency_contact', 'reference');--> statement-breakpoint
CREATE TYPE "public"."reversal_reason" AS ENUM('nsf', 'returned', 'chargeback', 'posting_error');--> statement-breakpoint
CREATE TYPE "public"."rule_set_id" AS ENUM('US-FDCPA', 'US-MA', 'CN-CBA', 'UK-CONC');--> statement-breakpoint
CREATE TYPE "public"."stage_kind" AS ENUM('pre_due', 'first_reminder', 'follow_up', 'legal');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('agent', 'supervisor', 'compliance', 'admin');--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"role" "user_role" NOT NULL,
	"team_id" uuid,
	"staff_number" text NOT NULL,
	"locale" "locale" DEFAULT 'en' NOT NULL,
	"time_zone" text DEFAULT 'America/New_York' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_staffNumber_unique" UNIQUE("staff_number")
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "login_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"ip" text,
	"success" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"currency" text NOT NULL,
	"rule_set" "rule_set_id" NOT NULL,
	"agency_name" text NOT NULL,
	"policy" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clients_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "placements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"source" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"account_count" integer NOT NULL,
	"placed_total_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"recalled_at" timestamp with time zone,
	"recall_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_by" uuid,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_keys_prefix_unique" UNIQUE("prefix")
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"full_name" text NOT NULL,
	"given_name" text,
	"family_name" text,
	"date_of_birth" date,
	"country" text NOT NULL,
	"region" text,
	"postal_code" text,
	"time_zones" text[] DEFAULT '{}' NOT NULL,
	"preferred_language" "locale" DEFAULT 'en' NOT NULL,
	"inconvenient_windows" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"no_workplace_contact" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" "contact_point_kind" NOT NULL,
	"phone_type" "phone_type",
	"value" text NOT NULL,
	"postal" jsonb,
	"is_workplace" boolean DEFAULT false NOT NULL,
	"is_personal" boolean DEFAULT true NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"source" "contact_source" NOT NULL,
	"consent_call" boolean DEFAULT false NOT NULL,
	"consent_sms" boolean DEFAULT false NOT NULL,
	"consent_recorded_at" timestamp with time zone,
	"status" "contact_point_status" DEFAULT 'valid' NOT NULL,
	"invalidated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opt_outs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"channel" "channel" NOT NULL,
	"contact_point_id" uuid,
	"source" text NOT NULL,
	"recorded_by" uuid,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "related_parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"debtor_person_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"relationship" "relationship" NOT NULL,
	"relation_label" text,
	"consent_to_discuss" boolean DEFAULT false NOT NULL,
	"refused_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"placement_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"original_creditor" text NOT NULL,
	"client_reference" text NOT NULL,
	"product" text NOT NULL,
	"currency" text NOT NULL,
	"principal_minor" bigint NOT NULL,
	"interest_minor" bigint DEFAULT 0 NOT NULL,
	"fees_minor" bigint DEFAULT 0 NOT NULL,
	"placed_balance_minor" bigint NOT NULL,
	"balance_minor" bigint NOT NULL,
	"due_date" date NOT NULL,
	"delinquency_date" date,
	"charge_off_date" date,
	"sol_date" date,
	"jurisdiction" text NOT NULL,
	"status" "account_status" DEFAULT 'active' NOT NULL,
	"close_code" "close_code",
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"owner_user_id" uuid,
	"queue" "case_queue" DEFAULT 'standard' NOT NULL,
	"status" "case_status" DEFAULT 'open' NOT NULL,
	"priority_score" integer DEFAULT 0 NOT NULL,
	"priority_reason" text DEFAULT 'new_placement' NOT NULL,
	"strategy_id" uuid,
	"stage" "stage_kind",
	"stage_entered_at" timestamp with time zone,
	"paused_until" timestamp with time zone,
	"callback_at" timestamp with time zone,
	"last_contact_at" timestamp with time zone,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "callbacks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"contact_point_id" uuid,
	"created_by" uuid,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "strategies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid,
	"segment" text DEFAULT 'default' NOT NULL,
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"rule_set" "rule_set_id" NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "strategy_stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"strategy_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"kind" "stage_kind" NOT NULL,
	"entry" jsonb NOT NULL,
	"exit" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "strategy_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stage_id" uuid NOT NULL,
	"ordinal" integer NOT NULL,
	"day_offset" integer NOT NULL,
	"channel" "channel" NOT NULL,
	"template_code" text NOT NULL,
	"purpose" "contact_purpose" DEFAULT 'collection' NOT NULL,
	"party_role" "party_role" DEFAULT 'consumer' NOT NULL,
	"preferred_from" text,
	"preferred_to" text,
	"repeat_every_days" integer,
	"repeat_times" integer DEFAULT 1 NOT NULL,
	"autodialed" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"channel" "channel" NOT NULL,
	"language" "locale" NOT NULL,
	"rule_set" "rule_set_id" NOT NULL,
	"purpose" "contact_purpose" NOT NULL,
	"subject" text,
	"body" text NOT NULL,
	"discloses" "disclosure" NOT NULL,
	"has_opt_out" boolean DEFAULT false NOT NULL,
	"identifies_collector" boolean DEFAULT false NOT NULL,
	"has_mini_miranda" boolean DEFAULT false NOT NULL,
	"has_validation_notice" boolean DEFAULT false NOT NULL,
	"postcard" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outreach_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"party_person_id" uuid NOT NULL,
	"party_role" "party_role" DEFAULT 'consumer' NOT NULL,
	"contact_point_id" uuid,
	"account_ids" uuid[] NOT NULL,
	"strategy_id" uuid,
	"strategy_step_id" uuid,
	"occurrence" integer DEFAULT 1 NOT NULL,
	"kind" text DEFAULT 'cadence' NOT NULL,
	"channel" "channel" NOT NULL,
	"template_code" text NOT NULL,
	"purpose" "contact_purpose" NOT NULL,
	"autodialed" boolean DEFAULT false NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"state" "outreach_state" DEFAULT 'planned' NOT NULL,
	"deferrals" integer DEFAULT 0 NOT NULL,
	"last_decision_id" uuid,
	"dispatch_id" uuid,
	"claimed_at" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outreach_steps_dispatchId_unique" UNIQUE("dispatch_id")
);
--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" "channel" NOT NULL,
	"provider_message_id" text NOT NULL,
	"from_address" text NOT NULL,
	"to_address" text,
	"body" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"person_id" uuid,
	"contact_point_id" uuid,
	"action" text DEFAULT 'none' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_messages_providerMessageId_unique" UNIQUE("provider_message_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"event_key" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"processed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_events_eventKey_unique" UNIQUE("event_key")
);
--> statement-breakpoint
CREATE TABLE "contact_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dispatch_id" uuid,
	"reference_code" text NOT NULL,
	"case_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"party_person_id" uuid NOT NULL,
	"party_role" "party_role" NOT NULL,
	"contact_point_id" uuid,
	"address" text,
	"channel" "channel" NOT NULL,
	"direction" "direction" NOT NULL,
	"purpose" "contact_purpose" NOT NULL,
	"account_ids" uuid[] NOT NULL,
	"autodialed" boolean DEFAULT false NOT NULL,
	"decision_id" uuid,
	"outreach_step_id" uuid,
	"template_id" uuid,
	"agent_user_id" uuid,
	"rendered_subject" text,
	"rendered_body" text,
	"started_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_attempts_dispatchId_unique" UNIQUE("dispatch_id"),
	CONSTRAINT "contact_attempts_referenceCode_unique" UNIQUE("reference_code")
);
--> statement-breakpoint
CREATE TABLE "contact_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"attempt_id" uuid NOT NULL,
	"outcome" "contact_outcome" NOT NULL,
	"source" text NOT NULL,
	"recorded_by" uuid,
	"provider_message_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"outreach_step_id" uuid,
	"actor_user_id" uuid,
	"channel" "channel" NOT NULL,
	"rule_set" "rule_set_id" NOT NULL,
	"decision" "decision_kind" NOT NULL,
	"not_before" timestamp with time zone,
	"results" jsonb NOT NULL,
	"time_zones" text[] NOT NULL,
	"request" jsonb NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "promises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"account_ids" uuid[] NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"due_date" date NOT NULL,
	"status" "promise_status" DEFAULT 'pending' NOT NULL,
	"contact_attempt_id" uuid,
	"created_by" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"account_ids" uuid[] NOT NULL,
	"currency" text NOT NULL,
	"total_minor" bigint NOT NULL,
	"installment_count" integer NOT NULL,
	"frequency" "plan_frequency" NOT NULL,
	"status" "plan_status" NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"approval_reason" text,
	"created_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"broken_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_installments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"due_date" date NOT NULL,
	"amount_minor" bigint NOT NULL,
	"paid_minor" bigint DEFAULT 0 NOT NULL,
	"status" "installment_status" DEFAULT 'due' NOT NULL,
	"paid_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"method" "payment_method" NOT NULL,
	"reference" text,
	"received_at" timestamp with time zone NOT NULL,
	"status" "payment_status" DEFAULT 'posted' NOT NULL,
	"posted_by" uuid,
	"reversed_at" timestamp with time zone,
	"reversal_reason" "reversal_reason",
	"reversed_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"plan_installment_id" uuid,
	"promise_id" uuid
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"received_via" text NOT NULL,
	"reason" text NOT NULL,
	"status" "dispute_status" DEFAULT 'open' NOT NULL,
	"opened_by" uuid,
	"opened_at" timestamp with time zone NOT NULL,
	"verification_sent_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"case_id" uuid,
	"kind" "hold_kind" NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"placed_by" uuid,
	"placed_at" timestamp with time zone NOT NULL,
	"released_by" uuid,
	"released_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_kind" "actor_kind" NOT NULL,
	"actor_user_id" uuid,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"person_id" uuid,
	"case_id" uuid,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip" text
);
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placements" ADD CONSTRAINT "placements_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_points" ADD CONSTRAINT "contact_points_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_outs" ADD CONSTRAINT "opt_outs_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_outs" ADD CONSTRAINT "opt_outs_contact_point_id_contact_points_id_fk" FOREIGN KEY ("contact_point_id") REFERENCES "public"."contact_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_outs" ADD CONSTRAINT "opt_outs_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "related_parties" ADD CONSTRAINT "related_parties_debtor_person_id_persons_id_fk" FOREIGN KEY ("debtor_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "related_parties" ADD CONSTRAINT "related_parties_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_placement_id_placements_id_fk" FOREIGN KEY ("placement_id") REFERENCES "public"."placements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_strategy_id_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "public"."strategies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callbacks" ADD CONSTRAINT "callbacks_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callbacks" ADD CONSTRAINT "callbacks_contact_point_id_contact_points_id_fk" FOREIGN KEY ("contact_point_id") REFERENCES "public"."contact_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callbacks" ADD CONSTRAINT "callbacks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notes" ADD CONSTRAINT "notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategies" ADD CONSTRAINT "strategies_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_stages" ADD CONSTRAINT "strategy_stages_strategy_id_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "public"."strategies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy_steps" ADD CONSTRAINT "strategy_steps_stage_id_strategy_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."strategy_stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_steps" ADD CONSTRAINT "outreach_steps_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_steps" ADD CONSTRAINT "outreach_steps_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_steps" ADD CONSTRAINT "outreach_steps_party_person_id_persons_id_fk" FOREIGN KEY ("party_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_steps" ADD CONSTRAINT "outreach_steps_contact_point_id_contact_points_id_fk" FOREIGN KEY ("contact_point_id") REFERENCES "public"."contact_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_steps" ADD CONSTRAINT "outreach_steps_strategy_id_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "public"."strategies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outreach_steps" ADD CONSTRAINT "outreach_steps_strategy_step_id_strategy_steps_id_fk" FOREIGN KEY ("strategy_step_id") REFERENCES "public"."strategy_steps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_contact_point_id_contact_points_id_fk" FOREIGN KEY ("contact_point_id") REFERENCES "public"."contact_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD CONSTRAINT "contact_attempts_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD CONSTRAINT "contact_attempts_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD CONSTRAINT "contact_attempts_party_person_id_persons_id_fk" FOREIGN KEY ("party_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD CONSTRAINT "contact_attempts_contact_point_id_contact_points_id_fk" FOREIGN KEY ("contact_point_id") REFERENCES "public"."contact_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD CONSTRAINT "contact_attempts_template_id_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_attempts" ADD CONSTRAINT "contact_attempts_agent_user_id_users_id_fk" FOREIGN KEY ("agent_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_outcomes" ADD CONSTRAINT "contact_outcomes_attempt_id_contact_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."contact_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_outcomes" ADD CONSTRAINT "contact_outcomes_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_decisions" ADD CONSTRAINT "compliance_decisions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_decisions" ADD CONSTRAINT "compliance_decisions_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_decisions" ADD CONSTRAINT "compliance_decisions_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promises" ADD CONSTRAINT "promises_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promises" ADD CONSTRAINT "promises_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_plans" ADD CONSTRAINT "payment_plans_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_plans" ADD CONSTRAINT "payment_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_plans" ADD CONSTRAINT "payment_plans_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_installments" ADD CONSTRAINT "plan_installments_plan_id_payment_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."payment_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_posted_by_users_id_fk" FOREIGN KEY ("posted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_reversed_by_users_id_fk" FOREIGN KEY ("reversed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_plan_installment_id_plan_installments_id_fk" FOREIGN KEY ("plan_installment_id") REFERENCES "public"."plan_installments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_allocations" ADD CONSTRAINT "payment_allocations_promise_id_promises_id_fk" FOREIGN KEY ("promise_id") REFERENCES "public"."promises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_placed_by_users_id_fk" FOREIGN KEY ("placed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_released_by_users_id_fk" FOREIGN KEY ("released_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "users_team_id_index" ON "users" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "login_attempts_email_at_index" ON "login_attempts" USING btree ("email","at");--> statement-breakpoint
CREATE INDEX "login_attempts_ip_at_index" ON "login_attempts" USING btree ("ip","at");--> statement-breakpoint
CREATE INDEX "placements_client_id_received_at_index" ON "placements" USING btree ("client_id","received_at");--> statement-breakpoint
CREATE INDEX "api_keys_client_id_index" ON "api_keys" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "persons_full_name_index" ON "persons" USING btree ("full_name");--> statement-breakpoint
CREATE INDEX "contact_points_person_id_index" ON "contact_points" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "contact_points_value_index" ON "contact_points" USING btree ("value");--> statement-breakpoint
CREATE INDEX "opt_outs_person_id_index" ON "opt_outs" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "related_parties_debtor_person_id_index" ON "related_parties" USING btree ("debtor_person_id");--> statement-breakpoint
CREATE INDEX "related_parties_person_id_index" ON "related_parties" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_client_id_client_reference_index" ON "accounts" USING btree ("client_id","client_reference");--> statement-breakpoint
CREATE INDEX "accounts_case_id_index" ON "accounts" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "accounts_person_id_index" ON "accounts" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "accounts_client_reference_index" ON "accounts" USING btree ("client_reference");--> statement-breakpoint
CREATE INDEX "accounts_status_due_date_index" ON "accounts" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "cases_team_queue_priority_idx" ON "cases" USING btree ("team_id","status","priority_score" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "cases_owner_priority_idx" ON "cases" USING btree ("owner_user_id","status","priority_score" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "cases_person_id_index" ON "cases" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "cases_client_id_index" ON "cases" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "callbacks_case_id_index" ON "callbacks" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "callbacks_due_at_index" ON "callbacks" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "notes_case_id_created_at_index" ON "notes" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "strategies_name_version_index" ON "strategies" USING btree ("name","version");--> statement-breakpoint
CREATE INDEX "strategy_stages_strategy_id_ordinal_index" ON "strategy_stages" USING btree ("strategy_id","ordinal");--> statement-breakpoint
CREATE INDEX "strategy_steps_stage_id_ordinal_index" ON "strategy_steps" USING btree ("stage_id","ordinal");--> statement-breakpoint
CREATE UNIQUE INDEX "templates_code_language_version_index" ON "templates" USING btree ("code","language","version");--> statement-breakpoint
CREATE UNIQUE INDEX "outreach_steps_plan_key" ON "outreach_steps" USING btree ("case_id","strategy_step_id","occurrence","party_person_id");--> statement-breakpoint
CREATE INDEX "outreach_steps_due_idx" ON "outreach_steps" USING btree ("due_at") WHERE state in ('planned', 'deferred');--> statement-breakpoint
CREATE INDEX "outreach_steps_case_id_state_index" ON "outreach_steps" USING btree ("case_id","state");--> statement-breakpoint
CREATE INDEX "inbound_messages_person_id_index" ON "inbound_messages" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "contact_attempts_person_time_idx" ON "contact_attempts" USING btree ("person_id","started_at");--> statement-breakpoint
CREATE INDEX "contact_attempts_party_time_idx" ON "contact_attempts" USING btree ("party_person_id","started_at");--> statement-breakpoint
CREATE INDEX "contact_attempts_accounts_idx" ON "contact_attempts" USING gin ("account_ids");--> statement-breakpoint
CREATE INDEX "contact_attempts_case_id_started_at_index" ON "contact_attempts" USING btree ("case_id","started_at");--> statement-breakpoint
CREATE INDEX "contact_attempts_contact_point_id_started_at_index" ON "contact_attempts" USING btree ("contact_point_id","started_at") WHERE contact_point_id is not null;--> statement-breakpoint
CREATE INDEX "contact_outcomes_attempt_id_at_index" ON "contact_outcomes" USING btree ("attempt_id","at");--> statement-breakpoint
CREATE INDEX "compliance_decisions_case_id_evaluated_at_index" ON "compliance_decisions" USING btree ("case_id","evaluated_at");--> statement-breakpoint
CREATE INDEX "compliance_decisions_decision_evaluated_at_index" ON "compliance_decisions" USING btree ("decision","evaluated_at");--> statement-breakpoint
CREATE INDEX "promises_case_id_index" ON "promises" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "promises_status_due_date_index" ON "promises" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "payment_plans_case_id_index" ON "payment_plans" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "payment_plans_status_index" ON "payment_plans" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_installments_plan_id_seq_index" ON "plan_installments" USING btree ("plan_id","seq");--> statement-breakpoint
CREATE INDEX "plan_installments_status_due_date_index" ON "plan_installments" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "payments_case_id_received_at_index" ON "payments" USING btree ("case_id","received_at");--> statement-breakpoint
CREATE INDEX "payments_received_at_index" ON "payments" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "payment_allocations_payment_id_index" ON "payment_allocations" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "payment_allocations_account_id_index" ON "payment_allocations" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "disputes_case_id_index" ON "disputes" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "disputes_account_id_status_index" ON "disputes" USING btree ("account_id","status");--> statement-breakpoint
CREATE INDEX "holds_active_idx" ON "holds" USING btree ("person_id") WHERE released_at is null;--> statement-breakpoint
CREATE INDEX "audit_events_entity_type_entity_id_index" ON "audit_events" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_events_person_id_at_index" ON "audit_events" USING btree ("person_id","at");--> statement-breakpoint
CREATE INDEX "audit_events_actor_user_id_at_index" ON "audit_events" USING btree ("actor_user_id","at");--> statement-breakpoint
CREATE INDEX "audit_events_case_id_at_index" ON "audit_events" USING btree ("case_id","at");