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
	dsn := fmt.Sprint("clickhouse://", host, ":9000/default")
	Dial(dsn)         // want `^the DSN passed to Dial is assembled by fmt.Sprint \(line 21\) from host: a value containing @ / \? & = or a space rewrites the connection parameters, e.g. adds \?allowAllFiles=true, tls=false, host=evil or sslmode=disable; build it with the driver's config struct, or with url.URL, url.UserPassword and url.QueryEscape$`
	c.Open("ch", dsn) // want `the DSN passed to Client.Open is assembled`
	s.Open("ch", dsn) // want `the DSN passed to Client.Open is assembled`
	o.Open("ch", dsn) // want `the DSN passed to Opener.Open is assembled`
	open := c.Open
	open("ch", dsn) // want `the DSN passed to Client.Open is assembled`
	Other(dsn)
	c.Open(dsn, "x")
}
