// SPDX-License-Identifier: Apache-2.0

package parser

import (
	"io"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/qapi-gen/qapi-gen/source"
)

// The value grammar, as participle structs. Only objects and lists become
// nodes: a node records its tokens (Tokens[0] is its opening bracket,
// whose Pos.Offset is its index in the file's token slice) and the objects
// and lists directly inside it, in order. Keys and scalars are read back
// from the tokens, so participle captures no strings at all: every
// capture costs participle reflection and allocations. For the same
// reason both booleans are one token type (Bool), and String, the most
// common value, is the first alternative tried.

// pValue is any value: a scalar, or an object or list node.
type pValue struct {
	Node *pNode `parser:"String | @@ | Bool"`
}

// pNode is an object or a list.
type pNode struct {
	Tokens []lexer.Token
	Kids   []*pNode `parser:"  LBrace ( String Colon ( String | @@ | Bool ) ( Comma String Colon ( String | @@ | Bool ) )* )? RBrace | LBracket ( ( String | @@ | Bool ) ( Comma ( String | @@ | Bool ) )* )? RBracket"`
}

// grammar parses one value. Lookahead 0 makes participle commit to a
// branch as soon as it has consumed a token, so a failure is reported at
// the first token that cannot continue the value, where QEMU's recursive
// descent parser fails too.
var grammar = participle.MustBuild[pValue](
	participle.Lexer(Definition),
	participle.UseLookahead(0),
)

// Participle token types, one per tokKind; tokEOF is participle's EOF.
var tokenTypes = [...]lexer.TokenType{
	tokEOF:        lexer.EOF,
	tokLBrace:     1,
	tokRBrace:     2,
	tokColon:      3,
	tokComma:      4,
	tokLBracket:   5,
	tokRBracket:   6,
	tokString:     7,
	tokTrue:       8, // booleans are one token type for the grammar
	tokFalse:      8,
	tokComment:    10,
	tokDocComment: 11,
	tokError:      12,
}

var tokenSymbols = map[string]lexer.TokenType{
	"EOF":        lexer.EOF,
	"LBrace":     1,
	"RBrace":     2,
	"Colon":      3,
	"Comma":      4,
	"LBracket":   5,
	"RBracket":   6,
	"String":     7,
	"Bool":       8,
	"Comment":    10,
	"DocComment": 11,
	"Error":      12,
}

// Definition is the QAPI lexer as a participle lexer.Definition. It
// yields the tokens QEMU's parser sees outside doc blocks: single '#'
// comments are dropped, a lexical error becomes an Error token (its Value
// the message) followed by EOF. A token's Pos.Offset is its index among
// all tokens, comments included; Line and Column are QEMU's.
var Definition lexer.Definition = definition{}

type definition struct{}

func (definition) Symbols() map[string]lexer.TokenType {
	m := make(map[string]lexer.TokenType, len(tokenSymbols))
	for k, v := range tokenSymbols {
		m[k] = v
	}
	return m
}

func (d definition) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexBytes(filename, b)
}

func (definition) LexBytes(filename string, b []byte) (lexer.Lexer, error) {
	text, ok := normalizeSource(b)
	if !ok {
		return nil, &source.Error{Msg: filename + ": invalid UTF-8"}
	}
	s := newScanner(text, filename, nil, &source.Pragma{})
	toks := s.lexAll()
	l := newTokenLexer(toks, text, 0, len(toks)-1)
	l.err, l.file, l.withPos = s.err, filename, true
	return l, nil
}

func (d definition) LexString(filename string, s string) (lexer.Lexer, error) {
	return d.LexBytes(filename, []byte(s))
}

// tokenLexer feeds the tokens from index i to index last to participle,
// leaving out single '#' comments, then EOF. The parser itself needs
// only token indexes (withPos false): positions and values are read back
// from the tokens when needed.
type tokenLexer struct {
	toks    []token
	src     string
	err     *source.Error // the lexical error, if any
	file    string
	i       int
	last    int
	withPos bool
}

// newTokenLexer returns a tokenLexer for toks[i:last+1] and an EOF after
// it (toks' own when last is its final token).
func newTokenLexer(toks []token, src string, i, last int) *tokenLexer {
	return &tokenLexer{toks: toks, src: src, i: i, last: last}
}

func (l *tokenLexer) Next() (lexer.Token, error) {
	for l.i < l.last && l.toks[l.i].kind == tokComment {
		l.i++
	}
	i := l.i
	if i > l.last {
		// The end of the range: EOF, placed at the next token.
		return lexer.Token{Type: lexer.EOF, Pos: lexer.Position{Offset: i}}, nil
	}
	if i < len(l.toks)-1 {
		l.i++
	}
	t := &l.toks[i]
	lt := lexer.Token{Type: tokenTypes[t.kind], Pos: lexer.Position{Offset: i}}
	if l.withPos {
		switch t.kind {
		case tokString:
			lt.Value = t.str(l.src)
		case tokDocComment:
			lt.Value = t.text(l.src)
		case tokError:
			lt.Value = l.err.Msg
		}
		lt.Pos.Filename = l.file
		lt.Pos.Line = int(t.line)
		lt.Pos.Column = column(l.src, t.pos)
	}
	return lt, nil
}
