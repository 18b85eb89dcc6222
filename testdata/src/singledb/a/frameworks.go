package a

import (
	"database/sql"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"github.com/labstack/echo/v4"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
)

// ---- gin ----------------------------------------------------------------------

func GetUser(c *gin.Context) {
	db := sqlx.MustConnect("postgres", dsn) // want `^sqlx\.MustConnect in this gin handler opens a pool per request, so connections multiply under load; open one at startup$`
	defer db.Close()
	var name string
	_ = db.GetContext(c, &name, "SELECT name FROM users WHERE id = $1", c.Param("id"))
}

func ginRoutes(r *gin.Engine, shared *sqlx.DB) {
	r.GET("/users", func(c *gin.Context) {
		pool, err := pgxpool.New(c, dsn) // want `^pgxpool\.New in this gin handler opens a pool per request, so connections multiply under load; open one at startup$`
		if err != nil {
			return
		}
		defer pool.Close()
		_ = pool.Ping(c)
	})
	r.GET("/users/count", func(c *gin.Context) {
		n, _ := loadTotals(c) // want `^loadTotals opens a pool per call, so one per request in this gin handler: connections multiply under load; pass it a \*sql\.DB$`
		c.JSON(200, n)
	})
	// The idiomatic twin: the pool is opened once and shared.
	r.GET("/users/shared", func(c *gin.Context) {
		var n int
		_ = shared.GetContext(c, &n, "SELECT count(*) FROM users")
	})
}

// ginBind takes the request's context but is not a handler: a helper with
// other parameters is not recognized (its caller is).
func ginBind(c *gin.Context, id int) *sql.DB {
	db, _ := sql.Open("postgres", dsn)
	return db
}

// ---- echo ---------------------------------------------------------------------

func ListItems(c echo.Context) error {
	db, err := sql.Open("postgres", dsn) // want `^sql\.Open in this echo handler opens a pool per request, so connections multiply under load; open one at startup$`
	if err != nil {
		return err
	}
	defer db.Close()
	return c.JSON(200, db.QueryRowContext(c.Request().Context(), "SELECT 1"))
}

func echoRoutes(e *echo.Echo) {
	e.GET("/items/:id", func(c echo.Context) error {
		g, err := gorm.Open(mysql.Open(dsn), &gorm.Config{}) // want `^gorm\.Open in this echo handler opens a pool per request, so connections multiply under load; open one at startup$`
		if err != nil {
			return err
		}
		g.Raw("SELECT 1")
		return nil
	})
}

// ---- fiber --------------------------------------------------------------------

func fiberRoutes(app *fiber.App) {
	app.Get("/health", func(c *fiber.Ctx) error {
		return stats(c.UserContext()) // want `^stats opens a pool per call, so one per request in this fiber handler: connections multiply under load; pass it a \*pgxpool\.Pool$`
	})
	app.Post("/pay", Pay)
}

func Pay(c *fiber.Ctx) error {
	db, err := sql.Open("postgres", dsn) // want `^sql\.Open in this fiber handler opens a pool per request, so connections multiply under load; open one at startup$`
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(c.UserContext(), "INSERT INTO payments DEFAULT VALUES")
	return err
}

// ---- a router this package does not know ---------------------------------------

type rpcCtx struct{}

type router struct{}

func (*router) POST(path string, h func(*rpcCtx)) {}
func (*router) Walk(root string, fn func(string)) {}

func legacyCreate(c *rpcCtx) {
	db, _ := sql.Open("postgres", dsn) // want `^sql\.Open in this route handler opens a pool per request, so connections multiply under load; open one at startup$`
	defer db.Close()
	_ = db.Ping()
}

func customRoutes(rt *router) {
	rt.POST("/legacy", legacyCreate)
	rt.Walk("/var/lib/app", func(path string) {
		db, _ := sql.Open("postgres", dsn) // silent: not a route
		defer db.Close()
		_ = db.Ping()
	})
}
