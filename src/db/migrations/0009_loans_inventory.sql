CREATE TABLE "loan_consumables" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"name" text NOT NULL,
	"unit" text DEFAULT 'ชิ้น' NOT NULL,
	"stock" integer DEFAULT 0 NOT NULL,
	"min_stock" integer,
	"location" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loan_consumables_stock_ck" CHECK ("loan_consumables"."stock" >= 0)
);
--> statement-breakpoint
CREATE TABLE "loan_item_types" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"type_id" integer NOT NULL,
	"asset_tag" text NOT NULL,
	"serial_number" text,
	"model" text,
	"condition" text DEFAULT 'good' NOT NULL,
	"location" text,
	"photo_media_id" integer,
	"lendable" boolean DEFAULT true NOT NULL,
	"retired" boolean DEFAULT false NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "loan_kit_items" (
	"office_id" text NOT NULL,
	"kit_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	CONSTRAINT "loan_kit_items_kit_id_item_id_pk" PRIMARY KEY("kit_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "loan_kits" (
	"id" serial PRIMARY KEY NOT NULL,
	"office_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "loan_consumables" ADD CONSTRAINT "loan_consumables_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_item_types" ADD CONSTRAINT "loan_item_types_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_items" ADD CONSTRAINT "loan_items_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_items" ADD CONSTRAINT "loan_items_type_id_loan_item_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."loan_item_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_items" ADD CONSTRAINT "loan_items_photo_media_id_media_files_id_fk" FOREIGN KEY ("photo_media_id") REFERENCES "public"."media_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_kit_items" ADD CONSTRAINT "loan_kit_items_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_kit_items" ADD CONSTRAINT "loan_kit_items_kit_id_loan_kits_id_fk" FOREIGN KEY ("kit_id") REFERENCES "public"."loan_kits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_kit_items" ADD CONSTRAINT "loan_kit_items_item_id_loan_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."loan_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loan_kits" ADD CONSTRAINT "loan_kits_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "loan_consumables_name_uq" ON "loan_consumables" USING btree ("office_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_item_types_name_uq" ON "loan_item_types" USING btree ("office_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_items_asset_tag_uq" ON "loan_items" USING btree ("office_id","asset_tag");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_kit_items_item_uq" ON "loan_kit_items" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loan_kits_name_uq" ON "loan_kits" USING btree ("office_id","name");