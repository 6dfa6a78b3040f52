// Package cli stands in for github.com/urfave/cli/v2.
package cli

type Args interface {
	Get(n int) string
	First() string
	Tail() []string
	Len() int
	Slice() []string
}

type Context struct{ args Args }

func (c *Context) Args() Args { return c.args }
