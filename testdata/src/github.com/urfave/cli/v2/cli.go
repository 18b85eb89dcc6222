// Package cli is a minimal stub of github.com/urfave/cli/v2.
package cli

import "context"

// Context embeds the context the app runs with.
type Context struct {
	context.Context
}

type ActionFunc func(*Context) error
type BeforeFunc func(*Context) error

type Command struct {
	Name   string
	Action ActionFunc
	Before BeforeFunc
}

type App struct {
	Commands []*Command
	Action   ActionFunc
}

func (a *App) Run(args []string) error { return nil }
