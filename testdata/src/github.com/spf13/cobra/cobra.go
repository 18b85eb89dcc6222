// Package cobra is a minimal stub of github.com/spf13/cobra.
package cobra

import "context"

type Command struct {
	Use      string
	Run      func(cmd *Command, args []string)
	RunE     func(cmd *Command, args []string) error
	PreRunE  func(cmd *Command, args []string) error
	PostRunE func(cmd *Command, args []string) error
}

func (c *Command) Context() context.Context    { return nil }
func (c *Command) AddCommand(cmds ...*Command) {}
func (c *Command) Execute() error              { return nil }
