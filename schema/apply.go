package schema

import (
	"errors"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/faultline/faultline/query"
	"github.com/faultline/faultline/schema/migrations"
)

// source is the statement being applied: its text and where it starts.
type source struct {
	// sql is the text the statement's node locations count from (the whole file or
	// the one statement), and text the statement itself within it.
	sql   string
	text  string
	start int // offset of text in sql
	pos   Pos
	errs  []error
	// serial lists the columns declared serial, whose sequences are still to make.
	serial []*Column
	// seqNames holds the SEQUENCE NAME an identity column's options give.
	seqNames map[*Column]Name
}

// identityOptions notes the SEQUENCE NAME among an identity column's options.
func (s *source) identityOptions(col *Column, opts []*pg_query.Node) {
	for _, o := range opts {
		if d := o.GetDefElem(); d != nil && d.Defname == "sequence_name" {
			if s.seqNames == nil {
				s.seqNames = map[*Column]Name{}
			}
			s.seqNames[col] = nameOf(d.Arg.GetList().GetItems())
		}
	}
}

// posAt returns the file position of offset loc of sql, counting lines from the
// statement's start; the statement's own position when loc is unknown.
func (s *source) posAt(loc int) Pos {
	if loc < s.start || loc > len(s.sql) {
		return s.pos
	}
	p := s.pos
	seg := s.sql[s.start:loc]
	p.Offset += len(seg)
	if i := strings.LastIndexByte(seg, '\n'); i >= 0 {
		p.Line += strings.Count(seg, "\n")
		p.Column = len(seg) - i
	} else {
		p.Column += len(seg)
	}
	return p
}

// fail records an error of the statement and lets it go on applying.
func (s *source) fail(err error) {
	if err != nil {
		s.errs = append(s.errs, err)
	}
}

// errorf records an error at the statement's position.
func (s *source) errorf(code, format string, args ...any) {
	s.fail(errorf(s.pos, code, format, args...))
}

// chunkSize is how much SQL one parser call takes at most. Parsing a whole file at
// once is fastest, but its tree and the protobuf it travels in would hold the whole
// file's syntax in memory; statements are handed over in chunks of about this size.
const chunkSize = 256 << 10

// Apply parses text, the contents of file, and applies its statements in order. It
// returns the statements' errors (*Error values), each at its file:line:column; a
// statement that cannot be parsed or applied is reported and the rest still apply.
//
// Function bodies are analyzed later, once every table they may name exists: call
// AnalyzeFunctions after the last Apply.
func (c *Catalog) Apply(file, text string) []error {
	ln := newLines(file, text)
	spans := split(text)
	var errs []error
	for len(spans) > 0 {
		n := 1
		for n < len(spans) && spans[n].end-spans[0].start <= chunkSize {
			n++
		}
		errs = append(errs, c.applyChunk(text, spans[:n], ln)...)
		spans = spans[n:]
	}
	return errs
}

// applyChunk parses the statements of spans in one call and applies them; when the
// chunk holds a syntax error it parses and applies each statement on its own, so
// the error costs only its statement.
func (c *Catalog) applyChunk(text string, spans []span, ln *lines) []error {
	start, end := spans[0].start, spans[len(spans)-1].end
	if end < len(text) {
		end++ // the semicolon
	}
	chunk := text[start:end]
	// query.Parse refuses input nested deep enough to crash libpg_query.
	if res, err := query.Parse(chunk); err == nil {
		var errs []error
		for _, raw := range res.Stmts {
			raw.StmtLocation += int32(start)
			errs = append(errs, c.applyAt(raw, chunk, start, ln)...)
		}
		return errs
	}
	var errs []error
	for _, sp := range spans {
		end := sp.end
		if end < len(text) {
			end++ // the semicolon, so an error at it reads as PostgreSQL's would
		}
		p := text[sp.start:end]
		res, err := query.Parse(p)
		if err != nil {
			off := cursor(p, err)
			if off == 0 {
				off = skipSpace(p, 0)
			}
			errs = append(errs, syntaxError(err, ln.pos(sp.start+off)))
			continue
		}
		for _, raw := range res.Stmts {
			raw.StmtLocation += int32(sp.start)
			errs = append(errs, c.applyAt(raw, p, sp.start, ln)...)
		}
	}
	return errs
}

// cursor returns the byte offset in text a parse error points at, 0 when it points
// nowhere.
func cursor(text string, err error) int {
	var qe *query.ParseError
	if errors.As(err, &qe) {
		return qe.Offset
	}
	var pe *parser.Error
	if errors.As(err, &pe) && pe.Cursorpos > 0 {
		return charToByte(text, pe.Cursorpos-1)
	}
	return 0
}

// syntaxError turns a parser error into an Error at pos.
func syntaxError(err error, pos Pos) *Error {
	msg := err.Error()
	var pe *parser.Error
	var qe *query.ParseError
	switch {
	case errors.As(err, &qe):
		msg = qe.Message
	case errors.As(err, &pe):
		msg = pe.Message
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		// "at or near" quotes the rest of the file after an unterminated literal.
		msg = msg[:i] + `..."`
	}
	return &Error{Pos: pos, Code: CodeSyntaxError, Message: msg}
}

// applyAt applies one statement parsed from sql, which starts at byte base of the
// file; raw.StmtLocation counts from the file's start.
func (c *Catalog) applyAt(raw *pg_query.RawStmt, sql string, base int, ln *lines) []error {
	start := int(raw.StmtLocation) - base
	end := len(sql)
	if raw.StmtLen > 0 {
		end = start + int(raw.StmtLen)
	}
	start = skipSpace(sql, start)
	if start > end {
		start = end
	}
	s := &source{sql: sql, text: sql[start:end], start: start, pos: ln.pos(base + start)}
	c.update(raw.Stmt, s)
	return s.errs
}

// Update applies one parsed statement. sql is the text the statement's node
// locations count from (what was given to pg_query.Parse) and pos where the statement
// starts in its file. The error, if any, is an *Error or several joined.
func (c *Catalog) Update(stmt *pg_query.RawStmt, sql string, pos Pos) error {
	start := int(stmt.StmtLocation)
	end := len(sql)
	if stmt.StmtLen > 0 {
		end = start + int(stmt.StmtLen)
	}
	if start < 0 || start > end || end > len(sql) {
		start, end = 0, len(sql)
	}
	start = skipSpace(sql[:end], start)
	s := &source{sql: sql, text: sql[start:end], start: start, pos: pos}
	c.update(stmt.Stmt, s)
	return errors.Join(s.errs...)
}

// update hands each kind of statement to the method that applies it; statements
// that do not change the catalog's model (indexes, comments, grants, extensions,
// types, ownership, data) are ignored.
func (c *Catalog) update(n *pg_query.Node, s *source) {
	if n == nil {
		return
	}
	switch n := n.Node.(type) {
	case *pg_query.Node_CreateSchemaStmt:
		c.createSchema(n.CreateSchemaStmt, s)
	case *pg_query.Node_CreateStmt:
		c.createTable(n.CreateStmt, s)
	case *pg_query.Node_CreateTableAsStmt:
		if n.CreateTableAsStmt.Objtype == pg_query.ObjectType_OBJECT_MATVIEW {
			c.createMaterializedView(n.CreateTableAsStmt, s)
		} else {
			c.createTableAs(n.CreateTableAsStmt, s)
		}
	case *pg_query.Node_AlterTableStmt:
		c.alterTable(n.AlterTableStmt, s)
	case *pg_query.Node_RenameStmt:
		c.rename(n.RenameStmt, s)
	case *pg_query.Node_AlterObjectSchemaStmt:
		c.setSchema(n.AlterObjectSchemaStmt, s)
	case *pg_query.Node_CreateSeqStmt:
		c.createSequence(n.CreateSeqStmt, s)
	case *pg_query.Node_AlterSeqStmt:
		c.alterSequence(n.AlterSeqStmt, s)
	case *pg_query.Node_ViewStmt:
		c.createView(n.ViewStmt, s)
	case *pg_query.Node_CreateFunctionStmt:
		c.createFunction(n.CreateFunctionStmt, s)
	case *pg_query.Node_IndexStmt:
		c.createIndex(n.IndexStmt, s)
	case *pg_query.Node_CreateTrigStmt:
		c.createTrigger(n.CreateTrigStmt, s)
	case *pg_query.Node_DropStmt:
		c.drop(n.DropStmt, s)
	case *pg_query.Node_VariableSetStmt:
		c.setVariable(n.VariableSetStmt, s)
	case *pg_query.Node_SelectStmt:
		c.selectConfig(n.SelectStmt, s)
	}
}

// Build applies migration scripts in order to a new catalog, then resolves the
// function bodies (AnalyzeFunctions). The errors are *Error values, in order.
func Build(scripts []migrations.Script) (*Catalog, []error) {
	c := New()
	var errs []error
	for _, sc := range scripts {
		errs = append(errs, c.Apply(sc.File, sc.Text)...)
	}
	errs = append(errs, c.AnalyzeFunctions()...)
	return c, errs
}
