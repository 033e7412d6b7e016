ALTER TABLE "rooms" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
