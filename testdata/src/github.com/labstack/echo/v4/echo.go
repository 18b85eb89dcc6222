// Package echo is a minimal stub of github.com/labstack/echo/v4.
package echo

import "net/http"

// Context is an interface and does not implement context.Context.
type Context interface {
	Request() *http.Request
	Response() http.ResponseWriter
	Param(name string) string
	QueryParam(name string) string
	JSON(code int, i interface{}) error
	String(code int, s string) error
}

type HandlerFunc func(c Context) error

type MiddlewareFunc func(next HandlerFunc) HandlerFunc

type Route struct{}

type Group struct{}

type Echo struct{}

func New() *Echo { return &Echo{} }

func (e *Echo) GET(path string, h HandlerFunc, m ...MiddlewareFunc) *Route    { return nil }
func (e *Echo) POST(path string, h HandlerFunc, m ...MiddlewareFunc) *Route   { return nil }
func (e *Echo) PUT(path string, h HandlerFunc, m ...MiddlewareFunc) *Route    { return nil }
func (e *Echo) DELETE(path string, h HandlerFunc, m ...MiddlewareFunc) *Route { return nil }
func (e *Echo) Group(prefix string, m ...MiddlewareFunc) *Group               { return nil }
func (e *Echo) Start(address string) error                                    { return nil }
func (g *Group) GET(path string, h HandlerFunc, m ...MiddlewareFunc) *Route   { return nil }
