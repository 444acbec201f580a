CREATE SCHEMA IF NOT EXISTS "shop";
--> statement-breakpoint
CREATE TABLE "shop"."dashboards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"currency" char(3) NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dashboards_owner_user_id_key" UNIQUE("owner_user_id")
);
--> statement-breakpoint
CREATE TABLE "shop"."idempotency_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dashboard_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shop"."products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dashboard_id" uuid NOT NULL,
	"name" text NOT NULL,
	"price_cents" bigint NOT NULL,
	"cost_cents" bigint DEFAULT 0 NOT NULL,
	"stock" integer DEFAULT 0 NOT NULL,
	"barcode" text,
	"image_url" text,
	"archived_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "products_dashboard_id_id_key" UNIQUE("dashboard_id","id"),
	CONSTRAINT "products_price_cents_check" CHECK ("shop"."products"."price_cents" >= 0),
	CONSTRAINT "products_cost_cents_check" CHECK ("shop"."products"."cost_cents" >= 0),
	CONSTRAINT "products_stock_check" CHECK ("shop"."products"."stock" >= 0)
);
--> statement-breakpoint
CREATE TABLE "shop"."sales" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dashboard_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_cents" bigint NOT NULL,
	"unit_cost_cents" bigint NOT NULL,
	"sold_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"note" text,
	"voided_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_quantity_check" CHECK ("shop"."sales"."quantity" > 0),
	CONSTRAINT "sales_unit_price_cents_check" CHECK ("shop"."sales"."unit_price_cents" >= 0),
	CONSTRAINT "sales_unit_cost_cents_check" CHECK ("shop"."sales"."unit_cost_cents" >= 0)
);
--> statement-breakpoint
ALTER TABLE "shop"."idempotency_keys" ADD CONSTRAINT "idempotency_keys_dashboard_id_dashboards_id_fk" FOREIGN KEY ("dashboard_id") REFERENCES "shop"."dashboards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop"."products" ADD CONSTRAINT "products_dashboard_id_dashboards_id_fk" FOREIGN KEY ("dashboard_id") REFERENCES "shop"."dashboards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop"."sales" ADD CONSTRAINT "sales_dashboard_id_dashboards_id_fk" FOREIGN KEY ("dashboard_id") REFERENCES "shop"."dashboards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shop"."sales" ADD CONSTRAINT "sales_product_same_dashboard_fk" FOREIGN KEY ("dashboard_id","product_id") REFERENCES "shop"."products"("dashboard_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "idempotency_keys_dashboard_key_key" ON "shop"."idempotency_keys" USING btree ("dashboard_id","key");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_at_idx" ON "shop"."idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "products_dashboard_name_key" ON "shop"."products" USING btree ("dashboard_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "products_dashboard_barcode_key" ON "shop"."products" USING btree ("dashboard_id","barcode");--> statement-breakpoint
CREATE INDEX "products_dashboard_page_idx" ON "shop"."products" USING btree ("dashboard_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "products_dashboard_stock_idx" ON "shop"."products" USING btree ("dashboard_id","stock") WHERE "shop"."products"."archived_at" is null;--> statement-breakpoint
CREATE INDEX "sales_dashboard_sold_at_idx" ON "shop"."sales" USING btree ("dashboard_id","sold_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sales_product_idx" ON "shop"."sales" USING btree ("product_id");