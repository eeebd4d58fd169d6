import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

import { resealAll } from '../../src/safety/reseal'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`stories_content_notes\` (
  	\`order\` integer NOT NULL,
  	\`parent_id\` text(36) NOT NULL,
  	\`value\` text,
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`stories\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`stories_content_notes_order_idx\` ON \`stories_content_notes\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`stories_content_notes_parent_idx\` ON \`stories_content_notes\` (\`parent_id\`);`)
  await db.run(sql`CREATE TABLE \`artworks_content_notes\` (
  	\`order\` integer NOT NULL,
  	\`parent_id\` text(36) NOT NULL,
  	\`value\` text,
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`artworks\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`artworks_content_notes_order_idx\` ON \`artworks_content_notes\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`artworks_content_notes_parent_idx\` ON \`artworks_content_notes\` (\`parent_id\`);`)
  await db.run(sql`CREATE TABLE \`safety\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`public_paused\` integer DEFAULT false,
  	\`reason\` text,
  	\`updated_at\` text,
  	\`created_at\` text
  );
  `)
  await db.run(sql`CREATE TABLE \`safety_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` text(36) NOT NULL,
  	\`path\` text NOT NULL,
  	\`campaigns_id\` text(36),
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`safety\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`campaigns_id\`) REFERENCES \`campaigns\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`safety_rels_order_idx\` ON \`safety_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`safety_rels_parent_idx\` ON \`safety_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`safety_rels_path_idx\` ON \`safety_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`safety_rels_campaigns_id_idx\` ON \`safety_rels\` (\`campaigns_id\`);`)
  await db.run(sql`CREATE TABLE \`payload_jobs_stats\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`stats\` text,
  	\`updated_at\` text,
  	\`created_at\` text
  );
  `)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`storyteller_review_state\` text DEFAULT 'not_needed';`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`storyteller_review_content_hash\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`storyteller_review_approved_hash\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`storyteller_review_approved_at\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`storyteller_review_approved_by_id\` text(36) REFERENCES users(id);`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`storyteller_review_approval_method\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`storyteller_review_offline_who\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`storyteller_review_offline_evidence\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`storyteller_review_note\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`storyteller_review_approved_content\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`contact_retention_until\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`contact_retention_reason\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`seal_id\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`contact_email_index\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`contact_phone_index\` text;`)
  await db.run(sql`CREATE INDEX \`stories_storyteller_review_storyteller_review_state_idx\` ON \`stories\` (\`storyteller_review_state\`);`)
  await db.run(sql`CREATE INDEX \`stories_storyteller_review_storyteller_review_approved_b_idx\` ON \`stories\` (\`storyteller_review_approved_by_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_contact_email_index_idx\` ON \`stories\` (\`contact_email_index\`);`)
  await db.run(sql`CREATE INDEX \`stories_contact_phone_index_idx\` ON \`stories\` (\`contact_phone_index\`);`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`legal_name\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`contact_email\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`contact_phone\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`contact_retention_until\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`contact_retention_reason\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`seal_id\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`contact_email_index\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`contact_phone_index\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`storyteller_review_state\` text DEFAULT 'not_needed';`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`storyteller_review_content_hash\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`storyteller_review_approved_hash\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`storyteller_review_approved_at\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`storyteller_review_approved_by_id\` text(36) REFERENCES users(id);`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`storyteller_review_approval_method\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`storyteller_review_offline_who\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`storyteller_review_offline_evidence\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`storyteller_review_note\` text;`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`storyteller_review_approved_content\` text;`)
  await db.run(sql`CREATE INDEX \`artworks_contact_email_index_idx\` ON \`artworks\` (\`contact_email_index\`);`)
  await db.run(sql`CREATE INDEX \`artworks_contact_phone_index_idx\` ON \`artworks\` (\`contact_phone_index\`);`)
  await db.run(sql`CREATE INDEX \`artworks_storyteller_review_storyteller_review_state_idx\` ON \`artworks\` (\`storyteller_review_state\`);`)
  await db.run(sql`CREATE INDEX \`artworks_storyteller_review_storyteller_review_approved__idx\` ON \`artworks\` (\`storyteller_review_approved_by_id\`);`)
  await db.run(sql`ALTER TABLE \`consent_records\` ADD \`seal_id\` text;`)
  await db.run(sql`ALTER TABLE \`payload_jobs\` ADD \`concurrency_key\` text;`)
  await db.run(sql`ALTER TABLE \`payload_jobs\` ADD \`meta\` text;`)
  await db.run(sql`CREATE INDEX \`payload_jobs_concurrency_key_idx\` ON \`payload_jobs\` (\`concurrency_key\`);`)
  // Names and contacts stored plain by earlier releases are sealed in place (src/safety/reseal.ts).
  await resealAll(payload, req)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`stories_content_notes\`;`)
  await db.run(sql`DROP TABLE \`artworks_content_notes\`;`)
  await db.run(sql`DROP TABLE \`safety\`;`)
  await db.run(sql`DROP TABLE \`safety_rels\`;`)
  await db.run(sql`DROP TABLE \`payload_jobs_stats\`;`)
  await db.run(sql`PRAGMA foreign_keys=OFF;`)
  await db.run(sql`CREATE TABLE \`__new_stories\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`language\` text DEFAULT 'en' NOT NULL,
  	\`display_name\` text,
  	\`pseudonym\` text,
  	\`location\` text,
  	\`status\` text DEFAULT 'submitted' NOT NULL,
  	\`published_at\` text,
  	\`owner_id\` text(36),
  	\`created_by_id\` text(36),
  	\`content_changed_by_id\` text(36),
  	\`sent_to_review_by_id\` text(36),
  	\`approved_by_id\` text(36),
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
  	\`management_token_hash\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`owner_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`created_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`content_changed_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`sent_to_review_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`approved_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`consent_record_id\`) REFERENCES \`consent_records\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`INSERT INTO \`__new_stories\`("id", "language", "display_name", "pseudonym", "location", "status", "published_at", "owner_id", "created_by_id", "content_changed_by_id", "sent_to_review_by_id", "approved_by_id", "consent_state", "consent_gallery", "consent_partners", "consent_social", "consent_press", "consent_named", "consent_photo", "consent_voice", "consent_given_at", "consent_expires_at", "consent_record_id", "review_notes", "safety_checklist_identifying_details_removed", "safety_checklist_third_parties_protected", "safety_checklist_location_coarse", "safety_checklist_images_checked", "legal_name", "contact_email", "contact_phone", "management_token_hash", "updated_at", "created_at") SELECT "id", "language", "display_name", "pseudonym", "location", "status", "published_at", "owner_id", "created_by_id", "content_changed_by_id", "sent_to_review_by_id", "approved_by_id", "consent_state", "consent_gallery", "consent_partners", "consent_social", "consent_press", "consent_named", "consent_photo", "consent_voice", "consent_given_at", "consent_expires_at", "consent_record_id", "review_notes", "safety_checklist_identifying_details_removed", "safety_checklist_third_parties_protected", "safety_checklist_location_coarse", "safety_checklist_images_checked", "legal_name", "contact_email", "contact_phone", "management_token_hash", "updated_at", "created_at" FROM \`stories\`;`)
  await db.run(sql`DROP TABLE \`stories\`;`)
  await db.run(sql`ALTER TABLE \`__new_stories\` RENAME TO \`stories\`;`)
  await db.run(sql`PRAGMA foreign_keys=ON;`)
  await db.run(sql`CREATE INDEX \`stories_status_idx\` ON \`stories\` (\`status\`);`)
  await db.run(sql`CREATE INDEX \`stories_published_at_idx\` ON \`stories\` (\`published_at\`);`)
  await db.run(sql`CREATE INDEX \`stories_owner_idx\` ON \`stories\` (\`owner_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_created_by_idx\` ON \`stories\` (\`created_by_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_content_changed_by_idx\` ON \`stories\` (\`content_changed_by_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_sent_to_review_by_idx\` ON \`stories\` (\`sent_to_review_by_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_approved_by_idx\` ON \`stories\` (\`approved_by_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_consent_consent_state_idx\` ON \`stories\` (\`consent_state\`);`)
  await db.run(sql`CREATE INDEX \`stories_consent_consent_gallery_idx\` ON \`stories\` (\`consent_gallery\`);`)
  await db.run(sql`CREATE INDEX \`stories_consent_consent_expires_at_idx\` ON \`stories\` (\`consent_expires_at\`);`)
  await db.run(sql`CREATE INDEX \`stories_consent_consent_record_idx\` ON \`stories\` (\`consent_record_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_management_token_hash_idx\` ON \`stories\` (\`management_token_hash\`);`)
  await db.run(sql`CREATE INDEX \`stories_updated_at_idx\` ON \`stories\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`stories_created_at_idx\` ON \`stories\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`__new_artworks\` (
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
  	\`content_changed_by_id\` text(36),
  	\`sent_to_review_by_id\` text(36),
  	\`approved_by_id\` text(36),
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
  	FOREIGN KEY (\`content_changed_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`sent_to_review_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`approved_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`consent_record_id\`) REFERENCES \`consent_records\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`INSERT INTO \`__new_artworks\`("id", "artist_id", "credit_line", "medium", "year", "image_id", "licence", "status", "published_at", "owner_id", "created_by_id", "content_changed_by_id", "sent_to_review_by_id", "approved_by_id", "consent_state", "consent_gallery", "consent_partners", "consent_social", "consent_press", "consent_named", "consent_photo", "consent_voice", "consent_given_at", "consent_expires_at", "consent_record_id", "updated_at", "created_at") SELECT "id", "artist_id", "credit_line", "medium", "year", "image_id", "licence", "status", "published_at", "owner_id", "created_by_id", "content_changed_by_id", "sent_to_review_by_id", "approved_by_id", "consent_state", "consent_gallery", "consent_partners", "consent_social", "consent_press", "consent_named", "consent_photo", "consent_voice", "consent_given_at", "consent_expires_at", "consent_record_id", "updated_at", "created_at" FROM \`artworks\`;`)
  await db.run(sql`DROP TABLE \`artworks\`;`)
  await db.run(sql`ALTER TABLE \`__new_artworks\` RENAME TO \`artworks\`;`)
  await db.run(sql`CREATE INDEX \`artworks_artist_idx\` ON \`artworks\` (\`artist_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_image_idx\` ON \`artworks\` (\`image_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_status_idx\` ON \`artworks\` (\`status\`);`)
  await db.run(sql`CREATE INDEX \`artworks_published_at_idx\` ON \`artworks\` (\`published_at\`);`)
  await db.run(sql`CREATE INDEX \`artworks_owner_idx\` ON \`artworks\` (\`owner_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_created_by_idx\` ON \`artworks\` (\`created_by_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_content_changed_by_idx\` ON \`artworks\` (\`content_changed_by_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_sent_to_review_by_idx\` ON \`artworks\` (\`sent_to_review_by_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_approved_by_idx\` ON \`artworks\` (\`approved_by_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_consent_consent_state_idx\` ON \`artworks\` (\`consent_state\`);`)
  await db.run(sql`CREATE INDEX \`artworks_consent_consent_gallery_idx\` ON \`artworks\` (\`consent_gallery\`);`)
  await db.run(sql`CREATE INDEX \`artworks_consent_consent_expires_at_idx\` ON \`artworks\` (\`consent_expires_at\`);`)
  await db.run(sql`CREATE INDEX \`artworks_consent_consent_record_idx\` ON \`artworks\` (\`consent_record_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_updated_at_idx\` ON \`artworks\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`artworks_created_at_idx\` ON \`artworks\` (\`created_at\`);`)
  await db.run(sql`DROP INDEX \`payload_jobs_concurrency_key_idx\`;`)
  await db.run(sql`ALTER TABLE \`payload_jobs\` DROP COLUMN \`concurrency_key\`;`)
  await db.run(sql`ALTER TABLE \`payload_jobs\` DROP COLUMN \`meta\`;`)
  await db.run(sql`ALTER TABLE \`consent_records\` DROP COLUMN \`seal_id\`;`)
}
