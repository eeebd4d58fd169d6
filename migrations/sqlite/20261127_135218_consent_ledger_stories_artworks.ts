import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`stories\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`language\` text DEFAULT 'en' NOT NULL,
  	\`display_name\` text,
  	\`pseudonym\` text,
  	\`location\` text,
  	\`status\` text DEFAULT 'submitted' NOT NULL,
  	\`published_at\` text,
  	\`owner_id\` text(36),
  	\`created_by_id\` text(36),
  	\`consent_state\` text DEFAULT 'none',
  	\`consent_gallery\` integer,
  	\`consent_partners\` integer,
  	\`consent_social\` integer,
  	\`consent_press\` integer,
  	\`consent_named\` integer,
  	\`consent_photo\` integer,
  	\`consent_voice\` integer,
  	\`consent_given_at\` text,
  	\`consent_expires_at\` text,
  	\`consent_record_id\` text(36),
  	\`review_notes\` text,
  	\`safety_checklist_identifying_details_removed\` integer,
  	\`safety_checklist_third_parties_protected\` integer,
  	\`safety_checklist_location_coarse\` integer,
  	\`safety_checklist_images_checked\` integer,
  	\`legal_name\` text,
  	\`contact_email\` text,
  	\`contact_phone\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`owner_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`created_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`consent_record_id\`) REFERENCES \`consent_records\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`stories_status_idx\` ON \`stories\` (\`status\`);`)
  await db.run(sql`CREATE INDEX \`stories_published_at_idx\` ON \`stories\` (\`published_at\`);`)
  await db.run(sql`CREATE INDEX \`stories_owner_idx\` ON \`stories\` (\`owner_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_created_by_idx\` ON \`stories\` (\`created_by_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_consent_consent_state_idx\` ON \`stories\` (\`consent_state\`);`)
  await db.run(sql`CREATE INDEX \`stories_consent_consent_gallery_idx\` ON \`stories\` (\`consent_gallery\`);`)
  await db.run(sql`CREATE INDEX \`stories_consent_consent_expires_at_idx\` ON \`stories\` (\`consent_expires_at\`);`)
  await db.run(sql`CREATE INDEX \`stories_consent_consent_record_idx\` ON \`stories\` (\`consent_record_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_updated_at_idx\` ON \`stories\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`stories_created_at_idx\` ON \`stories\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`stories_locales\` (
  	\`title\` text NOT NULL,
  	\`body\` text,
  	\`pull_quote\` text,
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`_locale\` text NOT NULL,
  	\`_parent_id\` text(36) NOT NULL,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`stories\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`stories_locales_locale_parent_id_unique\` ON \`stories_locales\` (\`_locale\`,\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`stories_texts\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer NOT NULL,
  	\`parent_id\` text(36) NOT NULL,
  	\`path\` text NOT NULL,
  	\`text\` text,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`stories\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`stories_texts_order_parent\` ON \`stories_texts\` (\`order\`,\`parent_id\`);`)
  await db.run(sql`CREATE TABLE \`stories_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` text(36) NOT NULL,
  	\`path\` text NOT NULL,
  	\`campaigns_id\` text(36),
  	\`media_id\` text(36),
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`stories\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`campaigns_id\`) REFERENCES \`campaigns\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`media_id\`) REFERENCES \`media\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`stories_rels_order_idx\` ON \`stories_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`stories_rels_parent_idx\` ON \`stories_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_rels_path_idx\` ON \`stories_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`stories_rels_campaigns_id_idx\` ON \`stories_rels\` (\`campaigns_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_rels_media_id_idx\` ON \`stories_rels\` (\`media_id\`);`)
  await db.run(sql`CREATE TABLE \`artworks\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`artist_id\` text(36),
  	\`credit_line\` text,
  	\`medium\` text,
  	\`year\` numeric,
  	\`image_id\` text(36),
  	\`licence\` text DEFAULT 'arr-with-permission' NOT NULL,
  	\`status\` text DEFAULT 'submitted' NOT NULL,
  	\`published_at\` text,
  	\`owner_id\` text(36),
  	\`created_by_id\` text(36),
  	\`consent_state\` text DEFAULT 'none',
  	\`consent_gallery\` integer,
  	\`consent_partners\` integer,
  	\`consent_social\` integer,
  	\`consent_press\` integer,
  	\`consent_named\` integer,
  	\`consent_photo\` integer,
  	\`consent_voice\` integer,
  	\`consent_given_at\` text,
  	\`consent_expires_at\` text,
  	\`consent_record_id\` text(36),
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`artist_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`image_id\`) REFERENCES \`media\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`owner_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`created_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`consent_record_id\`) REFERENCES \`consent_records\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`artworks_artist_idx\` ON \`artworks\` (\`artist_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_image_idx\` ON \`artworks\` (\`image_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_status_idx\` ON \`artworks\` (\`status\`);`)
  await db.run(sql`CREATE INDEX \`artworks_published_at_idx\` ON \`artworks\` (\`published_at\`);`)
  await db.run(sql`CREATE INDEX \`artworks_owner_idx\` ON \`artworks\` (\`owner_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_created_by_idx\` ON \`artworks\` (\`created_by_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_consent_consent_state_idx\` ON \`artworks\` (\`consent_state\`);`)
  await db.run(sql`CREATE INDEX \`artworks_consent_consent_gallery_idx\` ON \`artworks\` (\`consent_gallery\`);`)
  await db.run(sql`CREATE INDEX \`artworks_consent_consent_expires_at_idx\` ON \`artworks\` (\`consent_expires_at\`);`)
  await db.run(sql`CREATE INDEX \`artworks_consent_consent_record_idx\` ON \`artworks\` (\`consent_record_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_updated_at_idx\` ON \`artworks\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`artworks_created_at_idx\` ON \`artworks\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`artworks_locales\` (
  	\`title\` text NOT NULL,
  	\`description\` text,
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`_locale\` text NOT NULL,
  	\`_parent_id\` text(36) NOT NULL,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`artworks\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`artworks_locales_locale_parent_id_unique\` ON \`artworks_locales\` (\`_locale\`,\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`campaigns\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`slug\` text NOT NULL,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`campaigns_slug_idx\` ON \`campaigns\` (\`slug\`);`)
  await db.run(sql`CREATE INDEX \`campaigns_updated_at_idx\` ON \`campaigns\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`campaigns_created_at_idx\` ON \`campaigns\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`campaigns_locales\` (
  	\`title\` text NOT NULL,
  	\`summary\` text,
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`_locale\` text NOT NULL,
  	\`_parent_id\` text(36) NOT NULL,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`campaigns\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`campaigns_locales_locale_parent_id_unique\` ON \`campaigns_locales\` (\`_locale\`,\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`campaigns_texts\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer NOT NULL,
  	\`parent_id\` text(36) NOT NULL,
  	\`path\` text NOT NULL,
  	\`text\` text,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`campaigns\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`campaigns_texts_order_parent\` ON \`campaigns_texts\` (\`order\`,\`parent_id\`);`)
  await db.run(sql`CREATE TABLE \`consent_records_scopes\` (
  	\`order\` integer NOT NULL,
  	\`parent_id\` text(36) NOT NULL,
  	\`value\` text,
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`consent_records\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`consent_records_scopes_order_idx\` ON \`consent_records_scopes\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`consent_records_scopes_parent_idx\` ON \`consent_records_scopes\` (\`parent_id\`);`)
  await db.run(sql`CREATE TABLE \`consent_records\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`action\` text DEFAULT 'grant' NOT NULL,
  	\`consent_text_id\` text(36),
  	\`method\` text DEFAULT 'web-form' NOT NULL,
  	\`language\` text DEFAULT 'en' NOT NULL,
  	\`collected_by_id\` text(36),
  	\`witness\` text,
  	\`interpreter\` text,
  	\`given_at\` text,
  	\`expires_at\` text,
  	\`guardian_name\` text,
  	\`evidence\` text,
  	\`recorded_at\` text,
  	\`recorded_by_id\` text(36),
  	\`subject_key\` text,
  	\`subject_owner_id\` text(36),
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`consent_text_id\`) REFERENCES \`consent_texts\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`collected_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`recorded_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`subject_owner_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`consent_records_consent_text_idx\` ON \`consent_records\` (\`consent_text_id\`);`)
  await db.run(sql`CREATE INDEX \`consent_records_collected_by_idx\` ON \`consent_records\` (\`collected_by_id\`);`)
  await db.run(sql`CREATE INDEX \`consent_records_recorded_at_idx\` ON \`consent_records\` (\`recorded_at\`);`)
  await db.run(sql`CREATE INDEX \`consent_records_recorded_by_idx\` ON \`consent_records\` (\`recorded_by_id\`);`)
  await db.run(sql`CREATE INDEX \`consent_records_subject_key_idx\` ON \`consent_records\` (\`subject_key\`);`)
  await db.run(sql`CREATE INDEX \`consent_records_subject_owner_idx\` ON \`consent_records\` (\`subject_owner_id\`);`)
  await db.run(sql`CREATE INDEX \`consent_records_updated_at_idx\` ON \`consent_records\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`consent_records_created_at_idx\` ON \`consent_records\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`consent_records_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` text(36) NOT NULL,
  	\`path\` text NOT NULL,
  	\`stories_id\` text(36),
  	\`artworks_id\` text(36),
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`consent_records\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`stories_id\`) REFERENCES \`stories\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`artworks_id\`) REFERENCES \`artworks\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`consent_records_rels_order_idx\` ON \`consent_records_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`consent_records_rels_parent_idx\` ON \`consent_records_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`consent_records_rels_path_idx\` ON \`consent_records_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`consent_records_rels_stories_id_idx\` ON \`consent_records_rels\` (\`stories_id\`);`)
  await db.run(sql`CREATE INDEX \`consent_records_rels_artworks_id_idx\` ON \`consent_records_rels\` (\`artworks_id\`);`)
  await db.run(sql`CREATE TABLE \`consent_texts\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`version\` text NOT NULL,
  	\`active\` integer DEFAULT false,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`consent_texts_version_idx\` ON \`consent_texts\` (\`version\`);`)
  await db.run(sql`CREATE INDEX \`consent_texts_active_idx\` ON \`consent_texts\` (\`active\`);`)
  await db.run(sql`CREATE INDEX \`consent_texts_updated_at_idx\` ON \`consent_texts\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`consent_texts_created_at_idx\` ON \`consent_texts\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`consent_texts_locales\` (
  	\`body\` text NOT NULL,
  	\`hash\` text,
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`_locale\` text NOT NULL,
  	\`_parent_id\` text(36) NOT NULL,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`consent_texts\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`consent_texts_locales_locale_parent_id_unique\` ON \`consent_texts_locales\` (\`_locale\`,\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`audit_log\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`at\` text NOT NULL,
  	\`actor_id\` text(36),
  	\`action\` text NOT NULL,
  	\`subject\` text NOT NULL,
  	\`from\` text,
  	\`to\` text,
  	\`details\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`actor_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`audit_log_at_idx\` ON \`audit_log\` (\`at\`);`)
  await db.run(sql`CREATE INDEX \`audit_log_actor_idx\` ON \`audit_log\` (\`actor_id\`);`)
  await db.run(sql`CREATE INDEX \`audit_log_action_idx\` ON \`audit_log\` (\`action\`);`)
  await db.run(sql`CREATE INDEX \`audit_log_subject_idx\` ON \`audit_log\` (\`subject\`);`)
  await db.run(sql`CREATE INDEX \`audit_log_updated_at_idx\` ON \`audit_log\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`audit_log_created_at_idx\` ON \`audit_log\` (\`created_at\`);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`stories_id\` text(36) REFERENCES stories(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`artworks_id\` text(36) REFERENCES artworks(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`campaigns_id\` text(36) REFERENCES campaigns(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`consent_records_id\` text(36) REFERENCES consent_records(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`consent_texts_id\` text(36) REFERENCES consent_texts(id);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`audit_log_id\` text(36) REFERENCES audit_log(id);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_stories_id_idx\` ON \`payload_locked_documents_rels\` (\`stories_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_artworks_id_idx\` ON \`payload_locked_documents_rels\` (\`artworks_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_campaigns_id_idx\` ON \`payload_locked_documents_rels\` (\`campaigns_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_consent_records_id_idx\` ON \`payload_locked_documents_rels\` (\`consent_records_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_consent_texts_id_idx\` ON \`payload_locked_documents_rels\` (\`consent_texts_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_audit_log_id_idx\` ON \`payload_locked_documents_rels\` (\`audit_log_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`stories\`;`)
  await db.run(sql`DROP TABLE \`stories_locales\`;`)
  await db.run(sql`DROP TABLE \`stories_texts\`;`)
  await db.run(sql`DROP TABLE \`stories_rels\`;`)
  await db.run(sql`DROP TABLE \`artworks\`;`)
  await db.run(sql`DROP TABLE \`artworks_locales\`;`)
  await db.run(sql`DROP TABLE \`campaigns\`;`)
  await db.run(sql`DROP TABLE \`campaigns_locales\`;`)
  await db.run(sql`DROP TABLE \`campaigns_texts\`;`)
  await db.run(sql`DROP TABLE \`consent_records_scopes\`;`)
  await db.run(sql`DROP TABLE \`consent_records\`;`)
  await db.run(sql`DROP TABLE \`consent_records_rels\`;`)
  await db.run(sql`DROP TABLE \`consent_texts\`;`)
  await db.run(sql`DROP TABLE \`consent_texts_locales\`;`)
  await db.run(sql`DROP TABLE \`audit_log\`;`)
  await db.run(sql`PRAGMA foreign_keys=OFF;`)
  await db.run(sql`CREATE TABLE \`__new_payload_locked_documents_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` text(36) NOT NULL,
  	\`path\` text NOT NULL,
  	\`users_id\` text(36),
  	\`media_id\` text(36),
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`payload_locked_documents\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`users_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`media_id\`) REFERENCES \`media\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`INSERT INTO \`__new_payload_locked_documents_rels\`("id", "order", "parent_id", "path", "users_id", "media_id") SELECT "id", "order", "parent_id", "path", "users_id", "media_id" FROM \`payload_locked_documents_rels\`;`)
  await db.run(sql`DROP TABLE \`payload_locked_documents_rels\`;`)
  await db.run(sql`ALTER TABLE \`__new_payload_locked_documents_rels\` RENAME TO \`payload_locked_documents_rels\`;`)
  await db.run(sql`PRAGMA foreign_keys=ON;`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_order_idx\` ON \`payload_locked_documents_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_parent_idx\` ON \`payload_locked_documents_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_path_idx\` ON \`payload_locked_documents_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_users_id_idx\` ON \`payload_locked_documents_rels\` (\`users_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_media_id_idx\` ON \`payload_locked_documents_rels\` (\`media_id\`);`)
}
