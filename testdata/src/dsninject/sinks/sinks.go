package sinks

import "fmt"

type Client struct{}

func (c *Client) Open(name, dsn string) error { return nil }

// Service embeds Client: Open is promoted.
type Service struct{ *Client }

type Opener interface {
	Open(name, dsn string) error
}

func Dial(dsn string) error { return nil }

func Other(dsn string) error { return nil }

func use(c *Client, s Service, o Opener, host string) {
	dsn := fmt.Sprint("clickhouse://", host, ":9000/default") // want `^DSN for Dial built from host: a value with @ / \? & = or a space can break it; use the driver's config or url\.URL$`
	Dial(dsn)
	c.Open("ch", dsn)
	s.Open("ch", dsn)
	o.Open("ch", dsn)
	open := c.Open
	open("ch", dsn)
	Other(dsn)
	c.Open(dsn, "x")
}
