package parser

import (
	"io"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/qapi-gen/qapi-gen/source"
)

// The value grammar, as participle structs. Nodes keep only their
// position: Pos.Offset is the index of the node's first token in the
// file's token slice, from which the values are read back.

type pValue struct {
	Pos     lexer.Position
	Scalar  bool       `parser:"  @(String | True | False)"`
	Members []*pMember `parser:"| LBrace ( @@ ( Comma @@ )* )? RBrace"`
	Elems   []*pValue  `parser:"| LBracket ( @@ ( Comma @@ )* )? RBracket"`
}

// pMember is a member of an object. Scalar values, the common case, are
// kept as their token rather than as a node of their own.
type pMember struct {
	Pos    lexer.Position
	Scalar lexer.Token `parser:"String Colon ( @(String | True | False)"`
	Value  *pValue     `parser:"| @@ )"`
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
	tokTrue:       8,
	tokFalse:      9,
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
	"True":       8,
	"False":      9,
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
	return &tokenLexer{toks: s.lexAll(), src: text, withPos: true}, nil
}

func (d definition) LexString(filename string, s string) (lexer.Lexer, error) {
	return d.LexBytes(filename, []byte(s))
}

// tokenLexer feeds lexed tokens to participle, leaving out single '#'
// comments. The parser itself needs only token indexes (withPos false):
// positions and values are read back from the tokens when needed.
type tokenLexer struct {
	toks    []token
	src     string
	i       int
	withPos bool
}

func (l *tokenLexer) Next() (lexer.Token, error) {
	for l.i < len(l.toks)-1 && l.toks[l.i].kind == tokComment {
		l.i++
	}
	i := l.i
	if i < len(l.toks)-1 {
		l.i++
	}
	t := &l.toks[i]
	lt := lexer.Token{Type: tokenTypes[t.kind], Pos: lexer.Position{Offset: i}}
	if l.withPos {
		lt.Value = t.val
		lt.Pos.Filename = t.info.File
		lt.Pos.Line = t.info.Line
		lt.Pos.Column = column(l.src, t.lineStart, t.pos)
		if t.err != nil {
			lt.Value = t.err.Msg
		}
	}
	return lt, nil
}
