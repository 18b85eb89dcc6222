package gin

func (c *Context) Set(key string, value any) {}
func (c *Context) Next()                     {}
