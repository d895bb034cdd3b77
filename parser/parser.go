// Package parser reads a QAPI schema file and the files it includes into
// top-level expressions and doc comments, reproducing QEMU's schema
// reader (scripts/qapi/parser.py): same acceptance, same error messages,
// same positions, same order of errors.
//
// Values are parsed by a participle grammar fed by a hand-written lexer;
// the top level (directives, doc comments, includes) is a plain loop over
// the token stream, because QEMU interleaves lexing, parsing and directive
// processing and reports whichever error it meets first.
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
	// ReadFile reads a schema file; nil means os.ReadFile. With a
	// ReadFile that serves files from memory the parser never touches
	// the disk.
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

// run is the state shared by all files of one schema.
type run struct {
	opts     Options
	cwd      string          // for absolute names, as Python's abspath
	included map[string]bool // absolute names of files read so far
	schema   *Schema
	lines    []doc.Line // reused buffer for doc block lines
}

func newRun(opts Options) *run {
	r := &run{opts: opts, included: map[string]bool{}, cwd: "/"}
	if opts.ReadFile == nil {
		// Only a real file system has a meaningful working directory;
		// for in-memory files any fixed one identifies files as well.
		if wd, err := os.Getwd(); err == nil {
			r.cwd = wd
		}
	}
	r.schema = &Schema{Pragma: &source.Pragma{}}
	return r
}

func (r *run) readFile(name string) ([]byte, error) {
	if r.opts.ReadFile != nil {
		return r.opts.ReadFile(name)
	}
	return os.ReadFile(name)
}

func (r *run) parseRoot(file string, data []byte) (*Schema, error) {
	if err := r.parseFile(file, data, nil); err != nil {
		return nil, err
	}
	return r.schema, nil
}

// fileParser parses one file. The file is lexed up front; pl is the
// participle view of its tokens (comments left out), whose next token is
// the one QEMU's parser holds in self.tok.
type fileParser struct {
	r     *run
	fname string
	src   string
	toks  []token
	sc    *scanner // for line positions
	// lexErr is the lexical error the file's tokens end with, if any:
	// the error for its tokError token.
	lexErr *source.Error
	pl     *lexer.PeekingLexer
}

func (r *run) parseFile(fname string, data []byte, parent *source.Info) error {
	r.included[abspath(r.cwd, fname)] = true
	text, ok := normalizeSource(data)
	if !ok {
		// Python refuses to decode the file (and QEMU crashes); report it
		// the way an unreadable file is reported.
		const why = "invalid UTF-8"
		if parent == nil {
			return &source.Error{Msg: "can't read schema file '" + fname + "': " + why}
		}
		return source.Errorf(parent, "can't read include file '%s': %s", fname, why)
	}
	s := newScanner(text, fname, parent, r.schema.Pragma)
	toks := s.lexAll()
	pl, err := lexer.Upgrade(&tokenLexer{toks: toks, src: text})
	if err != nil {
		return err // tokenLexer never fails
	}
	p := &fileParser{r: r, fname: fname, src: text, toks: toks, sc: s, lexErr: s.err, pl: pl}
	return p.parse()
}

// current returns the current token and its index.
func (p *fileParser) current() (*token, int) {
	i := p.pl.Peek().Pos.Offset
	return &p.toks[i], i
}

func (p *fileParser) parse() error {
	var curDoc *doc.Doc
	for {
		tok, i := p.current()
		switch tok.kind {
		case tokEOF:
			return rejectExprDoc(curDoc)
		case tokError:
			return p.lexErr
		}
		info := p.sc.infoAt(tok.line)
		if tok.kind == tokDocComment {
			if err := rejectExprDoc(curDoc); err != nil {
				return err
			}
			d, err := p.getDoc(i)
			if err != nil {
				return err
			}
			curDoc = d
			p.r.schema.Docs = append(p.r.schema.Docs, d)
			continue
		}

		val, err := p.getValue(i)
		if err != nil {
			return err
		}
		obj, isObj := val.(*Object)
		if !isObj {
			return source.Errorf(info, "top-level expression must be an object")
		}
		switch {
		case obj.Has("include"):
			if err := rejectExprDoc(curDoc); err != nil {
				return err
			}
			if err := p.include(obj, info); err != nil {
				return err
			}
		case obj.Has("pragma"):
			if err := rejectExprDoc(curDoc); err != nil {
				return err
			}
			if err := p.pragma(obj, info); err != nil {
				return err
			}
		default:
			if curDoc != nil && curDoc.Symbol == "" {
				return source.Errorf(curDoc.Info, "definition documentation required")
			}
			p.r.schema.Exprs = append(p.r.schema.Exprs, &Expr{Obj: obj, Info: info, Doc: curDoc})
		}
		curDoc = nil
	}
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
	tree, err := grammar.ParseFromLexer(p.pl, participle.AllowTrailing(true))
	if err != nil {
		at := len(p.toks) - 1
		var perr participle.Error
		if errors.As(err, &perr) {
			at = perr.Position().Offset
		}
		return nil, p.syntaxError(start, at)
	}
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
	lines := p.r.lines[:0]
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
	p.r.lines = lines
	closed := !lines[len(lines)-1].NotComment
	if closed {
		// Move past the block. QEMU has then lexed the next token, before
		// its final checks of the block's sections.
		for !p.pl.Peek().EOF() && p.pl.Peek().Pos.Offset <= end {
			p.pl.Next()
		}
	}
	next, _ := p.current()
	lenient := p.r.opts.Legacy || p.r.opts.LenientDocs
	d, err := doc.Parse(lines, doc.Options{Legacy: lenient})
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
			if closed && next.kind == tokError && !p.r.opts.Legacy &&
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

func (p *fileParser) docLine(t *token) doc.Line {
	return doc.Line{Info: p.sc.infoAt(t.line), Col: column(p.src, t.pos), Text: t.text(p.src)}
}
