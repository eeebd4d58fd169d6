import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

import { resealAll } from '../../src/safety/reseal'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
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
  await db.run(sql`ALTER TABLE \`stories\` ADD \`contact_retention_until\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`contact_retention_reason\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`seal_id\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`contact_email_index\` text;`)
  await db.run(sql`ALTER TABLE \`stories\` ADD \`contact_phone_index\` text;`)
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
  await db.run(sql`CREATE INDEX \`artworks_contact_email_index_idx\` ON \`artworks\` (\`contact_email_index\`);`)
  await db.run(sql`CREATE INDEX \`artworks_contact_phone_index_idx\` ON \`artworks\` (\`contact_phone_index\`);`)
  await db.run(sql`ALTER TABLE \`consent_records\` ADD \`seal_id\` text;`)
  await db.run(sql`ALTER TABLE \`payload_jobs\` ADD \`meta\` text;`)
  // Names and contacts stored plain by earlier releases are sealed in place (src/safety/reseal.ts).
  await resealAll(payload, req)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`safety\`;`)
  await db.run(sql`DROP TABLE \`safety_rels\`;`)
  await db.run(sql`DROP TABLE \`payload_jobs_stats\`;`)
  await db.run(sql`DROP INDEX \`stories_contact_email_index_idx\`;`)
  await db.run(sql`DROP INDEX \`stories_contact_phone_index_idx\`;`)
  await db.run(sql`ALTER TABLE \`stories\` DROP COLUMN \`contact_retention_until\`;`)
  await db.run(sql`ALTER TABLE \`stories\` DROP COLUMN \`contact_retention_reason\`;`)
  await db.run(sql`ALTER TABLE \`stories\` DROP COLUMN \`seal_id\`;`)
  await db.run(sql`ALTER TABLE \`stories\` DROP COLUMN \`contact_email_index\`;`)
  await db.run(sql`ALTER TABLE \`stories\` DROP COLUMN \`contact_phone_index\`;`)
  await db.run(sql`DROP INDEX \`artworks_contact_email_index_idx\`;`)
  await db.run(sql`DROP INDEX \`artworks_contact_phone_index_idx\`;`)
  await db.run(sql`ALTER TABLE \`artworks\` DROP COLUMN \`legal_name\`;`)
  await db.run(sql`ALTER TABLE \`artworks\` DROP COLUMN \`contact_email\`;`)
  await db.run(sql`ALTER TABLE \`artworks\` DROP COLUMN \`contact_phone\`;`)
  await db.run(sql`ALTER TABLE \`artworks\` DROP COLUMN \`contact_retention_until\`;`)
  await db.run(sql`ALTER TABLE \`artworks\` DROP COLUMN \`contact_retention_reason\`;`)
  await db.run(sql`ALTER TABLE \`artworks\` DROP COLUMN \`seal_id\`;`)
  await db.run(sql`ALTER TABLE \`artworks\` DROP COLUMN \`contact_email_index\`;`)
  await db.run(sql`ALTER TABLE \`artworks\` DROP COLUMN \`contact_phone_index\`;`)
  await db.run(sql`ALTER TABLE \`consent_records\` DROP COLUMN \`seal_id\`;`)
  await db.run(sql`ALTER TABLE \`payload_jobs\` DROP COLUMN \`meta\`;`)
}
