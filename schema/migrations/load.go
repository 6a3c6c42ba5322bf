package migrations

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/faultline/faultline/internal/safefile"
)

// load reads one file and blanks what is not applied. A file that cannot be used
// returns a Problem and an empty Script; a file that applies only in part returns
// both.
func load(c candidate) (Script, *Problem) {
	fail := func(offset int, data []byte, msg string) (Script, *Problem) {
		p := &Problem{File: c.rel, Message: msg}
		if offset >= 0 {
			p.Line, p.Column = position(data, offset)
		}
		return Script{}, p
	}
	b, err := safefile.Read(c.path)
	if err != nil {
		return fail(-1, nil, fmt.Sprintf("cannot read the file (%v); fix its permissions or remove it from the migrations", unwrapPath(err)))
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return fail(i, b, "the file is binary (it holds a NUL byte), not SQL; remove it from the migrations")
	}
	if i := invalidUTF8(b); i >= 0 {
		return fail(i, b, "the file is not valid UTF-8; convert it to UTF-8 (for example with iconv -t UTF-8)")
	}
	safefile.LoneCRToLF(b)

	format := c.format
	// An editor's byte order mark is not SQL; PostgreSQL would reject it.
	if bytes.HasPrefix(b, []byte("\uFEFF")) {
		blank(b, 0, 3)
	}
	m := findMarkers(b)
	var missingUp string
	switch {
	case m.goose:
		format = Goose
		if !keepUp(b, gooseMarker, false) {
			missingUp = "-- +goose Up"
		}
	case m.sqlMigrate:
		format = SQLMigrate
		if !keepUp(b, sqlMigrateMarker, false) {
			missingUp = "-- +migrate Up"
		}
	case m.dbmate:
		format = Dbmate
		if !keepUp(b, dbmateMarker, false) {
			missingUp = "-- migrate:up"
		}
	case m.tern:
		format = Tern
		keepUp(b, ternMarker, true)
	case format == "" && c.atlas && c.class == versioned:
		format = Atlas
	}
	if format == "" {
		format = Plain
	}
	r := scrubPsql(b)
	if format == Plain && (r.psql || looksLikePgDump(b)) {
		format = PgDump
	}

	switch {
	case missingUp != "":
		return fail(-1, nil, fmt.Sprintf("no %q annotation, so nothing in the file is applied; add it above the SQL to apply", missingUp))
	case !r.sql:
		return fail(-1, nil, "the file has no SQL to apply (only whitespace, comments or what is never applied); add the migration's statements or delete the file")
	}
	version := c.version
	if c.class != versioned {
		version = ""
	}
	s := Script{File: c.rel, Format: format, Version: version, Text: string(b)}
	if r.openCopy >= 0 {
		// What comes before the COPY still applies; say what was swallowed.
		_, p := fail(r.openCopy, b, `COPY ... FROM stdin has no closing \. line, so psql reads the rest of the file as its data and no statement after it is applied; end the data with a line holding only \.`)
		return s, p
	}
	return s, nil
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8, or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// blank overwrites b[from:to] with spaces, keeping the line breaks where they are.
func blank(b []byte, from, to int) {
	for i := from; i < to; i++ {
		if b[i] != '\n' && b[i] != '\r' {
			b[i] = ' '
		}
	}
}

// looksLikePgDump reports the marks pg_dump leaves in a schema dump, even one stripped
// of its header as Rails' and GitLab's structure.sql are.
func looksLikePgDump(b []byte) bool {
	head := b[:min(len(b), 4096)]
	return bytes.Contains(head, []byte("-- PostgreSQL database dump")) ||
		bytes.Contains(head, []byte("-- Dumped from database version")) ||
		bytes.HasPrefix(b, []byte("ALTER TABLE ONLY ")) ||
		bytes.Contains(b, []byte("\nALTER TABLE ONLY "))
}
