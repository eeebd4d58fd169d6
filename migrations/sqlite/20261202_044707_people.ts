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
  await db.run(sql`ALTER TABLE \`consent_records\` ADD \`for_person\` integer DEFAULT false;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`stories_people_faces\`;`)
  await db.run(sql`DROP TABLE \`stories_people\`;`)
  await db.run(sql`DROP TABLE \`artworks_people_faces\`;`)
  await db.run(sql`DROP TABLE \`artworks_people\`;`)
  await db.run(sql`ALTER TABLE \`consent_records\` DROP COLUMN \`for_person\`;`)
}
