// Package gin is a minimal stub of github.com/gin-gonic/gin.
package gin

import (
	"net/http"
	"time"
)

// Context implements context.Context, as the real type does.
type Context struct {
	Request *http.Request
	Writer  http.ResponseWriter
}

type HandlerFunc func(*Context)

type H map[string]any

type RouterGroup struct{}

type Engine struct {
	RouterGroup
}

func New() *Engine     { return &Engine{} }
func Default() *Engine { return &Engine{} }

func (c *Context) Deadline() (deadline time.Time, ok bool)       { return }
func (c *Context) Done() <-chan struct{}                         { return nil }
func (c *Context) Err() error                                    { return nil }
func (c *Context) Value(key any) any                             { return nil }
func (c *Context) JSON(code int, obj any)                        {}
func (c *Context) String(code int, format string, values ...any) {}
func (c *Context) Param(key string) string                       { return "" }
func (c *Context) Query(key string) string                       { return "" }
func (c *Context) AbortWithError(code int, err error) any        { return nil }

func (group *RouterGroup) GET(relativePath string, handlers ...HandlerFunc) *RouterGroup {
	return group
}
func (group *RouterGroup) POST(relativePath string, handlers ...HandlerFunc) *RouterGroup {
	return group
}
func (group *RouterGroup) PUT(relativePath string, handlers ...HandlerFunc) *RouterGroup {
	return group
}
func (group *RouterGroup) DELETE(relativePath string, handlers ...HandlerFunc) *RouterGroup {
	return group
}
func (group *RouterGroup) Handle(method, relativePath string, handlers ...HandlerFunc) *RouterGroup {
	return group
}
func (group *RouterGroup) Group(relativePath string, handlers ...HandlerFunc) *RouterGroup {
	return group
}
func (engine *Engine) Run(addr ...string) error { return nil }
