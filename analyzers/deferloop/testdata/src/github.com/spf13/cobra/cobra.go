// Package cobra stands in for github.com/spf13/cobra.
package cobra

type Command struct {
	Use  string
	RunE func(cmd *Command, args []string) error
}
