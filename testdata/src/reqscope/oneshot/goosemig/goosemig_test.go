package goosemig

import (
	"context"
	"testing"
)

func TestUpOrders(t *testing.T) {
	if err := UpOrders(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if err := exec(context.Background(), nil, "SELECT 1"); err != nil {
		t.Fatal(err)
	}
}
