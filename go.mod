module github.com/qapi-gen/qapi-gen

go 1.24

require (
	github.com/alecthomas/participle/v2 v2.1.4
	github.com/dave/jennifer v1.7.1
)
