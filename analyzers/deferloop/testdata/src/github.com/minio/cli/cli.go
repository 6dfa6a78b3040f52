// Package cli stands in for github.com/minio/cli (a fork of urfave/cli v1).
package cli

type Args []string

type Context struct{ args Args }

func (c *Context) Args() Args { return c.args }

type App struct {
	Action func(c *Context) error
}
