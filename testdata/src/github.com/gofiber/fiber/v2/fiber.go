// Package fiber is a minimal stub of github.com/gofiber/fiber/v2.
package fiber

import "context"

// RequestCtx stands in for *fasthttp.RequestCtx (which implements context.Context).
type RequestCtx struct{}

type Ctx struct{}

type Handler = func(*Ctx) error

type Router interface {
	Get(path string, handlers ...Handler) Router
	Post(path string, handlers ...Handler) Router
}

type App struct{}

func New() *App { return &App{} }

func (c *Ctx) Context() *RequestCtx                             { return nil }
func (c *Ctx) UserContext() context.Context                     { return context.Background() }
func (c *Ctx) Params(key string, defaultValue ...string) string { return "" }
func (c *Ctx) JSON(data interface{}) error                      { return nil }
func (c *Ctx) SendString(body string) error                     { return nil }

func (app *App) Get(path string, handlers ...Handler) Router  { return nil }
func (app *App) Post(path string, handlers ...Handler) Router { return nil }
func (app *App) Listen(addr string) error                     { return nil }
