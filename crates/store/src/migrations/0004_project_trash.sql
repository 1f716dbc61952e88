-- Projects go to the trash too (with their maps); the trash empties itself after 30 days.
ALTER TABLE projects ADD COLUMN deleted_at INTEGER;
