-- newsmine corpus database, schema version 3 (PRAGMA user_version).
-- Documents own their analysis: deleting a document deletes its mentions, quotes and topics.
-- Entities and speakers are shared across documents (one row per real-world thing).

-- Facts about the whole database, e.g. which encoder made the quote embeddings (version 2).
CREATE TABLE IF NOT EXISTS settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS documents (
    pk           INTEGER PRIMARY KEY,           -- stable rowid for the FTS index
    id           TEXT NOT NULL UNIQUE,
    url          TEXT,
    source       TEXT,
    date         TEXT,                          -- ISO 8601 (YYYY-MM-DD...) or NULL
    title        TEXT,
    text         TEXT NOT NULL,
    language     TEXT NOT NULL DEFAULT 'en',
    content_hash TEXT NOT NULL,                 -- what was analysed: reruns skip unchanged documents
    analyzed_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);

CREATE TABLE IF NOT EXISTS entities (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,                        -- canonical name
    type  TEXT NOT NULL,
    UNIQUE (name, type)
);

CREATE TABLE IF NOT EXISTS entity_aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias     TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (alias, entity_id)
);

-- Cross-language merge keys (version 3): "Токаев" and "Tokayev" share a key, so the entity
-- first stored under one spelling takes the other (corpus/name_keys.py).
CREATE TABLE IF NOT EXISTS entity_keys (
    key       TEXT NOT NULL,
    type      TEXT NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    PRIMARY KEY (key, type)
);

CREATE TABLE IF NOT EXISTS mentions (
    id          INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id   INTEGER NOT NULL REFERENCES entities(id),
    name        TEXT NOT NULL,                  -- the entity's fullest name in this document
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id, document_id);
CREATE INDEX IF NOT EXISTS mentions_document ON mentions(document_id);

CREATE TABLE IF NOT EXISTS speakers (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    key  TEXT NOT NULL UNIQUE                   -- cross-script name key used to merge variants
);

CREATE TABLE IF NOT EXISTS quotes (
    id           INTEGER PRIMARY KEY,
    document_id  TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('direct', 'indirect')),
    text         TEXT NOT NULL,
    speaker      TEXT,
    speaker_id   INTEGER REFERENCES speakers(id),
    speaker_role TEXT,
    speaker_org  TEXT,
    cue          TEXT,
    embedding    BLOB                           -- float32 vector (settings.embeddings_encoder), for --similar
);
CREATE INDEX IF NOT EXISTS quotes_document ON quotes(document_id);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_id);
CREATE INDEX IF NOT EXISTS quotes_org ON quotes(speaker_org);

CREATE TABLE IF NOT EXISTS quote_topics (
    quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    label    TEXT NOT NULL,
    PRIMARY KEY (quote_id, label)
);
CREATE INDEX IF NOT EXISTS quote_topics_label ON quote_topics(label);

CREATE TABLE IF NOT EXISTS topics (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    score       REAL NOT NULL,
    PRIMARY KEY (document_id, label)
);
CREATE INDEX IF NOT EXISTS topics_label ON topics(label);

-- Full text over documents and quotes, kept in sync by triggers (external content tables).
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    title, text, content='documents', content_rowid='pk', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_au AFTER UPDATE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;

CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
    text, speaker, speaker_role, speaker_org, content='quotes', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker, speaker_role, speaker_org)
    VALUES (new.id, new.text, new.speaker, new.speaker_role, new.speaker_org);
END;
CREATE TRIGGER IF NOT EXISTS quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker, speaker_role, speaker_org)
    VALUES ('delete', old.id, old.text, old.speaker, old.speaker_role, old.speaker_org);
END;
CREATE TRIGGER IF NOT EXISTS quotes_au AFTER UPDATE OF text, speaker, speaker_role, speaker_org ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker, speaker_role, speaker_org)
    VALUES ('delete', old.id, old.text, old.speaker, old.speaker_role, old.speaker_org);
    INSERT INTO quotes_fts(rowid, text, speaker, speaker_role, speaker_org)
    VALUES (new.id, new.text, new.speaker, new.speaker_role, new.speaker_org);
END;
