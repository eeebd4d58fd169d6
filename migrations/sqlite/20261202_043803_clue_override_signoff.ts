import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`stories\` ADD \`storyteller_review_signoff_required\` integer DEFAULT false;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`clue_override_reason\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`clue_override_clues\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`clue_override_by_id\` text(36) REFERENCES users(id);`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`clue_override_at\` text;`)
  await db.run(sql`CREATE INDEX \`stories_clue_override_clue_override_by_idx\` ON \`stories\` (\`clue_override_by_id\`);`)
  await db.run(sql`ALTER TABLE \`artworks\` ADD \`storyteller_review_signoff_required\` integer DEFAULT false;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
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
  await db.run(sql`ALTER TABLE \`artworks\` DROP COLUMN \`storyteller_review_signoff_required\`;`)
}
