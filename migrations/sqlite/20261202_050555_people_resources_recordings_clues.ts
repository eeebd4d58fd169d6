import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`stories_people_faces\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`image_id\` text(36),
  	\`x\` numeric,
  	\`y\` numeric,
  	\`width\` numeric,
  	\`height\` numeric,
  	FOREIGN KEY (\`image_id\`) REFERENCES \`media\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`stories_people\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`stories_people_faces_order_idx\` ON \`stories_people_faces\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`stories_people_faces_parent_id_idx\` ON \`stories_people_faces\` (\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_people_faces_image_idx\` ON \`stories_people_faces\` (\`image_id\`);`)
  await db.run(sql`CREATE TABLE \`stories_people\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text(36) NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`role\` text NOT NULL,
  	\`is_minor\` integer,
  	\`status\` text DEFAULT 'unresolved' NOT NULL,
  	\`consent_record_id\` text(36),
  	\`note\` text,
  	FOREIGN KEY (\`consent_record_id\`) REFERENCES \`consent_records\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`stories\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`stories_people_order_idx\` ON \`stories_people\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`stories_people_parent_id_idx\` ON \`stories_people\` (\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_people_consent_record_idx\` ON \`stories_people\` (\`consent_record_id\`);`)
  await db.run(sql`CREATE TABLE \`artworks_people_faces\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`image_id\` text(36),
  	\`x\` numeric,
  	\`y\` numeric,
  	\`width\` numeric,
  	\`height\` numeric,
  	FOREIGN KEY (\`image_id\`) REFERENCES \`media\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`artworks_people\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`artworks_people_faces_order_idx\` ON \`artworks_people_faces\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`artworks_people_faces_parent_id_idx\` ON \`artworks_people_faces\` (\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_people_faces_image_idx\` ON \`artworks_people_faces\` (\`image_id\`);`)
  await db.run(sql`CREATE TABLE \`artworks_people\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text(36) NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`role\` text NOT NULL,
  	\`is_minor\` integer,
  	\`status\` text DEFAULT 'unresolved' NOT NULL,
  	\`consent_record_id\` text(36),
  	\`note\` text,
  	FOREIGN KEY (\`consent_record_id\`) REFERENCES \`consent_records\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`artworks\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`artworks_people_order_idx\` ON \`artworks_people\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`artworks_people_parent_id_idx\` ON \`artworks_people\` (\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_people_consent_record_idx\` ON \`artworks_people\` (\`consent_record_id\`);`)
  await db.run(sql`CREATE TABLE \`artworks_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` text(36) NOT NULL,
  	\`path\` text NOT NULL,
  	\`recordings_id\` text(36),
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`artworks\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`recordings_id\`) REFERENCES \`recordings\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`artworks_rels_order_idx\` ON \`artworks_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`artworks_rels_parent_idx\` ON \`artworks_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_rels_path_idx\` ON \`artworks_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`artworks_rels_recordings_id_idx\` ON \`artworks_rels\` (\`recordings_id\`);`)
  await db.run(sql`CREATE TABLE \`recordings\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`duration\` numeric,
  	\`peaks\` text,
  	\`opus_filename\` text,
  	\`uploaded_by_id\` text(36),
  	\`prefix\` text DEFAULT '',
  	\`_objectkey\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`url\` text,
  	\`thumbnail_u_r_l\` text,
  	\`filename\` text,
  	\`mime_type\` text,
  	\`filesize\` numeric,
  	\`width\` numeric,
  	\`height\` numeric,
  	\`focal_x\` numeric,
  	\`focal_y\` numeric,
  	FOREIGN KEY (\`uploaded_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`recordings_uploaded_by_idx\` ON \`recordings\` (\`uploaded_by_id\`);`)
  await db.run(sql`CREATE INDEX \`recordings_updated_at_idx\` ON \`recordings\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`recordings_created_at_idx\` ON \`recordings\` (\`created_at\`);`)
  await db.run(sql`CREATE UNIQUE INDEX \`recordings_filename_idx\` ON \`recordings\` (\`filename\`);`)
  await db.run(sql`CREATE TABLE \`resources_phones\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text(36) NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`number\` text NOT NULL,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`resources\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`resources_phones_order_idx\` ON \`resources_phones\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`resources_phones_parent_id_idx\` ON \`resources_phones\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`resources_phones_locales\` (
  	\`hours\` text,
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`_locale\` text NOT NULL,
  	\`_parent_id\` text NOT NULL,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`resources_phones\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`resources_phones_locales_locale_parent_id_unique\` ON \`resources_phones_locales\` (\`_locale\`,\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`resources_phones_locales_parent_idx\` ON \`resources_phones_locales\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`resources_translations\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text(36) NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`lang\` text,
  	\`source_version\` numeric,
  	\`needs_review\` integer,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`resources\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`resources_translations_order_idx\` ON \`resources_translations\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`resources_translations_parent_id_idx\` ON \`resources_translations\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`resources\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`kind\` text NOT NULL,
  	\`area\` text,
  	\`url\` text,
  	\`reviewed_by\` text,
  	\`reviewed_at\` text,
  	\`next_review_at\` text NOT NULL,
  	\`status\` text DEFAULT 'submitted' NOT NULL,
  	\`source_language\` text,
  	\`source_version\` numeric DEFAULT 0,
  	\`published_at\` text,
  	\`created_by_id\` text(36),
  	\`content_changed_by_id\` text(36),
  	\`sent_to_review_by_id\` text(36),
  	\`approved_by_id\` text(36),
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`created_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`content_changed_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`sent_to_review_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`approved_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`CREATE INDEX \`resources_kind_idx\` ON \`resources\` (\`kind\`);`)
  await db.run(sql`CREATE INDEX \`resources_next_review_at_idx\` ON \`resources\` (\`next_review_at\`);`)
  await db.run(sql`CREATE INDEX \`resources_status_idx\` ON \`resources\` (\`status\`);`)
  await db.run(sql`CREATE INDEX \`resources_published_at_idx\` ON \`resources\` (\`published_at\`);`)
  await db.run(sql`CREATE INDEX \`resources_created_by_idx\` ON \`resources\` (\`created_by_id\`);`)
  await db.run(sql`CREATE INDEX \`resources_content_changed_by_idx\` ON \`resources\` (\`content_changed_by_id\`);`)
  await db.run(sql`CREATE INDEX \`resources_sent_to_review_by_idx\` ON \`resources\` (\`sent_to_review_by_id\`);`)
  await db.run(sql`CREATE INDEX \`resources_approved_by_idx\` ON \`resources\` (\`approved_by_id\`);`)
  await db.run(sql`CREATE INDEX \`resources_updated_at_idx\` ON \`resources\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`resources_created_at_idx\` ON \`resources\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`resources_locales\` (
  	\`title\` text NOT NULL,
  	\`summary\` text,
  	\`body\` text,
  	\`card_do_this\` text,
  	\`card_to_agent\` text,
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`_locale\` text NOT NULL,
  	\`_parent_id\` text(36) NOT NULL,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`resources\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE UNIQUE INDEX \`resources_locales_locale_parent_id_unique\` ON \`resources_locales\` (\`_locale\`,\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`resources_locales_parent_idx\` ON \`resources_locales\` (\`_parent_id\`);`)
  await db.run(sql`CREATE TABLE \`resources_texts\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer NOT NULL,
  	\`parent_id\` text(36) NOT NULL,
  	\`path\` text NOT NULL,
  	\`text\` text,
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`resources\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`resources_texts_order_parent\` ON \`resources_texts\` (\`order\`,\`parent_id\`);`)
  await db.run(sql`CREATE TABLE \`resources_rels\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`order\` integer,
  	\`parent_id\` text(36) NOT NULL,
  	\`path\` text NOT NULL,
  	\`campaigns_id\` text(36),
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`resources\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`campaigns_id\`) REFERENCES \`campaigns\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`resources_rels_order_idx\` ON \`resources_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`resources_rels_parent_idx\` ON \`resources_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`resources_rels_path_idx\` ON \`resources_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`resources_rels_campaigns_id_idx\` ON \`resources_rels\` (\`campaigns_id\`);`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`storyteller_review_signoff_required\` integer DEFAULT false;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`clue_override_reason\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`clue_override_clues\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`clue_override_by_id\` text(36) REFERENCES users(id);`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`clue_override_at\` text;`)
  await db.run(sql`CREATE INDEX \`stories_clue_override_clue_override_by_idx\` ON \`stories\` (\`clue_override_by_id\`);`)
  await db.run(sql`ALTER TABLE \`stories_locales\` ADD \`transcript\` text;`)
  await db.run(sql`ALTER TABLE \`stories_rels\` ADD \`recordings_id\` text(36) REFERENCES recordings(id);`)
  await db.run(sql`CREATE INDEX \`stories_rels_recordings_id_idx\` ON \`stories_rels\` (\`recordings_id\`);`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`storyteller_review_signoff_required\` integer DEFAULT false;`)
  await db.run(sql`ALTER TABLE \`artworks_locales\` ADD \`transcript\` text;`)
  await db.run(sql`ALTER TABLE \`consent_records\` ADD \`for_person\` integer DEFAULT false;`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`resources_id\` text(36) REFERENCES resources(id);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_resources_id_idx\` ON \`payload_locked_documents_rels\` (\`resources_id\`);`)
  // Items that already have a storyteller (an owner or a management link) need their sign-off
  // for good, as new ones get it from the system (src/workflow/storytellerReview.ts).
  await db.run(sql`UPDATE \`stories\` SET \`storyteller_review_signoff_required\` = 1 WHERE \`owner_id\` IS NOT NULL OR \`management_token_hash\` IS NOT NULL;`)
  await db.run(sql`UPDATE \`artworks\` SET \`storyteller_review_signoff_required\` = 1 WHERE \`owner_id\` IS NOT NULL;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`stories_people_faces\`;`)
  await db.run(sql`DROP TABLE \`stories_people\`;`)
  await db.run(sql`DROP TABLE \`artworks_people_faces\`;`)
  await db.run(sql`DROP TABLE \`artworks_people\`;`)
  await db.run(sql`DROP TABLE \`artworks_rels\`;`)
  await db.run(sql`DROP TABLE \`recordings\`;`)
  await db.run(sql`DROP TABLE \`resources_phones\`;`)
  await db.run(sql`DROP TABLE \`resources_phones_locales\`;`)
  await db.run(sql`DROP TABLE \`resources_translations\`;`)
  await db.run(sql`DROP TABLE \`resources\`;`)
  await db.run(sql`DROP TABLE \`resources_locales\`;`)
  await db.run(sql`DROP TABLE \`resources_texts\`;`)
  await db.run(sql`DROP TABLE \`resources_rels\`;`)
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
  	\`storyteller_review_state\` text DEFAULT 'not_needed',
  	\`storyteller_review_content_hash\` text,
  	\`storyteller_review_approved_hash\` text,
  	\`storyteller_review_approved_at\` text,
  	\`storyteller_review_approved_by_id\` text(36),
  	\`storyteller_review_approval_method\` text,
  	\`storyteller_review_offline_who\` text,
  	\`storyteller_review_offline_evidence\` text,
  	\`storyteller_review_note\` text,
  	\`storyteller_review_approved_content\` text,
  	\`review_notes\` text,
  	\`safety_checklist_identifying_details_removed\` integer,
  	\`safety_checklist_third_parties_protected\` integer,
  	\`safety_checklist_location_coarse\` integer,
  	\`safety_checklist_images_checked\` integer,
  	\`legal_name\` text,
  	\`contact_email\` text,
  	\`contact_phone\` text,
  	\`management_token_hash\` text,
  	\`contact_retention_until\` text,
  	\`contact_retention_reason\` text,
  	\`seal_id\` text,
  	\`contact_email_index\` text,
  	\`contact_phone_index\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	FOREIGN KEY (\`owner_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`created_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`content_changed_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`sent_to_review_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`approved_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`consent_record_id\`) REFERENCES \`consent_records\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`storyteller_review_approved_by_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`INSERT INTO \`__new_stories\`("id", "language", "display_name", "pseudonym", "location", "status", "published_at", "owner_id", "created_by_id", "content_changed_by_id", "sent_to_review_by_id", "approved_by_id", "consent_state", "consent_gallery", "consent_partners", "consent_social", "consent_press", "consent_named", "consent_photo", "consent_voice", "consent_given_at", "consent_expires_at", "consent_record_id", "storyteller_review_state", "storyteller_review_content_hash", "storyteller_review_approved_hash", "storyteller_review_approved_at", "storyteller_review_approved_by_id", "storyteller_review_approval_method", "storyteller_review_offline_who", "storyteller_review_offline_evidence", "storyteller_review_note", "storyteller_review_approved_content", "review_notes", "safety_checklist_identifying_details_removed", "safety_checklist_third_parties_protected", "safety_checklist_location_coarse", "safety_checklist_images_checked", "legal_name", "contact_email", "contact_phone", "management_token_hash", "contact_retention_until", "contact_retention_reason", "seal_id", "contact_email_index", "contact_phone_index", "updated_at", "created_at") SELECT "id", "language", "display_name", "pseudonym", "location", "status", "published_at", "owner_id", "created_by_id", "content_changed_by_id", "sent_to_review_by_id", "approved_by_id", "consent_state", "consent_gallery", "consent_partners", "consent_social", "consent_press", "consent_named", "consent_photo", "consent_voice", "consent_given_at", "consent_expires_at", "consent_record_id", "storyteller_review_state", "storyteller_review_content_hash", "storyteller_review_approved_hash", "storyteller_review_approved_at", "storyteller_review_approved_by_id", "storyteller_review_approval_method", "storyteller_review_offline_who", "storyteller_review_offline_evidence", "storyteller_review_note", "storyteller_review_approved_content", "review_notes", "safety_checklist_identifying_details_removed", "safety_checklist_third_parties_protected", "safety_checklist_location_coarse", "safety_checklist_images_checked", "legal_name", "contact_email", "contact_phone", "management_token_hash", "contact_retention_until", "contact_retention_reason", "seal_id", "contact_email_index", "contact_phone_index", "updated_at", "created_at" FROM \`stories\`;`)
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
  await db.run(sql`CREATE INDEX \`stories_storyteller_review_storyteller_review_state_idx\` ON \`stories\` (\`storyteller_review_state\`);`)
  await db.run(sql`CREATE INDEX \`stories_storyteller_review_storyteller_review_approved_b_idx\` ON \`stories\` (\`storyteller_review_approved_by_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_management_token_hash_idx\` ON \`stories\` (\`management_token_hash\`);`)
  await db.run(sql`CREATE INDEX \`stories_contact_email_index_idx\` ON \`stories\` (\`contact_email_index\`);`)
  await db.run(sql`CREATE INDEX \`stories_contact_phone_index_idx\` ON \`stories\` (\`contact_phone_index\`);`)
  await db.run(sql`CREATE INDEX \`stories_updated_at_idx\` ON \`stories\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`stories_created_at_idx\` ON \`stories\` (\`created_at\`);`)
  await db.run(sql`CREATE TABLE \`__new_stories_rels\` (
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
  await db.run(sql`INSERT INTO \`__new_stories_rels\`("id", "order", "parent_id", "path", "campaigns_id", "media_id") SELECT "id", "order", "parent_id", "path", "campaigns_id", "media_id" FROM \`stories_rels\`;`)
  await db.run(sql`DROP TABLE \`stories_rels\`;`)
  await db.run(sql`ALTER TABLE \`__new_stories_rels\` RENAME TO \`stories_rels\`;`)
  await db.run(sql`CREATE INDEX \`stories_rels_order_idx\` ON \`stories_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`stories_rels_parent_idx\` ON \`stories_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_rels_path_idx\` ON \`stories_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`stories_rels_campaigns_id_idx\` ON \`stories_rels\` (\`campaigns_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_rels_media_id_idx\` ON \`stories_rels\` (\`media_id\`);`)
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
  	\`consent_tombstones_id\` text(36),
  	\`kit_assets_id\` text(36),
  	\`public_changes_id\` text(36),
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`payload_locked_documents\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`campaigns_id\`) REFERENCES \`campaigns\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`consent_records_id\`) REFERENCES \`consent_records\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`consent_texts_id\`) REFERENCES \`consent_texts\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`users_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`partners_id\`) REFERENCES \`partners\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`audit_log_id\`) REFERENCES \`audit_log\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`consent_tombstones_id\`) REFERENCES \`consent_tombstones\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`kit_assets_id\`) REFERENCES \`kit_assets\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`public_changes_id\`) REFERENCES \`public_changes\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`INSERT INTO \`__new_payload_locked_documents_rels\`("id", "order", "parent_id", "path", "campaigns_id", "consent_records_id", "consent_texts_id", "users_id", "partners_id", "audit_log_id", "consent_tombstones_id", "kit_assets_id", "public_changes_id") SELECT "id", "order", "parent_id", "path", "campaigns_id", "consent_records_id", "consent_texts_id", "users_id", "partners_id", "audit_log_id", "consent_tombstones_id", "kit_assets_id", "public_changes_id" FROM \`payload_locked_documents_rels\`;`)
  await db.run(sql`DROP TABLE \`payload_locked_documents_rels\`;`)
  await db.run(sql`ALTER TABLE \`__new_payload_locked_documents_rels\` RENAME TO \`payload_locked_documents_rels\`;`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_order_idx\` ON \`payload_locked_documents_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_parent_idx\` ON \`payload_locked_documents_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_path_idx\` ON \`payload_locked_documents_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_campaigns_id_idx\` ON \`payload_locked_documents_rels\` (\`campaigns_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_consent_records_id_idx\` ON \`payload_locked_documents_rels\` (\`consent_records_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_consent_texts_id_idx\` ON \`payload_locked_documents_rels\` (\`consent_texts_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_users_id_idx\` ON \`payload_locked_documents_rels\` (\`users_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_partners_id_idx\` ON \`payload_locked_documents_rels\` (\`partners_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_audit_log_id_idx\` ON \`payload_locked_documents_rels\` (\`audit_log_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_consent_tombstones_id_idx\` ON \`payload_locked_documents_rels\` (\`consent_tombstones_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_kit_assets_id_idx\` ON \`payload_locked_documents_rels\` (\`kit_assets_id\`);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_public_changes_id_idx\` ON \`payload_locked_documents_rels\` (\`public_changes_id\`);`)
  await db.run(sql`ALTER TABLE \`stories_locales\` DROP COLUMN \`transcript\`;`)
  await db.run(sql`ALTER TABLE \`artworks\` DROP COLUMN \`storyteller_review_signoff_required\`;`)
  await db.run(sql`ALTER TABLE \`artworks_locales\` DROP COLUMN \`transcript\`;`)
  await db.run(sql`ALTER TABLE \`consent_records\` DROP COLUMN \`for_person\`;`)
}
