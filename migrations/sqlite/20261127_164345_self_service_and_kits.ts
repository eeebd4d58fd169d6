import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`consent_tombstones\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`subject\` text NOT NULL,
  	\`erased_at\` text NOT NULL,
  	\`erased_by\` text NOT NULL,
  	\`events\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
  );
  `)
  await db.run(sql`CREATE INDEX \`consent_tombstones_subject_idx\` ON \`consent_tombstones\` (\`subject\`);`)
  await db.run(sql`CREATE INDEX \`consent_tombstones_updated_at_idx\` ON \`consent_tombstones\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`consent_tombstones_created_at_idx\` ON \`consent_tombstones\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`kit_assets_needs\` (
  	\`order\` integer NOT NULL,
  	\`parent_id\` text(36) NOT NULL,
  	\`value\` text,
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`kit_assets\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`kit_assets_needs_order_idx\` ON \`kit_assets_needs\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`kit_assets_needs_parent_idx\` ON \`kit_assets_needs\` (\`parent_id\`);`)
  await db.run(sql`CREATE TABLE \`kit_assets\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`key\` text NOT NULL,
  	\`campaign_id\` text(36) NOT NULL,
  	\`subject\` text NOT NULL,
  	\`card\` text NOT NULL,
  	\`format\` text NOT NULL,
  	\`lang\` text NOT NULL,
  	\`hash\` text NOT NULL,
  	\`filename\` text NOT NULL,
  	\`mime_type\` text NOT NULL,
  	\`bytes\` numeric NOT NULL,
  	\`crc32\` numeric NOT NULL,
  	\`width\` numeric NOT NULL,
  	\`height\` numeric NOT NULL,
  	\`alt\` text NOT NULL,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`campaign_id\`) REFERENCES \`campaigns\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`kit_assets_key_idx\` ON \`kit_assets\` (\`key\`);`)
  await db.run(sql`CREATE INDEX \`kit_assets_campaign_idx\` ON \`kit_assets\` (\`campaign_id\`);`)
  await db.run(sql`CREATE INDEX \`kit_assets_subject_idx\` ON \`kit_assets\` (\`subject\`);`)
  await db.run(sql`CREATE INDEX \`kit_assets_updated_at_idx\` ON \`kit_assets\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`kit_assets_created_at_idx\` ON \`kit_assets\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`kit_assets_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` text(36) NOT NULL,
  	\`path\` text NOT NULL,
  	\`media_id\` text(36),
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`kit_assets\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`media_id\`) REFERENCES \`media\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`kit_assets_rels_order_idx\` ON \`kit_assets_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`kit_assets_rels_parent_idx\` ON \`kit_assets_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`kit_assets_rels_path_idx\` ON \`kit_assets_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`kit_assets_rels_media_id_idx\` ON \`kit_assets_rels\` (\`media_id\`);`)
  await db.run(sql`CREATE TABLE \`payload_jobs_log\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text(36) NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`executed_at\` text NOT NULL,
  	\`completed_at\` text NOT NULL,
  	\`task_slug\` text NOT NULL,
  	\`task_i_d\` text NOT NULL,
  	\`input\` text,
  	\`output\` text,
  	\`state\` text NOT NULL,
  	\`error\` text,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`payload_jobs\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`payload_jobs_log_order_idx\` ON \`payload_jobs_log\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_log_parent_id_idx\` ON \`payload_jobs_log\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`payload_jobs\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`input\` text,
  	\`completed_at\` text,
  	\`total_tried\` numeric DEFAULT 0,
  	\`has_error\` integer DEFAULT false,
  	\`error\` text,
  	\`task_slug\` text,
  	\`queue\` text DEFAULT 'default',
  	\`wait_until\` text,
  	\`processing\` integer DEFAULT false,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
  );
  `)
  await db.run(sql`CREATE INDEX \`payload_jobs_completed_at_idx\` ON \`payload_jobs\` (\`completed_at\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_total_tried_idx\` ON \`payload_jobs\` (\`total_tried\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_has_error_idx\` ON \`payload_jobs\` (\`has_error\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_task_slug_idx\` ON \`payload_jobs\` (\`task_slug\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_queue_idx\` ON \`payload_jobs\` (\`queue\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_wait_until_idx\` ON \`payload_jobs\` (\`wait_until\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_processing_idx\` ON \`payload_jobs\` (\`processing\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_updated_at_idx\` ON \`payload_jobs\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`payload_jobs_created_at_idx\` ON \`payload_jobs\` (\`created_at\`);`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`management_token_hash\` text;`)
  await db.run(sql`CREATE INDEX \`stories_management_token_hash_idx\` ON \`stories\` (\`management_token_hash\`);`)
  await db.run(sql`ALTER TABLE \`campaigns\` ADD \`kit_state\` text;`)
  await db.run(sql`ALTER TABLE \`campaigns\` ADD \`kit_progress\` text;`)
  await db.run(sql`ALTER TABLE \`campaigns\` ADD \`kit_done\` numeric;`)
  await db.run(sql`ALTER TABLE \`campaigns\` ADD \`kit_total\` numeric;`)
  await db.run(sql`ALTER TABLE \`campaigns\` ADD \`kit_built_at\` text;`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`consent_tombstones_id\` text(36) REFERENCES consent_tombstones(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`kit_assets_id\` text(36) REFERENCES kit_assets(id);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_consent_tombstones_id_idx\` ON \`payload_locked_documents_rels\` (\`consent_tombstones_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_kit_assets_id_idx\` ON \`payload_locked_documents_rels\` (\`kit_assets_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`consent_tombstones\`;`)
  await db.run(sql`DROP TABLE \`kit_assets_needs\`;`)
  await db.run(sql`DROP TABLE \`kit_assets\`;`)
  await db.run(sql`DROP TABLE \`kit_assets_rels\`;`)
  await db.run(sql`DROP TABLE \`payload_jobs_log\`;`)
  await db.run(sql`DROP TABLE \`payload_jobs\`;`)
  await db.run(sql`PRAGMA foreign_keys=OFF;`)
  await db.run(sql`CREATE TABLE \`__new_payload_locked_documents_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` text(36) NOT NULL,
  	\`path\` text NOT NULL,
  	\`campaigns_id\` text(36),
  	\`consent_records_id\` text(36),
  	\`consent_texts_id\` text(36),
  	\`users_id\` text(36),
  	\`partners_id\` text(36),
  	\`audit_log_id\` text(36),
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`payload_locked_documents\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`campaigns_id\`) REFERENCES \`campaigns\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`consent_records_id\`) REFERENCES \`consent_records\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`consent_texts_id\`) REFERENCES \`consent_texts\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`users_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`partners_id\`) REFERENCES \`partners\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`audit_log_id\`) REFERENCES \`audit_log\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`INSERT INTO \`__new_payload_locked_documents_rels\`("id", "order", "parent_id", "path", "campaigns_id", "consent_records_id", "consent_texts_id", "users_id", "partners_id", "audit_log_id") SELECT "id", "order", "parent_id", "path", "campaigns_id", "consent_records_id", "consent_texts_id", "users_id", "partners_id", "audit_log_id" FROM \`payload_locked_documents_rels\`;`)
  await db.run(sql`DROP TABLE \`payload_locked_documents_rels\`;`)
  await db.run(sql`ALTER TABLE \`__new_payload_locked_documents_rels\` RENAME TO \`payload_locked_documents_rels\`;`)
  await db.run(sql`PRAGMA foreign_keys=ON;`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_order_idx\` ON \`payload_locked_documents_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_parent_idx\` ON \`payload_locked_documents_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_path_idx\` ON \`payload_locked_documents_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_campaigns_id_idx\` ON \`payload_locked_documents_rels\` (\`campaigns_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_consent_records_id_idx\` ON \`payload_locked_documents_rels\` (\`consent_records_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_consent_texts_id_idx\` ON \`payload_locked_documents_rels\` (\`consent_texts_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_users_id_idx\` ON \`payload_locked_documents_rels\` (\`users_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_partners_id_idx\` ON \`payload_locked_documents_rels\` (\`partners_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_audit_log_id_idx\` ON \`payload_locked_documents_rels\` (\`audit_log_id\`);`)
  await db.run(sql`DROP INDEX \`stories_management_token_hash_idx\`;`)
  await db.run(sql`ALTER TABLE \`stories\` DROP COLUMN \`management_token_hash\`;`)
  await db.run(sql`ALTER TABLE \`campaigns\` DROP COLUMN \`kit_state\`;`)
  await db.run(sql`ALTER TABLE \`campaigns\` DROP COLUMN \`kit_progress\`;`)
  await db.run(sql`ALTER TABLE \`campaigns\` DROP COLUMN \`kit_done\`;`)
  await db.run(sql`ALTER TABLE \`campaigns\` DROP COLUMN \`kit_total\`;`)
  await db.run(sql`ALTER TABLE \`campaigns\` DROP COLUMN \`kit_built_at\`;`)
}
