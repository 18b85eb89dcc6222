package nofail_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"github.com/dbpoollint/dbpoollint/internal/nofail"
)

const src = `package p

type Level string
type Plain struct {
	Name   string
	On     bool
	N      int64
	Level  Level
	Tags   []string
	Limits map[string]uint8
	Next   *Leaf
	Inner  struct{ Key [4]byte }
}
type Leaf struct{ S string }
type Float struct{ F float64 }
type Iface struct{ X any }
type AnyKeys struct{ M map[any]string }
type IntKeys struct{ M map[int]string }
type Ch struct{ C chan int }
type Stamp struct{ S string }
func (*Stamp) MarshalJSON() ([]byte, error) { return nil, nil }
type Stamped struct{ S Stamp }
type Text string
func (Text) MarshalText() ([]byte, error) { return nil, nil }
type TextKeys struct{ M map[Text]int }
type Node struct{ Kids []*Node }
type Embeds struct{ Stamp }
`

func TestEncodes(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := new(types.Config).Check("p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{
		"Plain": true, "Leaf": true, "Level": true,
		"Float": false, "Iface": false, "AnyKeys": false, "IntKeys": false, "Ch": false,
		"Stamp": false, "Stamped": false, "Text": false, "TextKeys": false, "Node": false, "Embeds": false,
	} {
		typ := pkg.Scope().Lookup(name).Type()
		if got := nofail.Encodes(typ); got != want {
			t.Errorf("Encodes(%s) = %v, want %v", name, got, want)
		}
		if got := nofail.Encodes(types.NewPointer(typ)); got != want {
			t.Errorf("Encodes(*%s) = %v, want %v", name, got, want)
		}
	}
}
