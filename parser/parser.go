// SPDX-License-Identifier: Apache-2.0

// Package parser reads a QAPI schema file and the files it includes into
// top-level expressions and doc comments, reproducing QEMU's schema
// reader (scripts/qapi/parser.py): same acceptance, same error messages,
// same positions, same order of errors.
//
// Values are parsed by a participle grammar fed by a hand-written lexer;
// the top level (directives, doc comments, includes) is a plain loop over
// the token stream, because QEMU interleaves lexing, parsing and directive
// processing and reports whichever error it meets first. Included files
// are pre-parsed in parallel (prefetch.go); the walk over their items stays
// sequential.
package parser

import (
	"errors"
	"os"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/qapi-gen/qapi-gen/doc"
	"github.com/qapi-gen/qapi-gen/source"
)

// Options control how a schema is read.
type Options struct {
	// Legacy accepts the schema language of QEMU before 6.2: the pragma
	// names 'returns-whitelist' and 'name-case-whitelist', and the older
	// doc comment conventions (it implies LenientDocs).
	Legacy bool
	// LenientDocs reads doc comments with the conventions of QEMU before
	// 10.0 (doc.Options.Legacy) without accepting the old pragma names:
	// for schemas that are otherwise current.
	LenientDocs bool
	// Auto serves callers that recognise the language from the schema
	// itself: the old pragma names are accepted as with Legacy (and
	// Schema.OldPragma records where), and errors in doc comments are
	// *doc.ConventionError, for the caller to try the older doc conventions.
	Auto bool
	// ReadFile reads a schema file; nil means reading it from disk,
	// where only regular files are read (a device or a FIFO could be
	// read forever or block). Files larger than MaxFileSize are refused
	// either way. With a
	// ReadFile that serves files from memory the parser never touches
	// the disk. Included files are read ahead, possibly from another
	// goroutine and possibly in vain when an error ends parsing first,
	// but calls never overlap.
	ReadFile func(name string) ([]byte, error)
}

// Parse reads the schema file and everything it includes. Errors are
// *source.Error.
func Parse(file string, opts Options) (*Schema, error) {
	r := newRun(opts)
	data, err := r.readFile(file)
	if err != nil {
		return nil, &source.Error{Msg: "can't read schema file '" + file + "': " + strerror(err)}
	}
	return r.parseRoot(file, data)
}

// ParseBytes parses data as the schema file named file. Included files
// are read with opts.ReadFile.
func ParseBytes(file string, data []byte, opts Options) (*Schema, error) {
	return newRun(opts).parseRoot(file, data)
}

// run is the state shared by all files of one schema. It belongs to the
// goroutine that called Parse; only files (the prefetcher) is shared with
// the goroutines that pre-parse included files.
type run struct {
	opts     Options
	cwd      string          // for absolute names, as Python's abspath
	included map[string]bool // absolute names of files read so far
	// open counts the absolute names of the files being walked: the
	// file of the current item and those whose include directives led
	// to it. An include of one of them is a loop.
	open   map[string]int
	schema *Schema
	lines  []doc.Line // reused buffer for doc block lines
	files  *prefetcher
}

func newRun(opts Options) *run {
	r := &run{opts: opts, included: map[string]bool{}, open: map[string]int{}, cwd: "/"}
	if opts.ReadFile == nil {
		// Only a real file system has a meaningful working directory;
		// for in-memory files any fixed one identifies files as well.
		if wd, err := os.Getwd(); err == nil {
			r.cwd = wd
		}
	}
	r.schema = &Schema{Pragma: &source.Pragma{}}
	r.files = newPrefetcher(&r.opts, r.schema.Pragma)
	return r
}

func (r *run) readFile(name string) ([]byte, error) {
	return r.files.readFile(name)
}

func (r *run) parseRoot(file string, data []byte) (*Schema, error) {
	// Whatever happens, no pre-parsing goroutine outlives Parse.
	defer r.files.finish()
	pf := preparse(file, data, &r.opts, r.schema.Pragma, &r.lines, nil)
	r.files.prefetch(pf.includes(), false)
	if err := r.parseFile(pf, nil, abspath(r.cwd, file)); err != nil {
		return nil, err
	}
	return r.schema, nil
}

// parseFile walks the top-level items of a pre-parsed file in order,
// exactly as QEMU's parser meets them: doc blocks, definitions, and the
// include and pragma directives, which depend on what was read before.
// An error stops the walk where QEMU stops. abs is the file's absolute
// name.
func (r *run) parseFile(pf *parsedFile, parent *source.Info, abs string) error {
	r.included[abs] = true
	r.open[abs]++
	defer func() { r.open[abs]-- }()
	if pf.badUTF8 {
		// Python refuses to decode the file (and QEMU crashes); report it
		// the way an unreadable file is reported.
		const why = "invalid UTF-8"
		if parent == nil {
			return &source.Error{Msg: "can't read schema file '" + pf.fname + "': " + why}
		}
		return source.Errorf(parent, "can't read include file '%s': %s", pf.fname, why)
	}
	if pf.panicked != nil {
		// Pre-parsing this file panicked: do so here, as without
		// pre-parsing, rather than take the process down from another
		// goroutine.
		panic(pf.panicked)
	}
	pf.sc.setParent(parent)
	var curDoc *doc.Doc
	for i := range pf.items {
		it := &pf.items[i]
		switch it.kind {
		case tokEOF:
			return rejectExprDoc(curDoc)
		case tokError:
			return pf.lexErr
		}
		info := pf.sc.infoAt(it.line)
		if it.kind == tokDocComment {
			if err := rejectExprDoc(curDoc); err != nil {
				return err
			}
			if it.err != nil {
				return it.err
			}
			curDoc = it.doc
			r.schema.Docs = append(r.schema.Docs, it.doc)
			continue
		}

		if it.err != nil {
			return it.err
		}
		obj, isObj := it.val.(*Object)
		if !isObj {
			return source.Errorf(info, "top-level expression must be an object")
		}
		switch {
		case obj.Has("include"):
			if err := rejectExprDoc(curDoc); err != nil {
				return err
			}
			if err := r.include(pf.fname, obj, info); err != nil {
				return err
			}
		case obj.Has("pragma"):
			if err := rejectExprDoc(curDoc); err != nil {
				return err
			}
			if err := r.pragma(obj, info); err != nil {
				return err
			}
		default:
			if curDoc != nil && curDoc.Symbol == "" {
				return source.Errorf(curDoc.Info, "definition documentation required")
			}
			r.schema.Exprs = append(r.schema.Exprs, &Expr{Obj: obj, Info: info, Doc: curDoc})
		}
		curDoc = nil
	}
	// preparse ends the items with EOF or an error unless it was stopped,
	// which happens only once this walk is over.
	return &source.Error{Info: parent, Msg: "internal error: incomplete parse of " + pf.fname}
}

// fileParser reads the values and doc blocks of one file. The file is
// lexed up front; next is the index of the token QEMU's parser holds in
// self.tok (never a single '#' comment). Nothing here depends on where
// the file is included, so any goroutine may run it.
type fileParser struct {
	opts  *Options
	fname string
	src   string
	toks  []token
	sc    *scanner // for line positions
	// lexErr is the lexical error the file's tokens end with, if any:
	// the error for its tokError token.
	lexErr *source.Error
	next   int
	lines  *[]doc.Line // reusable buffer of the goroutine running it
}

// current returns the current token and its index.
func (p *fileParser) current() (*token, int) {
	return &p.toks[p.next], p.next
}

// skipTo makes the first token from index i on that is not a comment
// the current one.
func (p *fileParser) skipTo(i int) {
	for p.toks[i].kind == tokComment {
		i++
	}
	p.next = i
}

// valueEnd returns the index of the last token of the value starting at
// index start, as far as brackets tell: the bracket that brings the
// nesting back to zero, or the file's last token when none does. Where
// the value is malformed, participle fails at or before that token, so
// it need not see any further.
func (p *fileParser) valueEnd(start int) int {
	depth := 0
	for i := start; i < len(p.toks); i++ {
		switch p.toks[i].kind {
		case tokLBrace, tokLBracket:
			depth++
		case tokRBrace, tokRBracket:
			depth--
		case tokEOF, tokError:
			return len(p.toks) - 1
		}
		if depth <= 0 {
			return i
		}
	}
	return len(p.toks) - 1
}

func rejectExprDoc(d *doc.Doc) error {
	if d != nil && d.Symbol != "" {
		return source.Errorf(d.Info, "documentation for '%s' is not followed by the definition", d.Symbol)
	}
	return nil
}

// getValue parses the value starting at token index start and moves past
// it, as QEMU's get_expr does. QEMU has then lexed the token after the
// value, so a lexical error there is reported now, before the caller
// looks at the value.
func (p *fileParser) getValue(start int) (Value, error) {
	// Each value gets a participle token stream of its own: small and
	// short-lived, where one for the whole file would hold a copy of all
	// its tokens until the file is done.
	pl, err := lexer.Upgrade(newTokenLexer(p.toks, p.src, start, p.valueEnd(start)))
	if err != nil {
		return nil, err // tokenLexer never fails
	}
	tree, err := grammar.ParseFromLexer(pl, participle.AllowTrailing(true))
	if err != nil {
		at := len(p.toks) - 1
		var perr participle.Error
		if errors.As(err, &perr) {
			at = perr.Position().Offset
		}
		return nil, p.syntaxError(start, at)
	}
	p.skipTo(pl.Peek().Pos.Offset)
	val, err := p.build(tree, start)
	if err != nil {
		return nil, err
	}
	if next, _ := p.current(); next.kind == tokError {
		return nil, p.lexErr
	}
	return val, nil
}

// getDoc reads the doc block whose "##" line is token index start and
// hands its lines to the doc parser. Inside a block, single '#' comments
// count; anything else ends the block.
func (p *fileParser) getDoc(start int) (*doc.Doc, error) {
	lines := (*p.lines)[:0]
	lines = append(lines, p.docLine(&p.toks[start]))
	var lexErr *source.Error
	end := start + 1
	for ; ; end++ {
		t := &p.toks[end]
		if t.kind != tokComment && t.kind != tokDocComment {
			if t.kind == tokError {
				lexErr = p.lexErr
			}
			lines = append(lines, doc.Line{
				Info: p.sc.infoAt(t.line), Col: column(p.src, t.pos), NotComment: true,
			})
			break
		}
		lines = append(lines, p.docLine(t))
		if t.kind == tokDocComment {
			break
		}
	}
	*p.lines = lines
	closed := !lines[len(lines)-1].NotComment
	if closed {
		// Move past the block. QEMU has then lexed the next token, before
		// its final checks of the block's sections.
		p.skipTo(end + 1)
	}
	next, _ := p.current()
	d, err := p.readDoc(lines)
	if err == nil && !closed {
		// Cannot happen with a correct doc parser; never loop on it.
		last := lines[len(lines)-1]
		err = &source.Error{Info: last.Info, Col: last.Col, Msg: "documentation comment must end with '##'"}
	}
	if err != nil {
		var se *source.Error
		if errors.As(err, &se) {
			if !closed && lexErr != nil && se.Msg == "documentation comment must end with '##'" {
				return nil, lexErr
			}
			// QEMU from 9.2 makes this check after lexing the next token,
			// older QEMU (Legacy) before; lenient docs do not change that.
			if closed && next.kind == tokError && !p.opts.Legacy &&
				strings.HasPrefix(se.Msg, "text required after '") {
				return nil, p.lexErr
			}
		}
		return nil, err
	}
	if next.kind == tokError {
		return nil, p.lexErr
	}
	return d, nil
}

// readDoc parses the lines of a doc block. In Auto mode its errors are
// marked as doc.ConventionError: the conventions of older releases may accept the
// block.
func (p *fileParser) readDoc(lines []doc.Line) (*doc.Doc, error) {
	d, err := doc.Parse(lines, doc.Options{Legacy: p.opts.Legacy || p.opts.LenientDocs})
	if err != nil && p.opts.Auto {
		return nil, &doc.ConventionError{Err: err}
	}
	return d, err
}

func (p *fileParser) docLine(t *token) doc.Line {
	return doc.Line{Info: p.sc.infoAt(t.line), Col: column(p.src, t.pos), Text: t.text(p.src)}
}
