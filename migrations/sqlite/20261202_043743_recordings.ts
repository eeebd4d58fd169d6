import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
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
  await db.run(sql`ALTER TABLE \`stories_locales\` ADD \`transcript\` text;`)
  await db.run(sql`ALTER TABLE \`stories_rels\` ADD \`recordings_id\` text(36) REFERENCES recordings(id);`)
  await db.run(sql`CREATE INDEX \`stories_rels_recordings_id_idx\` ON \`stories_rels\` (\`recordings_id\`);`)
  await db.run(sql`ALTER TABLE \`artworks_locales\` ADD \`transcript\` text;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`artworks_rels\`;`)
  await db.run(sql`DROP TABLE \`recordings\`;`)
  await db.run(sql`PRAGMA foreign_keys=OFF;`)
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
  await db.run(sql`PRAGMA foreign_keys=ON;`)
  await db.run(sql`CREATE INDEX \`stories_rels_order_idx\` ON \`stories_rels\` (\`order\`);`)
  await db.run(sql`CREATE INDEX \`stories_rels_parent_idx\` ON \`stories_rels\` (\`parent_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_rels_path_idx\` ON \`stories_rels\` (\`path\`);`)
  await db.run(sql`CREATE INDEX \`stories_rels_campaigns_id_idx\` ON \`stories_rels\` (\`campaigns_id\`);`)
  await db.run(sql`CREATE INDEX \`stories_rels_media_id_idx\` ON \`stories_rels\` (\`media_id\`);`)
  await db.run(sql`ALTER TABLE \`stories_locales\` DROP COLUMN \`transcript\`;`)
  await db.run(sql`ALTER TABLE \`artworks_locales\` DROP COLUMN \`transcript\`;`)
}
