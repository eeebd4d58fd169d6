import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`public_changes\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`keys\` text NOT NULL,
  	\`origin\` text NOT NULL,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
  );
  `)
  await db.run(sql`CREATE INDEX \`public_changes_updated_at_idx\` ON \`public_changes\` (\`updated_at\`);`)
  await db.run(sql`CREATE INDEX \`public_changes_created_at_idx\` ON \`public_changes\` (\`created_at\`);`)
  await db.run(sql`DROP TABLE \`public_state\`;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`content_changed_by_id\` text(36) REFERENCES users(id);`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`sent_to_review_by_id\` text(36) REFERENCES users(id);`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`approved_by_id\` text(36) REFERENCES users(id);`)
  await db.run(sql`CREATE INDEX \`stories_content_changed_by_idx\` ON \`stories\` (\`content_changed_by_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_sent_to_review_by_idx\` ON \`stories\` (\`sent_to_review_by_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_approved_by_idx\` ON \`stories\` (\`approved_by_id\`);`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`content_changed_by_id\` text(36) REFERENCES users(id);`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`sent_to_review_by_id\` text(36) REFERENCES users(id);`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`approved_by_id\` text(36) REFERENCES users(id);`)
  await db.run(sql`CREATE INDEX \`artworks_content_changed_by_idx\` ON \`artworks\` (\`content_changed_by_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_sent_to_review_by_idx\` ON \`artworks\` (\`sent_to_review_by_id\`);`)
  await db.run(sql`CREATE INDEX \`artworks_approved_by_idx\` ON \`artworks\` (\`approved_by_id\`);`)
  await db.run(sql`ALTER TABLE \`payload_locked_documents_rels\` ADD \`public_changes_id\` text(36) REFERENCES public_changes(id);`)
  await db.run(sql`CREATE INDEX \`payload_locked_documents_rels_public_changes_id_idx\` ON \`payload_locked_documents_rels\` (\`public_changes_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`public_state\` (
  	\`id\` text(36) PRIMARY KEY NOT NULL,
  	\`counter\` numeric DEFAULT 0,
  	\`updated_at\` text,
  	\`created_at\` text
  );
  `)
  await db.run(sql`DROP TABLE \`public_changes\`;`)
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
  	FOREIGN KEY (\`consent_record_id\`) REFERENCES \`consent_records\`(\`id\`) ON UPDATE no action ON DELETE set null
  );
  `)
  await db.run(sql`INSERT INTO \`__new_stories\`("id", "language", "display_name", "pseudonym", "location", "status", "published_at", "owner_id", "created_by_id", "consent_state", "consent_gallery", "consent_partners", "consent_social", "consent_press", "consent_named", "consent_photo", "consent_voice", "consent_given_at", "consent_expires_at", "consent_record_id", "review_notes", "safety_checklist_identifying_details_removed", "safety_checklist_third_parties_protected", "safety_checklist_location_coarse", "safety_checklist_images_checked", "legal_name", "contact_email", "contact_phone", "management_token_hash", "updated_at", "created_at") SELECT "id", "language", "display_name", "pseudonym", "location", "status", "published_at", "owner_id", "created_by_id", "consent_state", "consent_gallery", "consent_partners", "consent_social", "consent_press", "consent_named", "consent_photo", "consent_voice", "consent_given_at", "consent_expires_at", "consent_record_id", "review_notes", "safety_checklist_identifying_details_removed", "safety_checklist_third_parties_protected", "safety_checklist_location_coarse", "safety_checklist_images_checked", "legal_name", "contact_email", "contact_phone", "management_token_hash", "updated_at", "created_at" FROM \`stories\`;`)
  await db.run(sql`DROP TABLE \`stories\`;`)
  await db.run(sql`ALTER TABLE \`__new_stories\` RENAME TO \`stories\`;`)
  await db.run(sql`PRAGMA foreign_keys=ON;`)
  await db.run(sql`CREATE INDEX \`stories_status_idx\` ON \`stories\` (\`status\`);`)
  await db.run(sql`CREATE INDEX \`stories_published_at_idx\` ON \`stories\` (\`published_at\`);`)
  await db.run(sql`CREATE INDEX \`stories_owner_idx\` ON \`stories\` (\`owner_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_created_by_idx\` ON \`stories\` (\`created_by_id\`);`)
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
  await db.run(sql`INSERT INTO \`__new_artworks\`("id", "artist_id", "credit_line", "medium", "year", "image_id", "licence", "status", "published_at", "owner_id", "created_by_id", "consent_state", "consent_gallery", "consent_partners", "consent_social", "consent_press", "consent_named", "consent_photo", "consent_voice", "consent_given_at", "consent_expires_at", "consent_record_id", "updated_at", "created_at") SELECT "id", "artist_id", "credit_line", "medium", "year", "image_id", "licence", "status", "published_at", "owner_id", "created_by_id", "consent_state", "consent_gallery", "consent_partners", "consent_social", "consent_press", "consent_named", "consent_photo", "consent_voice", "consent_given_at", "consent_expires_at", "consent_record_id", "updated_at", "created_at" FROM \`artworks\`;`)
  await db.run(sql`DROP TABLE \`artworks\`;`)
  await db.run(sql`ALTER TABLE \`__new_artworks\` RENAME TO \`artworks\`;`)
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
  	FOREIGN KEY (\`parent_id\`) REFERENCES \`payload_locked_documents\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`campaigns_id\`) REFERENCES \`campaigns\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`consent_records_id\`) REFERENCES \`consent_records\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`consent_texts_id\`) REFERENCES \`consent_texts\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`users_id\`) REFERENCES \`users\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`partners_id\`) REFERENCES \`partners\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`audit_log_id\`) REFERENCES \`audit_log\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`consent_tombstones_id\`) REFERENCES \`consent_tombstones\`(\`id\`) ON UPDATE no action ON DELETE cascade,
  	FOREIGN KEY (\`kit_assets_id\`) REFERENCES \`kit_assets\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`INSERT INTO \`__new_payload_locked_documents_rels\`("id", "order", "parent_id", "path", "campaigns_id", "consent_records_id", "consent_texts_id", "users_id", "partners_id", "audit_log_id", "consent_tombstones_id", "kit_assets_id") SELECT "id", "order", "parent_id", "path", "campaigns_id", "consent_records_id", "consent_texts_id", "users_id", "partners_id", "audit_log_id", "consent_tombstones_id", "kit_assets_id" FROM \`payload_locked_documents_rels\`;`)
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
}
