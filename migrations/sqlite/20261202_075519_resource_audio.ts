import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE \`resources_audio\` (
  	\`_order\` integer NOT NULL,
  	\`_parent_id\` text(36) NOT NULL,
  	\`id\` text PRIMARY KEY NOT NULL,
  	\`language\` text NOT NULL,
  	\`recording_id\` text(36) NOT NULL,
  	FOREIGN KEY (\`recording_id\`) REFERENCES \`recordings\`(\`id\`) ON UPDATE no action ON DELETE set null,
  	FOREIGN KEY (\`_parent_id\`) REFERENCES \`resources\`(\`id\`) ON UPDATE no action ON DELETE cascade
  );
  `)
  await db.run(sql`CREATE INDEX \`resources_audio_order_idx\` ON \`resources_audio\` (\`_order\`);`)
  await db.run(sql`CREATE INDEX \`resources_audio_parent_id_idx\` ON \`resources_audio\` (\`_parent_id\`);`)
  await db.run(sql`CREATE INDEX \`resources_audio_recording_idx\` ON \`resources_audio\` (\`recording_id\`);`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE \`resources_audio\`;`)
}
