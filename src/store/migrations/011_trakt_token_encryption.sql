-- Trakt tokens are sealed at rest (AES-256-GCM, src/store/secret-box.ts) under the key with this id. Rows from
-- before (key_id null) hold plain text and are sealed the first time they are read with a key configured.
alter table trakt_tokens add column key_id text;
