package a

import (
	"net/http"

	"github.com/gin-gonic/gin"
	gormv1 "github.com/jinzhu/gorm"
)

// ConnectDB is a gin middleware that opens a gorm v1 pool per request and
// hands it to the handlers through the context.
func ConnectDB() gin.HandlerFunc {
	return func(c *gin.Context) {
		db, err := gormv1.Open("mysql", dsn) // want `^gorm\.Open in this gin handler opens a pool per request, so connections multiply under load; open one at startup$`
		if err != nil {
			panic(err)
		}
		defer db.Close()
		c.Set("DB", db)
		c.Next()
	}
}

// The idiomatic twin: the pool is opened once and handed to the middleware.
func SetDB(db *gormv1.DB) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set("DB", db)
		c.Next()
	}
}

func withDB(db *gormv1.DB, w http.ResponseWriter, r *http.Request) {
	v1, _ := gormv1.Open("postgres", dsn) // want `^gorm\.Open in this HTTP handler opens a pool per request, so connections multiply under load; open one at startup$`
	defer v1.Close()
}
