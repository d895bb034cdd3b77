// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"strings"
	"unicode/utf8"

	"github.com/qapi-gen/qapi-gen/source"
)

// tokKind is the kind of a schema token.
type tokKind uint8

const (
	tokEOF tokKind = iota
	tokLBrace
	tokRBrace
	tokColon
	tokComma
	tokLBracket
	tokRBracket
	tokString
	tokTrue
	tokFalse
	// tokComment is a comment, from '#' to the end of the line.
	tokComment
	// tokDocComment is a comment starting with "##": it opens or closes a
	// doc block, and cannot occur inside a value.
	tokDocComment
	// tokError stands for a lexical error; the token carries the error.
	tokError
)

// token is one lexed token: a third of the tokens of a schema are
// strings, so it is kept small and holds only the source's byte offsets.
// Its text, string value and QEMU-style column are computed when needed.
type token struct {
	pos  int   // byte offset of the token's first character
	end  int   // byte offset after its last character
	line int32 // 1-based line number, for scanner.infoAt
	kind tokKind
}

// scanner is the hand-written QAPI lexer. It mirrors QEMU's lexer: it is
// pulled one token at a time, so later lexical errors stay unseen until the
// parser gets there, and whether single '#' comments are skipped depends on
// what the parser is reading.
type scanner struct {
	src    string // text, ending in '\n'
	cursor int
	line   int
	file   string
	parent *source.Info
	pragma *source.Pragma
	// lineInfos holds line positions by line number, made when first
	// asked for; infos is their allocation arena.
	lineInfos []*source.Info
	infos     []source.Info
	err       *source.Error // the lexical error, once met
}

func newScanner(src string, file string, parent *source.Info, pragma *source.Pragma) *scanner {
	return &scanner{src: src, file: file, parent: parent, pragma: pragma, line: 1}
}

// infoAt returns the shared position of a line. Most lines never need
// one (only the first line of a definition, doc comments and errors do),
// so they are created on demand, one per line.
func (s *scanner) infoAt(line int32) *source.Info {
	if s.lineInfos == nil {
		s.lineInfos = make([]*source.Info, strings.Count(s.src, "\n")+1)
	}
	if info := s.lineInfos[line]; info != nil {
		return info
	}
	if len(s.infos) == cap(s.infos) {
		s.infos = make([]source.Info, 0, 64)
	}
	s.infos = append(s.infos, source.Info{
		File: s.file, Line: int(line), Parent: s.parent, Pragma: s.pragma,
	})
	info := &s.infos[len(s.infos)-1]
	s.lineInfos[line] = info
	return info
}

// lexAll lexes the whole file. The tokens end with EOF, or with the first
// lexical error followed by EOF: QEMU stops there, and as it lexes lazily,
// everything before the error gets parsed (and may fail) first.
func (s *scanner) lexAll() []token {
	// Comments make up much of a schema; this guess avoids regrowing.
	toks := make([]token, 0, len(s.src)/12+16)
	depth := 0
	for {
		t := s.next()
		toks = append(toks, t)
		switch t.kind {
		case tokEOF:
			return toks
		case tokError:
			return append(toks, token{kind: tokEOF, pos: t.pos, end: t.pos, line: t.line})
		case tokLBrace, tokLBracket:
			// Bracket counting equals the nesting depth wherever the
			// text before is valid, and elsewhere a syntax error comes
			// first.
			depth++
			if depth > maxDepth {
				e := s.errTok(t.pos, "nesting too deep")
				return append(toks, e, token{kind: tokEOF, pos: e.pos, end: e.pos, line: e.line})
			}
		case tokRBrace, tokRBracket:
			depth = max(depth-1, 0)
		}
	}
}

// next returns the next token. Comments are tokens: QEMU skips single
// '#' comments except inside doc blocks, which the parser knows about and
// the lexer need not.
func (s *scanner) next() token {
	src := s.src
	for {
		pos := s.cursor
		c := src[pos]
		s.cursor++
		switch c {
		case '#':
			end := strings.IndexByte(src[pos:], '\n') + pos
			s.cursor = end
			if src[pos+1] == '#' {
				return s.tok(tokDocComment, pos, end)
			}
			return s.tok(tokComment, pos, end)
		case '{':
			return s.tok(tokLBrace, pos, pos+1)
		case '}':
			return s.tok(tokRBrace, pos, pos+1)
		case ':':
			return s.tok(tokColon, pos, pos+1)
		case ',':
			return s.tok(tokComma, pos, pos+1)
		case '[':
			return s.tok(tokLBracket, pos, pos+1)
		case ']':
			return s.tok(tokRBracket, pos, pos+1)
		case '\'':
			return s.lexString(pos)
		case '\n':
			if s.cursor == len(src) {
				s.cursor = pos // stay at EOF for further calls
				return s.tok(tokEOF, pos, pos)
			}
			s.line++
		case ' ', '\t':
		default:
			if strings.HasPrefix(src[pos:], "true") {
				s.cursor = pos + 4
				return s.tok(tokTrue, pos, pos+4)
			}
			if strings.HasPrefix(src[pos:], "false") {
				s.cursor = pos + 5
				return s.tok(tokFalse, pos, pos+5)
			}
			r, size := rune(c), 1
			if c >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(src[pos:])
			}
			if isSpace(r) {
				s.cursor = pos + size
				continue
			}
			end := pos
			for end < len(src) {
				r, size := utf8.DecodeRuneInString(src[end:])
				if isSpace(r) || strings.ContainsRune("[]{}:,'", r) {
					break
				}
				end += size
			}
			s.cursor = pos
			return s.errTok(pos, "stray '"+src[pos:end]+"'")
		}
	}
}

func (s *scanner) tok(kind tokKind, pos, end int) token {
	return token{kind: kind, pos: pos, end: end, line: int32(s.line)}
}

// errTok returns an error token at pos and keeps the error in s.err. The
// scanner stays on the error: QEMU stops at the first one.
func (s *scanner) errTok(pos int, msg string) token {
	t := s.tok(tokError, pos, pos)
	s.err = &source.Error{Info: s.infoAt(t.line), Col: column(s.src, pos), Msg: msg}
	s.cursor = len(s.src) - 1
	return t
}

// lexString lexes a string starting at the quote at pos. Only "\\" is an
// escape, and only printable ASCII may appear.
func (s *scanner) lexString(pos int) token {
	src := s.src
	i := pos + 1
	for {
		c := src[i]
		switch {
		case c == '\'':
			s.cursor = i + 1
			return s.tok(tokString, pos, i+1)
		case c == '\n':
			return s.errTok(pos, `missing terminating "'"`)
		case c == '\\':
			e := src[i+1]
			if e == '\n' {
				return s.errTok(pos, `missing terminating "'"`)
			}
			if e != '\\' {
				r, _ := utf8.DecodeRuneInString(src[i+1:])
				return s.errTok(pos, `unknown escape \`+string(r))
			}
			i += 2
		case c < 32 || c >= 127:
			return s.errTok(pos, "funny character in string")
		default:
			i++
		}
	}
}

// text is the token's source text: the whole comment from '#' for
// comments.
func (t *token) text(src string) string {
	return src[t.pos:t.end]
}

// str is the value of a string token. It shares memory with the source
// unless the string contains escapes; the lexer has checked that each is
// a doubled backslash.
func (t *token) str(src string) string {
	s := src[t.pos+1 : t.end-1]
	if strings.IndexByte(s, '\\') >= 0 {
		s = strings.ReplaceAll(s, `\\`, `\`)
	}
	return s
}

// column is QEMU's column of byte offset pos: characters (not bytes)
// counted from 1 from the start of its line, where a tab maps the column
// c to (c+7)%8+1 exactly as QEMU computes it.
func column(src string, pos int) int {
	lineStart := strings.LastIndexByte(src[:pos], '\n') + 1
	col := 1
	for _, r := range src[lineStart:pos] {
		if r == '\t' {
			col = (col+7)%8 + 1
		} else {
			col++
		}
	}
	return col
}

// isSpace is Python's str.isspace(), which QEMU's lexer uses to skip
// whitespace and to end a stray token.
func isSpace(r rune) bool {
	switch {
	case r == ' ', r >= '\t' && r <= '\r', r >= 0x1c && r <= 0x1f:
		return true
	case r < 0x85:
		return false
	case r == 0x85, r == 0xa0, r == 0x1680, r >= 0x2000 && r <= 0x200a,
		r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000:
		return true
	}
	return false
}

// normalizeSource turns file bytes into the text QEMU's lexer sees:
// Python's text mode turns "\r\n" and "\r" into "\n", and the parser
// appends a final newline when missing. ok is false for invalid UTF-8,
// which Python refuses to decode.
func normalizeSource(b []byte) (text string, ok bool) {
	if !utf8.Valid(b) {
		return "", false
	}
	if i := indexCR(b); i >= 0 {
		out := make([]byte, 0, len(b)+1)
		for i := 0; i < len(b); i++ {
			c := b[i]
			if c == '\r' {
				c = '\n'
				if i+1 < len(b) && b[i+1] == '\n' {
					i++
				}
			}
			out = append(out, c)
		}
		b = out
	}
	if len(b) == 0 || b[len(b)-1] != '\n' {
		return string(b) + "\n", true
	}
	return string(b), true
}

func indexCR(b []byte) int {
	for i, c := range b {
		if c == '\r' {
			return i
		}
	}
	return -1
}
